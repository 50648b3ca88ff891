package io.chanflow.state.signals;

import io.chanflow.state.ChanEvent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the engine's buy/sell point events of one symbol and level into signal lifecycles
 * ({@link SignalStatus}): one stable id per (scope, point time, side, type), a revision per change.
 *
 * <p>A point is CONFIRMED when the stroke (scope {@code bi}) or segment ({@code seg}) that ends at
 * it is sure, as reported by the engine's line events of the same bar. The tracker keeps the last
 * {@link #LINES_KEPT} lines per scope and the last {@link #POINTS_KEPT} points (by point time);
 * older lines are sure by construction and older points no longer change, so the state is bounded.
 * Iteration is over sorted maps only, so output order is deterministic.
 */
public final class SignalTracker {
    static final int LINES_KEPT = 16;
    static final int POINTS_KEPT = 256;
    private static final int MAGIC = 0x43485331; // "CHS1"
    private static final byte VERSION = 1;

    private final String symbol;
    private final String level;
    private final String configHash;

    /** Per scope (0 = bi, 1 = seg): line index -> {endTime, sure}. */
    private final List<TreeMap<Integer, LineEnd>> lines = List.of(new TreeMap<>(), new TreeMap<>());
    /** Point key -> lifecycle entry; key order = (point time, scope, side, type). */
    private final TreeMap<PointKey, Entry> points = new TreeMap<>();
    /** Removals of points older than the kept window (should stay 0; exposed as a metric). */
    private long unknownRemovals;

    private record LineEnd(long beginTime, long endTime, boolean sure) { }

    private record PointKey(long time, int scope, boolean buy, String type) implements Comparable<PointKey> {
        @Override
        public int compareTo(PointKey o) {
            int c = Long.compare(time, o.time);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(scope, o.scope);
            if (c != 0) {
                return c;
            }
            c = Boolean.compare(buy, o.buy);
            return c != 0 ? c : type.compareTo(o.type);
        }
    }

    private static final class Entry {
        SignalStatus status;
        int revision;
        double price;

        Entry(SignalStatus status, int revision, double price) {
            this.status = status;
            this.revision = revision;
            this.price = price;
        }
    }

    public SignalTracker(String symbol, String level, String configHash) {
        this.symbol = symbol;
        this.level = level;
        this.configHash = configHash;
    }

    /** Removals that referred to a point older than the kept window (0 in practice). */
    public long unknownRemovals() {
        return unknownRemovals;
    }

    /**
     * Applies the events of one bar (as returned by one engine step) and returns the signal
     * revisions they cause, in a deterministic order: invalidations and additions in event order,
     * then confirmations by point time.
     */
    public List<Signal> onBar(long causeBar, long causeTime, List<ChanEvent> events) {
        for (ChanEvent e : events) {
            if (e instanceof ChanEvent.LineEvent le && le.level() != ChanEvent.LineLevel.SEGSEG) {
                applyLine(le);
            }
        }
        List<Signal> out = new ArrayList<>();
        for (ChanEvent e : events) {
            if (e instanceof ChanEvent.BspEvent be) {
                applyPoint(be, causeBar, causeTime, out);
            }
        }
        for (Map.Entry<PointKey, Entry> me : points.entrySet()) {
            Entry en = me.getValue();
            PointKey k = me.getKey();
            if (en.status == SignalStatus.PROVISIONAL && isSure(k.scope, k.time)) {
                en.status = SignalStatus.CONFIRMED;
                en.revision++;
                out.add(signal(k, en, (k.scope == 0 ? "stroke" : "segment") + " ending at the point confirmed",
                        causeBar, causeTime));
            }
        }
        while (points.size() > POINTS_KEPT) {
            points.pollFirstEntry();
        }
        return out;
    }

    private void applyLine(ChanEvent.LineEvent le) {
        TreeMap<Integer, LineEnd> m = lines.get(le.level() == ChanEvent.LineLevel.BI ? 0 : 1);
        ChanEvent.Line l = le.line();
        if (le.change() == ChanEvent.Change.REMOVED) {
            m.remove(l.idx());
        } else {
            m.put(l.idx(), new LineEnd(l.beginTime(), l.endTime(), l.sure()));
        }
        while (m.size() > LINES_KEPT) {
            m.pollFirstEntry();
        }
    }

    private boolean isSure(int scope, long pointTime) {
        TreeMap<Integer, LineEnd> m = lines.get(scope);
        if (m.isEmpty()) {
            return false;
        }
        for (LineEnd l : m.values()) {
            if (l.endTime == pointTime) {
                return l.sure;
            }
        }
        // older than every kept line: only sure lines are ever dropped from the kept window
        return pointTime < m.firstEntry().getValue().beginTime;
    }

    private void applyPoint(ChanEvent.BspEvent be, long causeBar, long causeTime, List<Signal> out) {
        int scope = be.level() == ChanEvent.BspLevel.BI ? 0 : 1;
        PointKey k = new PointKey(be.time(), scope, be.isBuy(), be.type().label());
        Entry en = points.get(k);
        String what = (be.isBuy() ? "buy" : "sell") + " point " + be.type().label();
        if (be.added()) {
            boolean sure = isSure(scope, be.time());
            SignalStatus st = sure ? SignalStatus.CONFIRMED : SignalStatus.PROVISIONAL;
            if (en == null) {
                en = new Entry(st, 1, be.price());
                points.put(k, en);
            } else {
                en.status = st;
                en.revision++;
                en.price = be.price();
            }
            out.add(signal(k, en, what + " appeared" + (sure ? " on a confirmed " + lineName(scope) + " end" : ""),
                    causeBar, causeTime));
        } else {
            if (en == null) {
                unknownRemovals++;
                en = new Entry(SignalStatus.INVALIDATED, 1, be.price());
                points.put(k, en);
            } else {
                en.status = SignalStatus.INVALIDATED;
                en.revision++;
            }
            out.add(signal(k, en, what + " no longer holds after this bar", causeBar, causeTime));
        }
    }

    private static String lineName(int scope) {
        return scope == 0 ? "stroke" : "segment";
    }

    private Signal signal(PointKey k, Entry en, String reason, long causeBar, long causeTime) {
        String scope = k.scope == 0 ? "bi" : "seg";
        return new Signal(Signal.idOf(symbol, level, scope, k.time, k.buy, k.type), symbol, level, scope, k.time,
                k.buy, k.type, en.status, en.revision, reason, causeTime, causeBar, en.price, configHash, Signal.UNSCORED,
                0, 0);
    }

    /** Compact versioned binary form. */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream(256 + points.size() * 24);
            DataOutputStream out = new DataOutputStream(bo);
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            out.writeLong(unknownRemovals);
            for (TreeMap<Integer, LineEnd> m : lines) {
                out.writeShort(m.size());
                for (Map.Entry<Integer, LineEnd> e : m.entrySet()) {
                    out.writeInt(e.getKey());
                    out.writeLong(e.getValue().beginTime);
                    out.writeLong(e.getValue().endTime);
                    out.writeBoolean(e.getValue().sure);
                }
            }
            out.writeShort(points.size());
            for (Map.Entry<PointKey, Entry> e : points.entrySet()) {
                PointKey k = e.getKey();
                Entry en = e.getValue();
                out.writeLong(k.time);
                out.writeByte(k.scope | (k.buy ? 2 : 0) | (en.status.ordinal() << 2));
                out.writeUTF(k.type);
                out.writeInt(en.revision);
                out.writeDouble(en.price);
            }
            out.flush();
            return bo.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restores a tracker written by {@link #toBytes()}. */
    public static SignalTracker fromBytes(byte[] bytes, String symbol, String level, String configHash) {
        SignalTracker t = new SignalTracker(symbol, level, configHash);
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a signal tracker state (bad magic)");
            }
            int v = in.readByte();
            if (v != VERSION) {
                throw new IllegalArgumentException("unsupported signal tracker state version " + v);
            }
            t.unknownRemovals = in.readLong();
            for (TreeMap<Integer, LineEnd> m : t.lines) {
                int n = in.readShort();
                for (int i = 0; i < n; i++) {
                    m.put(in.readInt(), new LineEnd(in.readLong(), in.readLong(), in.readBoolean()));
                }
            }
            int n = in.readShort();
            SignalStatus[] st = SignalStatus.values();
            for (int i = 0; i < n; i++) {
                long time = in.readLong();
                int flags = in.readByte();
                String type = in.readUTF();
                int rev = in.readInt();
                double price = in.readDouble();
                t.points.put(new PointKey(time, flags & 1, (flags & 2) != 0, type), new Entry(st[flags >> 2], rev, price));
            }
            return t;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated signal tracker state", e);
        }
    }
}
