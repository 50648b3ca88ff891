package io.chanflow.state.outcome;

import io.chanflow.state.Bar;
import io.chanflow.state.signals.LevelChan;
import io.chanflow.state.signals.Signal;
import io.chanflow.state.signals.SignalStatus;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Features and outcomes of one symbol on one level: the {@link IndicatorWindow} and the
 * {@link OutcomeTracker}, kept beside that level's {@link LevelChan} as one more {@code byte[]}.
 *
 * <p>Per closed bar, after {@code LevelChan.onBar(bar)}:
 * <pre>{@code
 *   LevelChan.Output res = chan.onBar(bar);
 *   LevelOutcomes.Output o = outcomes.onBar(bar, res.signals(), chan, () -> HigherLevelView.of(higherChan));
 *   o.confirmed()  // the features of each CONFIRMED signal of this bar (to score it)
 *   o.closed()     // trades closed by this bar, with the features of their entry (to learn from)
 * }</pre>
 * The higher view is asked for only when the bar confirms a point, so an operator reads the higher
 * level's state rarely.
 */
public final class LevelOutcomes {
    private static final int MAGIC = 0x43484f4c; // "CHOL"

    /** A CONFIRMED signal of this bar with the features of its point. */
    public record ConfirmedPoint(Signal signal, FeatureVector features) { }

    /** What one closed bar caused. */
    public record Output(List<ConfirmedPoint> confirmed, List<LabeledPoint> closed) {
        public static final Output EMPTY = new Output(List.of(), List.of());
    }

    private final String symbol;
    private final String level;
    private final IndicatorWindow window;
    private final OutcomeTracker tracker;

    private LevelOutcomes(String symbol, String level, IndicatorWindow window, OutcomeTracker tracker) {
        this.symbol = symbol;
        this.level = level;
        this.window = window;
        this.tracker = tracker;
    }

    public static LevelOutcomes create(String symbol, String level, OutcomeRules rules) {
        return new LevelOutcomes(symbol, level, new IndicatorWindow(), new OutcomeTracker(symbol, level, rules));
    }

    public IndicatorWindow window() {
        return window;
    }

    public OutcomeTracker tracker() {
        return tracker;
    }

    /**
     * Feeds one closed bar and the signals it caused in {@code chan}, which must already have
     * been given that bar.
     *
     * @param higher the next-higher level's view, asked for at most once, only when a point is confirmed
     */
    public Output onBar(Bar bar, List<Signal> signals, LevelChan chan, Supplier<HigherLevelView> higher) {
        if (!chan.symbol().equals(symbol) || !chan.level().equals(level)) {
            throw new IllegalArgumentException("engine of " + chan.symbol() + " " + chan.level() + " given to the outcomes of "
                    + symbol + " " + level);
        }
        if (chan.state().lastBarTime() != bar.time()) {
            throw new IllegalArgumentException("feed the bar at " + bar.time() + " to its LevelChan first (its last bar is "
                    + chan.state().lastBarTime() + ")");
        }
        window.push(bar);
        List<LabeledPoint> closed = tracker.onBar(bar);
        if (signals.isEmpty()) {
            return closed.isEmpty() ? Output.EMPTY : new Output(List.of(), closed);
        }
        closed = new ArrayList<>(closed);
        List<ConfirmedPoint> confirmed = new ArrayList<>(0);
        Map<String, FeatureVector> byPoint = new HashMap<>();
        HigherLevelView view = null;
        for (Signal s : signals) {
            FeatureVector f = null;
            if (s.status() == SignalStatus.CONFIRMED) {
                String point = s.scope() + '/' + s.pointTime() + '/' + s.buy();
                f = byPoint.get(point);
                if (f == null) {
                    if (view == null) {
                        view = Objects.requireNonNull(higher.get(), "higher-level view");
                    }
                    f = Features.compute(s, bar, chan.state(), window, view);
                    byPoint.put(point, f);
                }
                confirmed.add(new ConfirmedPoint(s, f));
            }
            closed.addAll(tracker.onSignal(s, bar, f));
        }
        return new Output(confirmed, closed);
    }

    /** Window and tracker, each length-prefixed. */
    public byte[] toBytes() {
        byte[] w = window.toBytes();
        byte[] t = tracker.toBytes();
        return ByteBuffer.allocate(12 + w.length + t.length)
                .putInt(MAGIC).putInt(w.length).put(w).putInt(t.length).put(t).array();
    }

    /** Restores what {@link #toBytes()} wrote; {@code rules} apply from here on. */
    public static LevelOutcomes fromBytes(byte[] bytes, String symbol, String level, OutcomeRules rules) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 12 || b.getInt() != MAGIC) {
            throw new IllegalArgumentException("not an outcomes state of " + symbol + " " + level + " (bad magic)");
        }
        byte[] w = new byte[b.getInt()];
        b.get(w);
        byte[] t = new byte[b.getInt()];
        b.get(t);
        return new LevelOutcomes(symbol, level, IndicatorWindow.fromBytes(w),
                OutcomeTracker.fromBytes(t, symbol, level, rules));
    }
}
