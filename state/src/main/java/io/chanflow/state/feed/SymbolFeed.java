package io.chanflow.state.feed;

import io.chanflow.state.bars.BarAggregator;
import io.chanflow.state.bars.Tick;
import io.chanflow.state.bars.TradingCalendar;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The per-tick part of one symbol's keyed state: the gate that rejects duplicate, jumping, late
 * and out-of-session ticks, and the forming bars of all levels. It is small (a few hundred bytes),
 * so a tick reads and writes only this; the Chan engines change only when a bar closes.
 *
 * <p>Jumps: a tick whose price is more than {@code maxJump} (a fraction) away from the last
 * accepted price is rejected, unless {@code jumpConfirmTicks} consecutive rejected ticks agree with
 * each other within {@code maxJump}: then the market really moved (a split, a halt) and the new
 * level is accepted from that tick on. Duplicates: ticks that carry an id are checked against the
 * last {@link #RECENT_IDS} ids of the symbol.
 */
public final class SymbolFeed {
    static final int RECENT_IDS = 32;
    private static final int MAGIC = 0x43484631; // "CHF1" feed
    private static final byte VERSION = 2;

    /** Gate settings (not part of the state). */
    public record Limits(double maxJump, int jumpConfirmTicks, long allowedLatenessMs) {
        public Limits {
            if (!(maxJump > 0)) {
                throw new IllegalArgumentException("max-jump must be > 0 (a fraction, e.g. 0.2), got " + maxJump);
            }
            if (jumpConfirmTicks < 1) {
                throw new IllegalArgumentException("jump-confirm-ticks must be >= 1, got " + jumpConfirmTicks);
            }
            if (allowedLatenessMs < 0) {
                throw new IllegalArgumentException("allowed-lateness must be >= 0 ms, got " + allowedLatenessMs);
            }
        }

        public static Limits defaults() {
            return new Limits(0.2, 3, 0);
        }
    }

    /** What happened to one tick: {@code reject == null} means accepted (bars close only on watermarks). */
    public record Offer(Reject reject, String detail) {
        static final Offer ACCEPTED = new Offer(null, null);
    }

    private final TradingCalendar calendar;
    private final Limits limits;
    private final BarAggregator bars;
    private double lastPrice = Double.NaN;
    private double pendingJumpPrice = Double.NaN;
    private int pendingJumps;
    private final long[] recentIds = new long[RECENT_IDS];
    private int idCount;

    public SymbolFeed(TradingCalendar calendar, Limits limits) {
        this(calendar, limits, new BarAggregator(calendar));
    }

    private SymbolFeed(TradingCalendar calendar, Limits limits, BarAggregator bars) {
        this.calendar = calendar;
        this.limits = limits;
        this.bars = bars;
    }

    /**
     * Offers one tick. {@code id} is the tick's id hashed to a long, or {@code 0} when it has none.
     */
    public Offer offer(Tick t, long id) {
        if (!bars.inLatestMinute(t.ts()) && !calendar.inSession(t.ts())) {
            return new Offer(Reject.OUTSIDE_SESSION, "not in session of calendar " + calendar.spec());
        }
        if (!bars.acceptsTime(t.ts())) {
            return new Offer(Reject.LATE, "its 1m bar is already closed");
        }
        if (id != 0 && seen(id)) {
            return new Offer(Reject.DUPLICATE, "id already seen for " + t.symbol());
        }
        if (!Double.isNaN(lastPrice) && Math.abs(t.price() / lastPrice - 1) > limits.maxJump()) {
            if (!Double.isNaN(pendingJumpPrice) && Math.abs(t.price() / pendingJumpPrice - 1) <= limits.maxJump()) {
                pendingJumps++;
            } else {
                pendingJumps = 1;
            }
            pendingJumpPrice = t.price();
            if (pendingJumps < limits.jumpConfirmTicks()) {
                return new Offer(Reject.PRICE_JUMP, "price " + t.price() + " is more than " + limits.maxJump() * 100
                        + "% away from " + lastPrice);
            }
        }
        pendingJumps = 0;
        pendingJumpPrice = Double.NaN;
        lastPrice = t.price();
        if (id != 0) {
            recentIds[idCount % RECENT_IDS] = id;
            idCount++;
        }
        bars.onTick(t);
        return Offer.ACCEPTED;
    }

    private boolean seen(long id) {
        int n = Math.min(idCount, RECENT_IDS);
        for (int i = 0; i < n; i++) {
            if (recentIds[i] == id) {
                return true;
            }
        }
        return false;
    }

    /** Closes every forming bar whose end plus the allowed lateness is at or before the watermark. */
    public List<BarAggregator.ClosedBar> onWatermark(long watermark) {
        return bars.onWatermark(watermark - limits.allowedLatenessMs());
    }

    /** The event time at which the next bar closes (an event-time timer), or Long.MAX_VALUE. */
    public long nextTimer() {
        long t = bars.nextCloseTime();
        return t == Long.MAX_VALUE ? t : t + limits.allowedLatenessMs();
    }

    public TradingCalendar calendar() {
        return calendar;
    }

    /**
     * Compact versioned binary form (v2): magic, version, the jump gate, the id count and only the
     * ids in use (none for feeds without trade ids, i.e. 256 bytes less per tick write than v1),
     * then the bar aggregator's own form. v1 is still read.
     */
    public byte[] toBytes() {
        byte[] agg = bars.toBytes();
        int used = Math.min(idCount, RECENT_IDS);
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 8 + 8 + 4 + 4 + 8 * used + 4 + agg.length);
        b.putInt(MAGIC).put(VERSION).putDouble(lastPrice).putDouble(pendingJumpPrice).putInt(pendingJumps).putInt(idCount);
        for (int i = 0; i < used; i++) {
            b.putLong(recentIds[i]);
        }
        b.putInt(agg.length).put(agg);
        return b.array();
    }

    public static SymbolFeed fromBytes(byte[] bytes, TradingCalendar calendar, Limits limits) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 5 || b.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a symbol feed state (bad magic)");
        }
        byte v = b.get();
        if (v != VERSION && v != 1) {
            throw new IllegalArgumentException("unsupported symbol feed state version " + v);
        }
        double last = b.getDouble();
        double pending = b.getDouble();
        int pendingN = b.getInt();
        int ids = b.getInt();
        if (ids < 0) {
            throw new IllegalArgumentException("corrupt symbol feed state: id count " + ids);
        }
        long[] recent = new long[RECENT_IDS];
        int stored = v == 1 ? RECENT_IDS : Math.min(ids, RECENT_IDS);
        for (int i = 0; i < stored; i++) {
            recent[i] = b.getLong();
        }
        byte[] agg = new byte[b.getInt()];
        b.get(agg);
        SymbolFeed f = new SymbolFeed(calendar, limits, BarAggregator.fromBytes(agg, calendar));
        f.lastPrice = last;
        f.pendingJumpPrice = pending;
        f.pendingJumps = pendingN;
        f.idCount = ids;
        System.arraycopy(recent, 0, f.recentIds, 0, RECENT_IDS);
        return f;
    }
}
