package io.chanflow.state.bars;

import io.chanflow.state.Bar;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One symbol's forming bars on all 8 levels; the 1m bar is built from ticks, higher levels are
 * folded from closed 1m bars. Mutable, compact, serializable: what a keyed Flink function holds per
 * symbol.
 *
 * <p>Contract:
 * <ul>
 *   <li>A bar's open is the price of the first tick added, close that of the last one, high/low the
 *       extremes, volume the sum of sizes and ticks their count; a higher-level bar takes the same
 *       from its closed 1m bars, in time order. A window without ticks yields no bar.</li>
 *   <li>A bar closes when a tick arrives for a later 1m window or a watermark reaches its end, and
 *       is emitted exactly once. Closed bars come in close order: ascending end, and for equal ends
 *       the lower level first. (Ends do not follow the level order: a week may end before or after
 *       its month.)</li>
 *   <li>Ticks must arrive in order across 1m windows; within the forming minute any order is fine.
 *       Time before the <em>frontier</em> is closed for good: the frontier is the latest of the last
 *       closed 1m bar's end, the forming 1m bar's start and the last watermark. It goes beyond
 *       "the end of the last closed 1m bar" because a tick for a later minute or a watermark may
 *       already have closed a higher-level bar covering earlier, empty minutes; accepting a tick there
 *       would re-open an emitted bar.</li>
 * </ul>
 * Deterministic: nothing depends on wall-clock time, the default zone or hash order.
 */
public final class BarAggregator {

    /** A finished bar of one level; {@code start}/{@code end} are its window, not its first/last tick. */
    public record ClosedBar(BarLevel level, long start, long end, double open, double high, double low, double close,
                            double volume, int ticks) {
        public ClosedBar {
            if (level == null) {
                throw new IllegalArgumentException("closed bar at " + start + ": level must not be null");
            }
            if (end <= start) {
                throw new IllegalArgumentException("closed " + level.label() + " bar at " + start + ": end " + end
                        + " must be after start");
            }
            if (ticks <= 0) {
                throw new IllegalArgumentException("closed " + level.label() + " bar at " + start
                        + ": ticks must be > 0 (empty windows yield no bar), got " + ticks);
            }
        }

        /** The engine's input bar, stamped with the window start. */
        public Bar toBar() {
            return new Bar(start, open, high, low, close, volume);
        }
    }

    static final int MAGIC = 0x43464241; // "CFBA"
    static final byte VERSION = 1;
    private static final BarLevel[] LEVELS = BarLevel.values();
    private static final int N = LEVELS.length;
    private static final int BAR_BYTES = 2 * Long.BYTES + 5 * Double.BYTES + Integer.BYTES;

    private final TradingCalendar cal;
    /** No tick before this instant may be added; see the class comment. */
    private long frontier = Long.MIN_VALUE;
    // The forming bar of each level, by BarLevel ordinal; ticks[i] == 0 means none is forming.
    private final long[] start = new long[N];
    private final long[] end = new long[N];
    private final double[] open = new double[N];
    private final double[] high = new double[N];
    private final double[] low = new double[N];
    private final double[] close = new double[N];
    private final double[] volume = new double[N];
    private final int[] ticks = new int[N];

    public BarAggregator(TradingCalendar cal) {
        if (cal == null) {
            throw new IllegalArgumentException("bar aggregator: calendar must not be null");
        }
        this.cal = cal;
    }

    /**
     * Adds a tick that is in session. Returns the bars closed because the tick starts a later 1m
     * window (and the higher levels that thereby close), in close order.
     *
     * @throws IllegalArgumentException if the tick is outside the session or before the frontier
     *                                  (check {@link #acceptsTime} and {@link TradingCalendar#inSession} first)
     */
    public List<ClosedBar> onTick(Tick t) {
        long ts = t.ts();
        if (!acceptsTime(ts)) {
            throw new IllegalArgumentException("tick " + t.symbol() + " at " + Instant.ofEpochMilli(ts)
                    + " is late: bars up to " + Instant.ofEpochMilli(frontier) + " are closed");
        }
        int m1 = BarLevel.M1.ordinal();
        if (ticks[m1] > 0 && ts >= start[m1] && ts < end[m1]) {
            add(m1, t.price(), t.price(), t.price(), t.size(), 1);
            return List.of();
        }
        TradingCalendar.Window w = cal.window(BarLevel.M1, ts);
        if (w == null) {
            throw new IllegalArgumentException("tick " + t.symbol() + " at " + Instant.ofEpochMilli(ts)
                    + " is outside the sessions of " + cal.spec());
        }
        // The forming 1m bar (if any) starts at or before the frontier and does not contain ts, so it
        // ends at or before w.start: everything ending by then is complete.
        List<ClosedBar> out = new ArrayList<>();
        closeUpTo(w.start(), out);
        frontier = Math.max(frontier, w.start());
        begin(m1, w.start(), w.end(), t.price(), t.price(), t.price(), t.price(), t.size(), 1);
        return out;
    }

    /** Closes every forming bar whose window end is at or before {@code watermark} (event time), in close order. */
    public List<ClosedBar> onWatermark(long watermark) {
        List<ClosedBar> out = new ArrayList<>();
        closeUpTo(watermark, out);
        frontier = Math.max(frontier, watermark);
        return out;
    }

    /** Smallest window end among forming bars, or {@code Long.MAX_VALUE} when none: the next event-time timer. */
    public long nextCloseTime() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < N; i++) {
            if (ticks[i] > 0) {
                min = Math.min(min, end[i]);
            }
        }
        return min;
    }

    /**
     * Whether a tick at {@code ts} can still be added: {@code ts} is not before the end of the last
     * closed 1m bar, the start of the forming 1m bar or the last watermark. Says nothing about the
     * session.
     */
    public boolean acceptsTime(long ts) {
        return ts >= frontier;
    }

    /** Compact versioned binary form: magic, version, calendar hash, frontier, then the forming bars. */
    public byte[] toBytes() {
        int present = 0;
        int mask = 0;
        for (int i = 0; i < N; i++) {
            if (ticks[i] > 0) {
                present++;
                mask |= 1 << i;
            }
        }
        ByteBuffer b = ByteBuffer.allocate(Integer.BYTES + 1 + 2 * Long.BYTES + 1 + present * BAR_BYTES);
        b.putInt(MAGIC).put(VERSION).putLong(calendarHash(cal)).putLong(frontier).put((byte) mask);
        for (int i = 0; i < N; i++) {
            if (ticks[i] > 0) {
                b.putLong(start[i]).putLong(end[i]).putDouble(open[i]).putDouble(high[i]).putDouble(low[i])
                        .putDouble(close[i]).putDouble(volume[i]).putInt(ticks[i]);
            }
        }
        return b.array();
    }

    /**
     * Restores {@link #toBytes()}'s output. {@code cal} must be the calendar the state was written
     * with: the forming windows were computed from it.
     */
    public static BarAggregator fromBytes(byte[] bytes, TradingCalendar cal) {
        BarAggregator a = new BarAggregator(cal);
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.getInt() != MAGIC) {
                throw new IllegalArgumentException("not a ChanFlow bar aggregator state (bad magic)");
            }
            byte v = b.get();
            if (v != VERSION) {
                throw new IllegalArgumentException("unsupported bar aggregator state version " + v
                        + " (this build reads " + VERSION + ")");
            }
            if (b.getLong() != calendarHash(cal)) {
                throw new IllegalArgumentException("bar aggregator state was written with another trading calendar than "
                        + cal.spec());
            }
            a.frontier = b.getLong();
            int mask = b.get() & 0xff;
            for (int i = 0; i < N; i++) {
                if ((mask & (1 << i)) != 0) {
                    a.begin(i, b.getLong(), b.getLong(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(),
                            b.getDouble(), b.getInt());
                    if (a.ticks[i] <= 0 || a.end[i] <= a.start[i]) {
                        throw new IllegalArgumentException("corrupt bar aggregator state: bad " + LEVELS[i].label() + " bar");
                    }
                }
            }
            if (b.hasRemaining()) {
                throw new IllegalArgumentException("bar aggregator state has " + b.remaining() + " trailing bytes");
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("corrupt bar aggregator state: truncated", e);
        }
        return a;
    }

    /**
     * Closes the forming 1m bar if it ends by {@code limit} and folds it into the higher levels, then
     * closes the higher bars that end by {@code limit}, ordered by end then level.
     */
    private void closeUpTo(long limit, List<ClosedBar> out) {
        int m1 = BarLevel.M1.ordinal();
        if (ticks[m1] > 0 && end[m1] <= limit) {
            ClosedBar bar = take(m1);
            out.add(bar);
            for (int i = m1 + 1; i < N; i++) {
                fold(i, bar);
            }
        }
        List<Integer> due = new ArrayList<>(N);
        for (int i = m1 + 1; i < N; i++) {
            if (ticks[i] > 0 && end[i] <= limit) {
                due.add(i);
            }
        }
        due.sort(Comparator.<Integer>comparingLong(i -> end[i]).thenComparingInt(i -> i));
        for (int i : due) {
            out.add(take(i));
        }
    }

    private void fold(int i, ClosedBar m) {
        if (ticks[i] == 0) {
            TradingCalendar.Window w = cal.window(LEVELS[i], m.start());
            begin(i, w.start(), w.end(), m.open(), m.high(), m.low(), m.close(), m.volume(), m.ticks());
            return;
        }
        // This higher bar began with an earlier 1m bar and, like every forming bar after each public
        // call, ends after the frontier, which was at or after this 1m bar's start when it began;
        // windows nest, so the 1m bar lies inside. Anything else is a bug in the closing logic.
        if (m.start() < start[i] || m.end() > end[i]) {
            throw new IllegalStateException("1m bar [" + m.start() + ", " + m.end() + ") is outside the forming "
                    + LEVELS[i].label() + " bar [" + start[i] + ", " + end[i] + ")");
        }
        add(i, m.high(), m.low(), m.close(), m.volume(), m.ticks());
    }

    private void begin(int i, long s, long e, double o, double h, double l, double c, double v, int n) {
        start[i] = s;
        end[i] = e;
        open[i] = o;
        high[i] = h;
        low[i] = l;
        close[i] = c;
        volume[i] = v;
        ticks[i] = n;
    }

    private void add(int i, double h, double l, double c, double v, int n) {
        high[i] = Math.max(high[i], h);
        low[i] = Math.min(low[i], l);
        close[i] = c;
        volume[i] += v;
        ticks[i] += n;
    }

    private ClosedBar take(int i) {
        ClosedBar b = new ClosedBar(LEVELS[i], start[i], end[i], open[i], high[i], low[i], close[i], volume[i], ticks[i]);
        ticks[i] = 0;
        return b;
    }

    /** FNV-1a over the calendar's spec: detects a restore with another calendar in 8 bytes. */
    private static long calendarHash(TradingCalendar cal) {
        long h = 0xcbf29ce484222325L;
        for (byte x : cal.spec().getBytes(StandardCharsets.UTF_8)) {
            h ^= x & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
