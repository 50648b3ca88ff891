package io.chanflow.state.outcome;

import io.chanflow.state.Bar;
import io.chanflow.state.BspType;
import io.chanflow.state.ChanEvent;
import io.chanflow.state.ChanState;
import io.chanflow.state.bars.BarLevel;
import io.chanflow.state.signals.Signal;

import java.util.List;
import java.util.Set;

/**
 * The feature schema of a buy/sell point and its computation. The table with meanings and ranges
 * is {@code docs/features.md}; {@link #NAMES} is its order. Bump {@link #SCHEMA_VERSION} whenever a
 * name, its meaning or the order changes: models trained on one schema must not read another.
 *
 * <p>No look-ahead: {@link #compute} reads the engine, the indicator window and the higher level
 * exactly as they are after the confirming bar, and checks that the engine and the window have
 * seen that bar and nothing after it.
 */
public final class Features {
    public static final int SCHEMA_VERSION = 1;

    public static final List<String> NAMES = List.of(
            "type_1", "type_1p", "type_2", "type_2s", "type_3a", "type_3b",
            "is_buy", "scope_seg", "level",
            "divergence", "has_divergence",
            "pivot_count", "pivot_pos", "has_pivot",
            "stroke_dir", "stroke_amp_pct", "stroke_bars",
            "seg_dir", "seg_amp_pct", "seg_bars",
            "higher_dir", "nested",
            "confirm_lag_bars", "risk_pct",
            "macd_hist_pct", "rsi14", "atr14_pct", "bb_pct_b", "volume_z", "window_bars");

    /** Clamp of the unbounded ratios (divergence, pivot position): keeps a degenerate line or pivot from dominating. */
    static final double RATIO_CLAMP = 10;

    private Features() {
    }

    /**
     * The features of the point of {@code s} as of {@code bar}, the bar that caused {@code s}.
     *
     * @param chan the engine of the point's symbol and level, after {@code bar}
     * @param window the same level's indicator window, after {@code bar}
     * @param higher the next-higher level as of now ({@link HigherLevelView#NONE} at the top)
     */
    public static FeatureVector compute(Signal s, Bar bar, ChanState chan, IndicatorWindow window,
                                        HigherLevelView higher) {
        if (s.causeTime() != bar.time() || chan.lastBarTime() != bar.time() || window.lastTime() != bar.time()) {
            throw new IllegalArgumentException("features of " + s.id() + " must be computed on its cause bar "
                    + s.causeTime() + " with the engine and window at that bar (bar " + bar.time() + ", engine "
                    + chan.lastBarTime() + ", window " + window.lastTime() + ")");
        }
        double[] f = new double[NAMES.size()];
        boolean seg = "seg".equals(s.scope());
        ChanEvent.BspLevel scope = seg ? ChanEvent.BspLevel.SEG : ChanEvent.BspLevel.BI;
        ChanState.PointView p = chan.point(scope, s.pointTime(), s.buy());
        Set<BspType> types = p != null ? p.types() : Set.of(BspType.fromLabel(s.type()));
        for (BspType t : types) {
            f[t.ordinal()] = 1;
        }
        double close = bar.close();
        double base = Math.abs(close);
        int i = 6;
        f[i++] = s.buy() ? 1 : 0;
        f[i++] = seg ? 1 : 0;
        f[i++] = BarLevel.ofLabel(s.level()).ordinal();

        double div = p != null ? p.divergenceRate() : Double.NaN;
        f[i++] = Double.isFinite(div) ? clamp(div) : 0;
        f[i++] = Double.isFinite(div) ? 1 : 0;

        // pivots of the point's scope: those that begin inside the parent line holding the point, up to the point
        List<ChanEvent.Pivot> pivots = chan.pivots(seg ? ChanEvent.PivotLevel.SEG : ChanEvent.PivotLevel.BI);
        List<ChanEvent.Line> parents = chan.lines(seg ? ChanEvent.LineLevel.SEGSEG : ChanEvent.LineLevel.SEG);
        long parentBegin = Long.MIN_VALUE;
        for (ChanEvent.Line l : parents) {
            if (l.beginTime() <= s.pointTime()) {
                parentBegin = l.beginTime();
            }
        }
        int count = 0;
        ChanEvent.Pivot lastPivot = null;
        for (ChanEvent.Pivot z : pivots) {
            if (z.beginTime() <= s.pointTime()) {
                lastPivot = z;
                if (z.beginTime() >= parentBegin) {
                    count++;
                }
            }
        }
        f[i++] = count;
        double width = lastPivot == null ? 0 : lastPivot.high() - lastPivot.low();
        f[i++] = lastPivot != null && width > 0 ? clamp((close - lastPivot.low()) / width) : 0;
        f[i++] = lastPivot != null ? 1 : 0;

        i = line(f, i, chan.lines(ChanEvent.LineLevel.BI), base);
        i = line(f, i, chan.lines(ChanEvent.LineLevel.SEG), base);

        f[i++] = higher.direction();
        f[i++] = higher.nestedConfirmation(s.buy(), s.pointTime()) ? 1 : 0;

        f[i++] = p != null ? Math.max(0, s.causeBar() - p.bar()) : 0;
        f[i++] = base > 0 ? (s.buy() ? close - s.price() : s.price() - close) / base * 100 : 0;

        IndicatorWindow.Values v = window.values();
        f[i++] = v.macdHistPct();
        f[i++] = v.rsi();
        f[i++] = v.atrPct();
        f[i++] = v.percentB();
        f[i++] = v.volumeZ();
        f[i++] = v.bars();
        if (i != f.length) {
            throw new IllegalStateException("filled " + i + " of " + f.length + " features");
        }
        return new FeatureVector(SCHEMA_VERSION, f);
    }

    /** Direction (+1/-1, 0 if none), amplitude in % of {@code base} and length in bars of the last line. */
    private static int line(double[] f, int i, List<ChanEvent.Line> lines, double base) {
        if (lines.isEmpty()) {
            return i + 3;
        }
        ChanEvent.Line l = lines.get(lines.size() - 1);
        f[i] = l.up() ? 1 : -1;
        f[i + 1] = base > 0 ? Math.abs(l.endPrice() - l.beginPrice()) / base * 100 : 0;
        f[i + 2] = l.endBar() - l.beginBar();
        return i + 3;
    }

    private static double clamp(double v) {
        return Math.max(-RATIO_CLAMP, Math.min(RATIO_CLAMP, v));
    }
}
