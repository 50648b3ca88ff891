package io.chanflow.state;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The engine state of one level. {@link #step(Bar)} feeds one bar and returns the events it caused:
 * the net change, since the previous bar, of the strokes, segments, segments of segments, pivots
 * and buy/sell points.
 */
public final class ChanState {
    final ChanConfig config;
    final Level level;
    long bars;
    long lastTime = Long.MIN_VALUE;

    // what has been published (the engine's view as of the previous bar)
    final LineList<ChanEvent.Line> pubBi = new LineList<>();
    final LineList<ChanEvent.Line> pubSeg = new LineList<>();
    final LineList<ChanEvent.Line> pubSegseg = new LineList<>();
    final LineList<ChanEvent.Pivot> pubZs = new LineList<>();
    final LineList<ChanEvent.Pivot> pubSegZs = new LineList<>();
    /** key (level, bar, isBuy) -> published types. */
    final TreeMap<Long, EnumSet<BspType>> pubBsp = new TreeMap<>();
    final Map<Long, double[]> pubBspMeta = new TreeMap<>();

    ChanState(ChanConfig config) {
        this(config, true);
    }

    ChanState(ChanConfig config, boolean step) {
        this.config = config;
        this.level = new Level(config, step);
    }

    public ChanConfig config() {
        return config;
    }

    public long barCount() {
        return bars;
    }

    List<ChanEvent> step(Bar bar) {
        if (bars > 0 && bar.time() <= lastTime) {
            throw new IllegalArgumentException("bar time " + bar.time() + " is not after the previous bar's time " + lastTime);
        }
        level.addBar(bar);
        long cause = bars;
        bars++;
        lastTime = bar.time();
        List<ChanEvent> out = new ArrayList<>();
        publish(cause, bar.time(), out);
        return out;
    }

    /** Batch mode only: the final computation after the last bar. */
    List<ChanEvent> finishBatch() {
        level.finish();
        List<ChanEvent> out = new ArrayList<>();
        publishAll(bars - 1, lastTime, out);
        return out;
    }

    private void publish(long cause, long time, List<ChanEvent> out) {
        if (!level.step) {
            return;
        }
        diffLines(level.biList.bis, pubBi, Math.max(0, Math.min(pubBi.size(), level.biList.size()) - 3),
                ChanEvent.LineLevel.BI, cause, time, out);
        if (level.calculated) {
            publishStructures(cause, time, out);
        }
    }

    private void publishAll(long cause, long time, List<ChanEvent> out) {
        diffLines(level.biList.bis, pubBi, 0, ChanEvent.LineLevel.BI, cause, time, out);
        publishStructures(cause, time, out);
    }

    private void publishStructures(long cause, long time, List<ChanEvent> out) {
        diffLines(level.segList.segs, pubSeg, 0, ChanEvent.LineLevel.SEG, cause, time, out);
        diffLines(level.segsegList.segs, pubSegseg, 0, ChanEvent.LineLevel.SEGSEG, cause, time, out);
        diffPivots(level.zsList.zsLst, pubZs, ChanEvent.PivotLevel.BI, cause, time, out);
        diffPivots(level.segzsList.zsLst, pubSegZs, ChanEvent.PivotLevel.SEG, cause, time, out);
        diffBsp(cause, time, out);
    }

    private ChanEvent.Line view(Line l) {
        KBars k = level.k;
        int b = l.beginKlu();
        int e = l.endKlu();
        return new ChanEvent.Line(l.idx, l.isUp(), b, e, k.time(b), k.time(e), l.beginVal(), l.endVal(), l.isSure());
    }

    private ChanEvent.Pivot view(int idx, Zs z) {
        KBars k = level.k;
        return new ChanEvent.Pivot(idx, z.begin, z.end, k.time(z.begin), k.time(z.end), z.low, z.high, z.peakLow,
                z.peakHigh, z.beginBi.idx, z.endBi.idx, z.sure);
    }

    private void diffLines(LineList<? extends Line> cur, LineList<ChanEvent.Line> pub, int from,
                           ChanEvent.LineLevel lv, long cause, long time, List<ChanEvent> out) {
        from = Math.max(from, Math.max(cur.base, pub.base));
        int n = Math.max(cur.size(), pub.size());
        // removals first, newest first
        for (int i = pub.size() - 1; i >= cur.size() && i >= from; i--) {
            out.add(new ChanEvent.LineEvent(cause, time, ChanEvent.Change.REMOVED, lv, pub.get(i)));
        }
        pub.truncate(Math.max(cur.size(), from));
        for (int i = from; i < n && i < cur.size(); i++) {
            ChanEvent.Line v = view(cur.get(i));
            if (i >= pub.size()) {
                pub.add(v);
                out.add(new ChanEvent.LineEvent(cause, time, ChanEvent.Change.CREATED, lv, v));
            } else {
                ChanEvent.Line o = pub.get(i);
                if (!o.equals(v)) {
                    ChanEvent.Change ch;
                    if (o.up() != v.up() || o.beginBar() != v.beginBar() || o.beginPrice() != v.beginPrice()) {
                        ch = ChanEvent.Change.REPLACED;
                    } else if (o.endBar() != v.endBar() || o.endPrice() != v.endPrice()) {
                        ch = ChanEvent.Change.EXTENDED;
                    } else {
                        ch = v.sure() ? ChanEvent.Change.CONFIRMED : ChanEvent.Change.UNCONFIRMED;
                    }
                    pub.items.set(i - pub.base, v);
                    out.add(new ChanEvent.LineEvent(cause, time, ch, lv, v));
                }
            }
        }
    }

    private void diffPivots(LineList<Zs> cur, LineList<ChanEvent.Pivot> pub, ChanEvent.PivotLevel lv, long cause,
                            long time, List<ChanEvent> out) {
        int from = Math.max(cur.base, pub.base);
        for (int i = pub.size() - 1; i >= cur.size() && i >= from; i--) {
            out.add(new ChanEvent.PivotEvent(cause, time, ChanEvent.Change.REMOVED, lv, pub.get(i)));
        }
        pub.truncate(Math.max(cur.size(), from));
        for (int i = from; i < cur.size(); i++) {
            ChanEvent.Pivot v = view(i, cur.get(i));
            if (i >= pub.size()) {
                pub.add(v);
                out.add(new ChanEvent.PivotEvent(cause, time, ChanEvent.Change.CREATED, lv, v));
            } else {
                ChanEvent.Pivot o = pub.get(i);
                if (!o.equals(v)) {
                    ChanEvent.Change ch;
                    if (o.beginBar() != v.beginBar() || o.beginLine() != v.beginLine()) {
                        ch = ChanEvent.Change.REPLACED;
                    } else if (o.sure() != v.sure() && o.endBar() == v.endBar() && o.low() == v.low() && o.high() == v.high()) {
                        ch = v.sure() ? ChanEvent.Change.CONFIRMED : ChanEvent.Change.UNCONFIRMED;
                    } else {
                        ch = ChanEvent.Change.EXTENDED;
                    }
                    pub.items.set(i - pub.base, v);
                    out.add(new ChanEvent.PivotEvent(cause, time, ch, lv, v));
                }
            }
        }
    }

    private static long bspKey(boolean seg, int bar, boolean isBuy) {
        return ((seg ? 1L : 0L) << 62) | ((long) bar << 1) | (isBuy ? 1 : 0);
    }

    private void collect(BspList bl, boolean seg, TreeMap<Long, EnumSet<BspType>> cur, Map<Long, double[]> meta) {
        for (List<List<Bsp>> pair : bl.store.values()) {
            for (List<Bsp> l : pair) {
                for (Bsp b : l) {
                    long key = bspKey(seg, b.klu, b.isBuy);
                    cur.computeIfAbsent(key, x -> EnumSet.noneOf(BspType.class)).addAll(b.types);
                    meta.put(key, new double[] {b.time, b.price});
                }
            }
        }
    }

    private void diffBsp(long cause, long time, List<ChanEvent> out) {
        TreeMap<Long, EnumSet<BspType>> cur = new TreeMap<>();
        Map<Long, double[]> meta = new TreeMap<>();
        collect(level.bspList, false, cur, meta);
        collect(level.segBspList, true, cur, meta);
        // removals
        for (Map.Entry<Long, EnumSet<BspType>> e : pubBsp.entrySet()) {
            EnumSet<BspType> now = cur.get(e.getKey());
            for (BspType t : e.getValue()) {
                if (now == null || !now.contains(t)) {
                    out.add(bspEvent(cause, time, false, e.getKey(), t, pubBspMeta.get(e.getKey())));
                }
            }
        }
        for (Map.Entry<Long, EnumSet<BspType>> e : cur.entrySet()) {
            EnumSet<BspType> was = pubBsp.get(e.getKey());
            for (BspType t : e.getValue()) {
                if (was == null || !was.contains(t)) {
                    out.add(bspEvent(cause, time, true, e.getKey(), t, meta.get(e.getKey())));
                }
            }
        }
        pubBsp.clear();
        pubBsp.putAll(cur);
        pubBspMeta.clear();
        pubBspMeta.putAll(meta);
    }

    private static ChanEvent.BspEvent bspEvent(long cause, long time, boolean added, long key, BspType t, double[] meta) {
        boolean seg = (key >>> 62) == 1;
        int bar = (int) ((key & ((1L << 62) - 1)) >>> 1);
        boolean isBuy = (key & 1) == 1;
        return new ChanEvent.BspEvent(cause, time, added, seg ? ChanEvent.BspLevel.SEG : ChanEvent.BspLevel.BI, bar,
                (long) meta[0], isBuy, t, meta[1]);
    }

    public byte[] toBytes() {
        throw new UnsupportedOperationException("serialization not implemented yet");
    }

    public static ChanState fromBytes(byte[] bytes, ChanConfig config) {
        throw new UnsupportedOperationException("serialization not implemented yet");
    }
}
