package io.chanflow.state.outcome;

import io.chanflow.state.Bar;
import io.chanflow.state.BspType;
import io.chanflow.state.signals.Signal;
import io.chanflow.state.signals.SignalStatus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Follows every confirmed buy/sell point of one symbol and level to its outcome: a fold over the
 * level's closed bars and signal revisions, bounded and serializable like {@code LevelChan}.
 *
 * <h2>Calling order, per closed bar</h2>
 * {@link #onBar(Bar)} first (it advances the trades already open), then {@link #onSignal} for each
 * signal that bar caused. So a trade never sees its own entry bar, and on a bar that both touches a
 * stop and invalidates the point, the stop wins (it happened inside the bar, the invalidation at its
 * close).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>One trade per point</b> (scope, point time, side). The first CONFIRMED signal of a point
 *       opens it; further CONFIRMED types of the same point join it (into {@code types} when they
 *       arrive on the entry bar, otherwise only into the set of live types). PROVISIONAL revisions
 *       are ignored. A point whose trade closed can open a new trade if it is confirmed again later
 *       (after an invalidation; this is what a trader following the signals would do).</li>
 *   <li><b>Entry</b>: the close of the confirming bar (the signal's {@code causeBar}).</li>
 *   <li><b>Stop</b>: the point's price (a buy point's low, a sell point's high). When that price is
 *       not strictly on the losing side of the entry, the risk falls back to
 *       {@link OutcomeRules#fallbackRiskPct()} of the entry and the stop is placed that far away.
 *       Trades with an entry price of 0 are not opened (no percentage exists).</li>
 *   <li><b>Target</b>: entry +/- {@link OutcomeRules#targetR()} x risk.</li>
 *   <li><b>Following</b> starts with the bar after the entry bar. On each bar, in this order: stop
 *       touched (buy: low &lt;= stop; sell: high &gt;= stop) exits at the stop, or at the bar's open when
 *       the bar gapped beyond it (the fill a stop order gets); else target touched exits at the
 *       target (a limit order, no gap bonus); else after {@link OutcomeRules#horizonBars()} bars the
 *       trade exits at that bar's close. A bar touching both counts as STOP (conservative).</li>
 *   <li><b>INVALIDATED</b>: when every live type of the point has been invalidated, the trade exits
 *       at the close of the bar whose signal said so.</li>
 *   <li><b>EVICTED</b>: opening a trade while {@link OutcomeRules#maxOpenTrades()} are open closes the
 *       oldest one (first opened) at the close of the new trade's entry bar.</li>
 *   <li><b>Excursions</b> use the full high/low range of every followed bar, the exit bar included.</li>
 * </ul>
 * Outcomes leave in a deterministic order: on {@link #onBar}, in the order the trades were opened.
 */
public final class OutcomeTracker {
    private static final int MAGIC = 0x43484f31; // "CHO1"
    private static final byte VERSION = 1;

    private final String symbol;
    private final String level;
    private final OutcomeRules rules;
    /** Open trades, oldest first. */
    private final ArrayList<Trade> open = new ArrayList<>();
    private long lastBarTime = Long.MIN_VALUE;
    private long evictions;

    private static final class Trade {
        final String signalId;
        final boolean seg;
        final long pointTime;
        final boolean buy;
        /** Bit masks over {@link BspType} ordinals. */
        int entryTypes;
        int liveTypes;
        final long entryTime;
        final double entry;
        final double stop;
        final double target;
        final FeatureVector features;
        int barsHeld;
        /** Highest high and lowest low of the followed bars (the entry before the first). */
        double high;
        double low;

        Trade(String signalId, boolean seg, long pointTime, boolean buy, int entryTypes, int liveTypes, long entryTime,
              double entry, double stop, double target, FeatureVector features) {
            this.signalId = signalId;
            this.seg = seg;
            this.pointTime = pointTime;
            this.buy = buy;
            this.entryTypes = entryTypes;
            this.liveTypes = liveTypes;
            this.entryTime = entryTime;
            this.entry = entry;
            this.stop = stop;
            this.target = target;
            this.features = features;
            this.high = entry;
            this.low = entry;
        }

        boolean isPoint(boolean s, long t, boolean b) {
            return seg == s && pointTime == t && buy == b;
        }
    }

    public OutcomeTracker(String symbol, String level, OutcomeRules rules) {
        this.symbol = Objects.requireNonNull(symbol, "symbol");
        this.level = Objects.requireNonNull(level, "level");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public OutcomeRules rules() {
        return rules;
    }

    /** Trades open now (at most {@link OutcomeRules#maxOpenTrades()}). */
    public int openTrades() {
        return open.size();
    }

    /**
     * Whether the trade opened by signal {@code signalId} on the bar starting at {@code entryTime} is
     * still open: how a caller tells a CONFIRMED signal that opened a trade from one that joined the
     * open trade of its point (the trade's key is the {@code signalId} and {@code entryTime} its
     * {@link TradeOutcome} will carry).
     */
    public boolean isOpen(String signalId, long entryTime) {
        for (Trade t : open) {
            if (t.entryTime == entryTime && t.signalId.equals(signalId)) {
                return true;
            }
        }
        return false;
    }

    /** Trades closed with {@link ExitReason#EVICTED} so far (a metric: should stay rare). */
    public long evictions() {
        return evictions;
    }

    /** Advances every open trade by one closed bar of the level; returns the trades it closed. */
    public List<LabeledPoint> onBar(Bar bar) {
        if (bar.time() <= lastBarTime) {
            throw new IllegalArgumentException("bar time " + bar.time() + " is not after the previous bar's time "
                    + lastBarTime);
        }
        lastBarTime = bar.time();
        if (open.isEmpty()) {
            return List.of();
        }
        List<LabeledPoint> out = new ArrayList<>(0);
        for (Iterator<Trade> it = open.iterator(); it.hasNext(); ) {
            Trade t = it.next();
            t.barsHeld++;
            t.high = Math.max(t.high, bar.high());
            t.low = Math.min(t.low, bar.low());
            boolean stopHit = t.buy ? bar.low() <= t.stop : bar.high() >= t.stop;
            boolean targetHit = t.buy ? bar.high() >= t.target : bar.low() <= t.target;
            LabeledPoint closed;
            if (stopHit) {
                double fill = t.buy ? Math.min(bar.open(), t.stop) : Math.max(bar.open(), t.stop);
                closed = close(t, bar.time(), fill, ExitReason.STOP);
            } else if (targetHit) {
                closed = close(t, bar.time(), t.target, ExitReason.TARGET);
            } else if (t.barsHeld >= rules.horizonBars()) {
                closed = close(t, bar.time(), bar.close(), ExitReason.HORIZON);
            } else {
                continue;
            }
            it.remove();
            out.add(closed);
        }
        return out;
    }

    /**
     * Applies one signal revision caused by {@code confirmBar}, which must be the bar last given to
     * {@link #onBar}. CONFIRMED opens a trade (or joins the open trade of its point; {@code features}
     * required), INVALIDATED may close one, PROVISIONAL does nothing. Returns the trades it closed:
     * the invalidated one, or the oldest one evicted to make room.
     */
    public List<LabeledPoint> onSignal(Signal s, Bar confirmBar, FeatureVector features) {
        if (!s.symbol().equals(symbol) || !s.level().equals(level)) {
            throw new IllegalArgumentException("signal " + s.id() + " is not of " + symbol + " " + level);
        }
        if (confirmBar.time() != s.causeTime()) {
            throw new IllegalArgumentException("signal " + s.id() + " was caused by the bar at " + s.causeTime()
                    + ", not by the bar at " + confirmBar.time());
        }
        if (confirmBar.time() != lastBarTime) {
            throw new IllegalStateException("signal " + s.id() + ": feed its bar (" + confirmBar.time()
                    + ") to onBar first; last bar was " + lastBarTime);
        }
        boolean seg = "seg".equals(s.scope());
        int bit = 1 << BspType.fromLabel(s.type()).ordinal();
        Trade t = find(seg, s.pointTime(), s.buy());
        if (s.status() == SignalStatus.INVALIDATED) {
            if (t == null || (t.liveTypes & bit) == 0) {
                return List.of();
            }
            t.liveTypes &= ~bit;
            if (t.liveTypes != 0) {
                return List.of();
            }
            open.remove(t);
            return List.of(close(t, confirmBar.time(), confirmBar.close(), ExitReason.INVALIDATED));
        }
        if (s.status() != SignalStatus.CONFIRMED) {
            return List.of();
        }
        Objects.requireNonNull(features, "features of a CONFIRMED signal");
        if (t != null) {
            t.liveTypes |= bit;
            if (t.entryTime == confirmBar.time()) {
                t.entryTypes |= bit;
            }
            return List.of();
        }
        double entry = confirmBar.close();
        if (entry == 0) {
            return List.of();
        }
        double risk = s.buy() ? entry - s.price() : s.price() - entry;
        double stop = s.price();
        if (!(risk > 0)) {
            risk = Math.abs(entry) * rules.fallbackRiskPct() / 100;
            stop = s.buy() ? entry - risk : entry + risk;
        }
        double target = s.buy() ? entry + rules.targetR() * risk : entry - rules.targetR() * risk;
        List<LabeledPoint> out = new ArrayList<>(0);
        while (open.size() >= rules.maxOpenTrades()) { // more than one only after a restore with a smaller cap
            Trade oldest = open.remove(0);
            evictions++;
            out.add(close(oldest, confirmBar.time(), entry, ExitReason.EVICTED));
        }
        open.add(new Trade(s.id(), seg, s.pointTime(), s.buy(), bit, bit, confirmBar.time(), entry, stop, target,
                features));
        return out;
    }

    private Trade find(boolean seg, long pointTime, boolean buy) {
        for (Trade t : open) {
            if (t.isPoint(seg, pointTime, buy)) {
                return t;
            }
        }
        return null;
    }

    private LabeledPoint close(Trade t, long exitTime, double exit, ExitReason reason) {
        double base = Math.abs(t.entry);
        double ret = (t.buy ? exit - t.entry : t.entry - exit) / base * 100;
        double mfe = Math.max(0, t.buy ? t.high - t.entry : t.entry - t.low) / base * 100;
        double mae = Math.max(0, t.buy ? t.entry - t.low : t.high - t.entry) / base * 100;
        List<String> types = new ArrayList<>(2);
        for (BspType bt : BspType.values()) {
            if ((t.entryTypes & (1 << bt.ordinal())) != 0) {
                types.add(bt.label());
            }
        }
        TradeOutcome o = new TradeOutcome(t.signalId, symbol, level, t.seg ? "seg" : "bi", t.pointTime, t.buy, types,
                t.entryTime, t.entry, t.stop, t.target, exitTime, exit, ret, mfe, mae, t.barsHeld, rules.judge(ret),
                reason);
        return new LabeledPoint(t.features, o);
    }

    /** Compact versioned binary form (symbol, level and rules are given again on restore). */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream(32 + open.size() * 360);
            DataOutputStream out = new DataOutputStream(bo);
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            out.writeLong(lastBarTime);
            out.writeLong(evictions);
            out.writeShort(open.size());
            for (Trade t : open) {
                out.writeUTF(t.signalId);
                out.writeByte((t.seg ? 1 : 0) | (t.buy ? 2 : 0));
                out.writeLong(t.pointTime);
                out.writeByte(t.entryTypes);
                out.writeByte(t.liveTypes);
                out.writeLong(t.entryTime);
                out.writeDouble(t.entry);
                out.writeDouble(t.stop);
                out.writeDouble(t.target);
                out.writeInt(t.barsHeld);
                out.writeDouble(t.high);
                out.writeDouble(t.low);
                t.features.writeTo(out);
            }
            out.flush();
            return bo.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Restores a tracker written by {@link #toBytes()}. Open trades keep their stop and target
     * prices; new {@code rules} apply from here on (horizon, flat threshold, cap).
     */
    public static OutcomeTracker fromBytes(byte[] bytes, String symbol, String level, OutcomeRules rules) {
        OutcomeTracker tr = new OutcomeTracker(symbol, level, rules);
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not an outcome tracker state of " + symbol + " " + level
                        + " (bad magic)");
            }
            int v = in.readByte();
            if (v != VERSION) {
                throw new IllegalArgumentException("unsupported outcome tracker state version " + v);
            }
            tr.lastBarTime = in.readLong();
            tr.evictions = in.readLong();
            int n = in.readShort();
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                int flags = in.readByte();
                long pointTime = in.readLong();
                int entryTypes = in.readByte();
                int liveTypes = in.readByte();
                long entryTime = in.readLong();
                double entry = in.readDouble();
                double stop = in.readDouble();
                double target = in.readDouble();
                int held = in.readInt();
                double high = in.readDouble();
                double low = in.readDouble();
                FeatureVector f = FeatureVector.readFrom(in);
                Trade t = new Trade(id, (flags & 1) != 0, pointTime, (flags & 2) != 0, entryTypes, liveTypes, entryTime,
                        entry, stop, target, f);
                t.barsHeld = held;
                t.high = high;
                t.low = low;
                tr.open.add(t);
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("outcome tracker state has " + in.available() + " trailing bytes");
            }
            return tr;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated outcome tracker state", e);
        }
    }
}
