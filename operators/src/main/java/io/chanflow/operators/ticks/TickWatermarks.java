package io.chanflow.operators.ticks;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded-out-of-orderness watermarks emitted from the ticks themselves (punctuated): after a tick
 * whose time moves the watermark {@code maxTs - bound - 1} forward by at least {@code stepMs}.
 * Unlike periodic emission, where a watermark falls between ticks depends only on the ticks, so on
 * one input split a replay gives the same bar closes — and the same late ticks — every time. Used
 * inside the sources, one generator per split (Kafka partition), so splits never race each other.
 */
public final class TickWatermarks implements WatermarkGenerator<TickParser.Result> {
    private final long bound;
    private final long stepMs;
    private long maxTs = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    public TickWatermarks(long boundMs, long stepMs) {
        this.bound = boundMs;
        this.stepMs = stepMs;
    }

    @Override
    public void onEvent(TickParser.Result r, long ts, WatermarkOutput out) {
        if (r.tick() != null) {
            onTimestamp(ts, out);
        }
    }

    /** The rule on its own: a good tick at {@code ts} was seen. Dead letters and skipped lines never move the watermark. */
    public void onTimestamp(long ts, WatermarkOutput out) {
        if (ts <= maxTs) {
            return;
        }
        maxTs = ts;
        long wm = maxTs - bound - 1;
        if (emitted == Long.MIN_VALUE || wm >= emitted + stepMs) {
            emitted = wm;
            out.emitWatermark(new Watermark(wm));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput out) {
        // punctuated only: a periodic watermark would make bar closes depend on wall-clock timing
    }
}
