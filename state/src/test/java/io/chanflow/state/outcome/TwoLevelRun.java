package io.chanflow.state.outcome;

import io.chanflow.state.Bar;
import io.chanflow.state.ChanConfig;
import io.chanflow.state.TestData;
import io.chanflow.state.signals.LevelChan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test driver: one symbol on a level and its next-higher level, fed the way the operator feeds
 * them (a higher bar is given to its engine once it is closed, i.e. before the first lower bar that
 * starts at or after the next higher bar's start), with {@link LevelOutcomes} on the lower level.
 * Optionally round-trips every state through its bytes every {@code restoreEvery} lower bars.
 */
final class TwoLevelRun {
    /** A CONFIRMED point with its features and the lower bar whose processing emitted it. */
    record Confirmed(String signalId, long causeTime, FeatureVector features, long emittedAt) { }

    /** A closed trade and the lower bar whose processing emitted it. */
    record Closed(LabeledPoint point, long emittedAt) { }

    record Result(List<Confirmed> confirmed, List<Closed> closed, int maxOpen, long evictions, int windowBytes,
                  int trackerBytesMax) { }

    static final ChanConfig CONFIG = ChanConfig.of(Map.of());

    private TwoLevelRun() {
    }

    static List<Bar> bars(String file) throws IOException {
        List<Bar> out = new ArrayList<>();
        for (TestData.Row r : TestData.readBars(TestData.real(file))) {
            out.add(r.bar());
        }
        return out;
    }

    static Result run(String symbol, String lowerLevel, List<Bar> lower, String higherLevel, List<Bar> higher,
                      OutcomeRules rules, int restoreEvery) {
        LevelChan lo = LevelChan.create(symbol, lowerLevel, CONFIG);
        LevelChan hi = LevelChan.create(symbol, higherLevel, CONFIG);
        LevelOutcomes out = LevelOutcomes.create(symbol, lowerLevel, rules);
        List<Confirmed> confirmed = new ArrayList<>();
        List<Closed> closed = new ArrayList<>();
        int maxOpen = 0;
        int trackerMax = 0;
        int h = 0;
        for (int i = 0; i < lower.size(); i++) {
            Bar b = lower.get(i);
            while (h < higher.size() && h + 1 < higher.size() && higher.get(h + 1).time() <= b.time()) {
                hi.onBar(higher.get(h++));
            }
            LevelChan.Output res = lo.onBar(b);
            LevelChan higherNow = hi;
            LevelOutcomes.Output o = out.onBar(b, res.signals(), lo, () -> HigherLevelView.of(higherNow));
            for (LevelOutcomes.ConfirmedPoint c : o.confirmed()) {
                confirmed.add(new Confirmed(c.signal().id(), c.signal().causeTime(), c.features(), b.time()));
            }
            for (LabeledPoint p : o.closed()) {
                closed.add(new Closed(p, b.time()));
            }
            maxOpen = Math.max(maxOpen, out.tracker().openTrades());
            if (restoreEvery > 0 && i % restoreEvery == restoreEvery - 1) {
                byte[] ob = out.toBytes();
                trackerMax = Math.max(trackerMax, out.tracker().toBytes().length);
                out = LevelOutcomes.fromBytes(ob, symbol, lowerLevel, rules);
                lo = LevelChan.fromBytes(lo.toBytes(), symbol, lowerLevel, CONFIG);
                hi = LevelChan.fromBytes(hi.toBytes(), symbol, higherLevel, CONFIG);
            }
        }
        return new Result(confirmed, closed, maxOpen, out.tracker().evictions(), out.window().toBytes().length,
                trackerMax);
    }
}
