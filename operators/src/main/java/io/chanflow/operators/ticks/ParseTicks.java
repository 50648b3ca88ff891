package io.chanflow.operators.ticks;

import io.chanflow.state.feed.Reject;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.EnumMap;
import java.util.Map;

/**
 * Stateless first stage after the source: the source has already parsed each payload (JSON or CSV
 * line, see {@link TickDeserializer}) so that it can assign per-partition watermarks; this routes
 * the result: good ticks on, anything unusable to the {@link #DEAD_LETTERS} side output with its
 * reason, counted (web UI metrics {@code chanflow.ticksParsed}, {@code chanflow.deadLetters} and
 * {@code chanflow.deadLetter.<REASON>}).
 */
public final class ParseTicks extends ProcessFunction<TickParser.Result, ParsedTick> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") { };

    private transient Counter parsed;
    private transient DeadLetterCounters dead;

    @Override
    public void open(OpenContext ctx) {
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("chanflow");
        parsed = g.counter("ticksParsed");
        dead = new DeadLetterCounters(g);
    }

    @Override
    public void processElement(TickParser.Result r, Context ctx, Collector<ParsedTick> out) {
        if (r.tick() != null) {
            parsed.inc();
            out.collect(r.tick());
        } else if (r.dead() != null) {
            dead.count(r.dead().reason());
            ctx.output(DEAD_LETTERS, r.dead());
        }
    }

    /** One counter for all dead letters plus one per reason, registered up front so they show at 0. */
    public static final class DeadLetterCounters {
        private final Counter all;
        private final Map<Reject, Counter> byReason = new EnumMap<>(Reject.class);

        public DeadLetterCounters(MetricGroup g) {
            all = g.counter("deadLetters");
            MetricGroup r = g.addGroup("deadLetter");
            for (Reject reason : Reject.values()) {
                byReason.put(reason, r.counter(reason.name()));
            }
        }

        public void count(Reject reason) {
            all.inc();
            byReason.get(reason).inc();
        }
    }
}
