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
 *   <li>A bar closes only when a watermark reaches its end (never because a later tick arrived, so
 *       ticks out of order within the watermark bound are fine), and is emitted exactly once. Closed bars come in close order: ascending end, and for equal ends
 *       the lower level first. (Ends do not follow the level order: a week may end before or after
 *       its month.)</li>
 *   <li>Ticks may arrive in any order at or after the <em>frontier</em>, the last watermark: several
 *       1m bars may be forming at once. Time before the frontier is closed for good (every window
 *       ending by then has been emitted); the caller dead-letters such ticks as late.</li>
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
    static final byte VERSION = 2;
    private static final BarLevel[] LEVELS = BarLevel.values();
    private static final int N = LEVELS.length;
    private static final int M1 = BarLevel.M1.ordinal();
    private static final int BAR_BYTES = 2 * Long.BYTES + 5 * Double.BYTES + Integer.BYTES;

    private final TradingCalendar cal;
    /** No tick before this instant may be added: the last watermark this aggregator closed up to. */
    private long frontier = Long.MIN_VALUE;
    /**
     * Forming 1m bars, ascending by start. Usually one; more while ticks of later minutes arrive
     * before the watermark has passed the earlier minute (out-of-order delivery within the bound).
     */
    private final List<Forming> minutes = new ArrayList<>(4);
    /** The forming bar of each higher level, by BarLevel ordinal (index 0 unused). */
    private final Forming[] higher = new Forming[N];

    /** A forming bar: mutable, private. */
    private static final class Forming {
        final long start;
        final long end;
        final double open;
        double high;
        double low;
        double close;
        double volume;
        int ticks;

        Forming(long start, long end, double open, double high, double low, double close, double volume, int ticks) {
            this.start = start;
            this.end = end;
            this.open = open;
            this.high = high;
            this.low = low;
            this.close = close;
            this.volume = volume;
            this.ticks = ticks;
        }

        void add(double h, double l, double c, double v, int n) {
            high = Math.max(high, h);
            low = Math.min(low, l);
            close = c;
            volume += v;
            ticks += n;
        }

        ClosedBar close(BarLevel level) {
            return new ClosedBar(level, start, end, open, high, low, close, volume, ticks);
        }
    }

    public BarAggregator(TradingCalendar cal) {
        if (cal == null) {
            throw new IllegalArgumentException("bar aggregator: calendar must not be null");
        }
        this.cal = cal;
    }

    /**
     * Adds a tick that is in session to its forming 1m bar. Ticks close nothing: only the watermark
     * does ({@link #onWatermark}), so ticks of different minutes may arrive in any order as long as
     * they are not before the frontier.
     *
     * @throws IllegalArgumentException if the tick is outside the session or before the frontier
     *                                  (check {@link #acceptsTime} and {@link TradingCalendar#inSession} first)
     */
    public void onTick(Tick t) {
        long ts = t.ts();
        if (!acceptsTime(ts)) {
            throw new IllegalArgumentException("tick " + t.symbol() + " at " + Instant.ofEpochMilli(ts)
                    + " is late: bars up to " + Instant.ofEpochMilli(frontier) + " are closed");
        }
        double p = t.price();
        // the common case: the latest forming minute
        int n = minutes.size();
        if (n > 0) {
            Forming last = minutes.get(n - 1);
            if (ts >= last.start && ts < last.end) {
                last.add(p, p, p, t.size(), 1);
                return;
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            Forming f = minutes.get(i);
            if (ts >= f.start && ts < f.end) {
                f.add(p, p, p, t.size(), 1);
                return;
            }
        }
        TradingCalendar.Window w = cal.window(BarLevel.M1, ts);
        if (w == null) {
            throw new IllegalArgumentException("tick " + t.symbol() + " at " + Instant.ofEpochMilli(ts)
                    + " is outside the sessions of " + cal.spec());
        }
        int at = n;
        while (at > 0 && minutes.get(at - 1).start > w.start()) {
            at--;
        }
        minutes.add(at, new Forming(w.start(), w.end(), p, p, p, p, t.size(), 1));
    }

    /**
     * Closes every forming bar whose window end is at or before {@code watermark} (event time).
     * Closed bars come in close order: ascending end, and for equal ends the lower level first; a
     * higher-level bar always comes after the 1m bars it contains.
     */
    public List<ClosedBar> onWatermark(long watermark) {
        List<ClosedBar> out = new ArrayList<>();
        while (!minutes.isEmpty() && minutes.get(0).end <= watermark) {
            Forming m = minutes.remove(0);
            // higher bars that ended before this minute began are complete
            closeHigher(m.start, out);
            ClosedBar bar = m.close(BarLevel.M1);
            out.add(bar);
            for (int i = M1 + 1; i < N; i++) {
                fold(i, bar);
            }
        }
        closeHigher(watermark, out);
        frontier = Math.max(frontier, watermark);
        out.sort(CLOSE_ORDER);
        return out;
    }

    private static final Comparator<ClosedBar> CLOSE_ORDER =
            Comparator.comparingLong(ClosedBar::end).thenComparing(ClosedBar::level);

    private void closeHigher(long limit, List<ClosedBar> out) {
        for (int i = M1 + 1; i < N; i++) {
            Forming f = higher[i];
            if (f != null && f.end <= limit) {
                out.add(f.close(LEVELS[i]));
                higher[i] = null;
            }
        }
    }

    /** Smallest window end among forming bars, or {@code Long.MAX_VALUE} when none: the next event-time timer. */
    public long nextCloseTime() {
        long min = minutes.isEmpty() ? Long.MAX_VALUE : minutes.get(0).end;
        for (int i = M1 + 1; i < N; i++) {
            if (higher[i] != null) {
                min = Math.min(min, higher[i].end);
            }
        }
        return min;
    }

    /** Whether a tick at {@code ts} can still be added: not before the last watermark closed up to. */
    /**
     * True when {@code ts} falls in the window of the latest forming 1m bar: then it is in session
     * without asking the calendar (the common case, and the calendar's time-zone arithmetic is the
     * dearest part of a tick).
     */
    public boolean inLatestMinute(long ts) {
        if (minutes.isEmpty()) {
            return false;
        }
        Forming f = minutes.get(minutes.size() - 1);
        return ts >= f.start && ts < f.end;
    }

    public boolean acceptsTime(long ts) {
        return ts >= frontier;
    }

    /** Compact versioned binary form: magic, version, calendar hash, frontier, then the forming bars. */
    public byte[] toBytes() {
        int present = 0;
        int mask = 0;
        for (int i = M1 + 1; i < N; i++) {
            if (higher[i] != null) {
                present++;
                mask |= 1 << i;
            }
        }
        ByteBuffer b = ByteBuffer.allocate(Integer.BYTES + 1 + 2 * Long.BYTES + 1 + Short.BYTES
                + (present + minutes.size()) * BAR_BYTES);
        b.putInt(MAGIC).put(VERSION).putLong(calendarHash(cal)).putLong(frontier).put((byte) mask);
        b.putShort((short) minutes.size());
        for (Forming f : minutes) {
            put(b, f);
        }
        for (int i = M1 + 1; i < N; i++) {
            if (higher[i] != null) {
                put(b, higher[i]);
            }
        }
        return b.array();
    }

    private static void put(ByteBuffer b, Forming f) {
        b.putLong(f.start).putLong(f.end).putDouble(f.open).putDouble(f.high).putDouble(f.low)
                .putDouble(f.close).putDouble(f.volume).putInt(f.ticks);
    }

    private static Forming get(ByteBuffer b, String what) {
        Forming f = new Forming(b.getLong(), b.getLong(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(),
                b.getDouble(), b.getInt());
        if (f.ticks <= 0 || f.end <= f.start) {
            throw new IllegalArgumentException("corrupt bar aggregator state: bad " + what + " bar");
        }
        return f;
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
            int m = b.getShort();
            for (int i = 0; i < m; i++) {
                a.minutes.add(get(b, "1m"));
            }
            for (int i = M1 + 1; i < N; i++) {
                if ((mask & (1 << i)) != 0) {
                    a.higher[i] = get(b, LEVELS[i].label());
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

    private void fold(int i, ClosedBar m) {
        Forming f = higher[i];
        if (f == null) {
            TradingCalendar.Window w = cal.window(LEVELS[i], m.start());
            higher[i] = new Forming(w.start(), w.end(), m.open(), m.high(), m.low(), m.close(), m.volume(), m.ticks());
            return;
        }
        // higher bars ending before this minute were closed just before it; windows nest, so the
        // minute lies inside the forming bar. Anything else is a bug in the closing logic.
        if (m.start() < f.start || m.end() > f.end) {
            throw new IllegalStateException("1m bar [" + m.start() + ", " + m.end() + ") is outside the forming "
                    + LEVELS[i].label() + " bar [" + f.start + ", " + f.end + ")");
        }
        f.add(m.high(), m.low(), m.close(), m.volume(), m.ticks());
    }

    /** Detects a restore with another calendar in 8 bytes (computed once per calendar). */
    private static long calendarHash(TradingCalendar cal) {
        return cal.specHash();
    }
}
