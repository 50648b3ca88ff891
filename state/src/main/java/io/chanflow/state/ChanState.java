package io.chanflow.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * How the structure recomputations went since this state was created or restored (counters,
     * not state): {@code requested} is how many chan.py runs (one per bar whose stroke list
     * changed), {@code skipped} how many of those were skipped whole as fixed points, and
     * {@code segmentLevelSkipped} how many of the rest skipped their segment-level part.
     */
    public record Recomputations(long requested, long skipped, long segPassSkipped, long segmentLevelSkipped, long segsegPassSkipped,
                                 long relabelled, long segmentLevelRelabelled, long keptPivots, long priceMoves,
                                 long segmentLevelPriceMoves, long confirmationsKept) { }

    public Recomputations recomputations() {
        return new Recomputations(level.recomputations, level.skipped, level.segPassSkipped, level.segSkipped, level.segsegPassSkipped,
                level.relabelled, level.segRelabelled, level.zsList.keptPivots + level.segzsList.keptPivots, level.priceMoves,
                level.segPriceMoves, level.confirmationsKept);
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
        if ((bars & (PRUNE_EVERY - 1)) == 0 && level.prune()) {
            prunePublished();
        }
        return out;
    }

    /** Bars between two pruning passes (a power of two). */
    static final int PRUNE_EVERY = 256;

    private void prunePublished() {
        pubBi.pruneBefore(level.biList.bis.base);
        pubSeg.pruneBefore(level.segList.segs.base);
        pubSegseg.pruneBefore(level.segsegList.segs.base);
        pubZs.pruneBefore(level.zsList.zsLst.base);
        pubSegZs.pruneBefore(level.segzsList.zsLst.base);
        List<ChanEvent> none = new ArrayList<>();
        // the points that remain are exactly the published ones that were not pruned
        level.bspList.rebuildKeys();
        level.segBspList.rebuildKeys();
        pubN = 0;
        diffBspFull(0, 0, none);
    }

    /** Batch mode only: the final computation after the last bar. */
    List<ChanEvent> finishBatch() {
        level.finish();
        List<ChanEvent> out = new ArrayList<>();
        publishAll(bars - 1, lastTime, out);
        return out;
    }

    /** {@link KBars#biChanges} at the last publish. Not state. */
    private long pubBiChanges;

    private void publish(long cause, long time, List<ChanEvent> out) {
        if (!level.step) {
            return;
        }
        // only strokes from the one before the stroke list's low-water mark since the last publish on can
        // have another view (BiList#pubLowWater); when the list is as published, no stroke changed in
        // place and the last one does not end at the last merged bar (the only one that takes bars),
        // none has
        BiList bl = level.biList;
        if (bl.pubLowWater < bl.size() || pubBi.size() != bl.size() || level.k.biChanges != pubBiChanges
                || (bl.size() > 0 && bl.last().endKlc == level.k.klcSize() - 1)) {
            diffLines(bl.bis, pubBi, bl.pubLowWater - 1, ChanEvent.LineLevel.BI, cause, time, out);
        }
        bl.markPublished();
        pubBiChanges = level.k.biChanges;
        // Without a recomputation a segment's fields stay as they are, and what its view reads
        // beyond them (end bar, time and price) is its last line's view: when no stroke's view
        // changed, no segment's did, and then no segment of segments' either. Only the last strokes
        // can change without a recomputation (the last merged bar takes the bar), and the stroke diff
        // above covers them, unless a segment ends at a line that has left its list (chan.py keeps
        // such links; that line still takes bars), so those are compared anyway.
        if (level.calculated || !out.isEmpty()
                || endsOffList(level.segList.segs, level.biList.bis, level.segList.dirtyFrom)
                || endsOffList(level.segsegList.segs, level.segList.segs, level.segsegList.dirtyFrom)) {
            boolean c = level.calculated;
            diffLines(level.segList.segs, pubSeg, c ? level.segViewFrom : level.segList.dirtyFrom, ChanEvent.LineLevel.SEG, cause,
                    time, out);
            diffLines(level.segsegList.segs, pubSegseg, c ? level.segsegViewFrom : level.segsegList.dirtyFrom,
                    ChanEvent.LineLevel.SEGSEG, cause, time, out);
        }
        if (level.calculated) {
            diffPivots(level.zsList.zsLst, pubZs, level.zsList.dirtyFrom, ChanEvent.PivotLevel.BI, cause, time, out);
            diffPivots(level.segzsList.zsLst, pubSegZs, level.segzsList.dirtyFrom, ChanEvent.PivotLevel.SEG, cause, time, out);
            diffBsp(cause, time, out);
        }
    }

    /** Whether a segment from {@code from} on ends at a line that is no longer in {@code lines}. */
    private static boolean endsOffList(LineList<Seg> segs, LineList<? extends Line> lines, int from) {
        for (int i = Math.max(from, segs.base); i < segs.size(); i++) {
            Seg s = segs.get(i);
            if (s.frozen) {
                continue;
            }
            if (!lines.holds(s.endBi)) {
                return true;
            }
        }
        return false;
    }

    private void publishAll(long cause, long time, List<ChanEvent> out) {
        diffLines(level.biList.bis, pubBi, 0, ChanEvent.LineLevel.BI, cause, time, out);
        level.biList.markPublished();
        pubBiChanges = level.k.biChanges;
        diffLines(level.segList.segs, pubSeg, 0, ChanEvent.LineLevel.SEG, cause, time, out);
        diffLines(level.segsegList.segs, pubSegseg, 0, ChanEvent.LineLevel.SEGSEG, cause, time, out);
        diffPivots(level.zsList.zsLst, pubZs, 0, ChanEvent.PivotLevel.BI, cause, time, out);
        diffPivots(level.segzsList.zsLst, pubSegZs, 0, ChanEvent.PivotLevel.SEG, cause, time, out);
        diffBspFull(cause, time, out);
    }

    /** Test hook: the published view equals a full recomputation of the current view. */
    String checkPublished() {
        List<ChanEvent> out = new ArrayList<>();
        String keys = checkKeys(level.bspList, false) + checkKeys(level.segBspList, true);
        diffLines(level.biList.bis, pubBi, 0, ChanEvent.LineLevel.BI, 0, 0, out);
        diffLines(level.segList.segs, pubSeg, 0, ChanEvent.LineLevel.SEG, 0, 0, out);
        diffLines(level.segsegList.segs, pubSegseg, 0, ChanEvent.LineLevel.SEGSEG, 0, 0, out);
        diffPivots(level.zsList.zsLst, pubZs, 0, ChanEvent.PivotLevel.BI, 0, 0, out);
        diffPivots(level.segzsList.zsLst, pubSegZs, 0, ChanEvent.PivotLevel.SEG, 0, 0, out);
        diffBspFull(0, 0, out);
        return out.isEmpty() && keys.isEmpty() ? null : out + keys;
    }

    /** Test hook: the point list's key index equals its store. */
    private String checkKeys(BspList bl, boolean seg) {
        curN = 0;
        collect(bl, seg);
        long[] all = java.util.Arrays.stream(curKeys, 0, curN).sorted().distinct().toArray();
        long[] idx = java.util.Arrays.copyOf(bl.keys, bl.nKeys);
        return java.util.Arrays.equals(all, idx) ? "" : " key index " + java.util.Arrays.toString(idx) + " != store " + java.util.Arrays.toString(all);
    }

    private static ChanEvent.Line view(Line l) {
        return new ChanEvent.Line(l.idx, l.isUp(), l.beginKlu(), l.endKlu(), l.beginTime(), l.endTime(), l.beginVal(), l.endVal(),
                l.isSure());
    }

    private static ChanEvent.Pivot view(int idx, Zs z) {
        return new ChanEvent.Pivot(idx, z.begin, z.end, z.beginTime, z.endTime, z.low, z.high, z.peakLow,
                z.peakHigh, z.beginBi.idx, z.endBi.idx, z.sure);
    }

    private void diffLines(LineList<? extends Line> cur, LineList<ChanEvent.Line> pub, int from,
                           ChanEvent.LineLevel lv, long cause, long time, List<ChanEvent> out) {
        from = Math.max(Math.max(from, 0), Math.max(cur.base, pub.base));
        int n = Math.max(cur.size(), pub.size());
        // removals first, newest first
        for (int i = pub.size() - 1; i >= cur.size() && i >= from; i--) {
            out.add(new ChanEvent.LineEvent(cause, time, ChanEvent.Change.REMOVED, lv, pub.get(i)));
        }
        pub.truncate(Math.max(cur.size(), from));
        for (int i = from; i < n && i < cur.size(); i++) {
            Line l = cur.get(i);
            if (i >= pub.size()) {
                ChanEvent.Line v = view(l);
                pub.add(v);
                out.add(new ChanEvent.LineEvent(cause, time, ChanEvent.Change.CREATED, lv, v));
            } else {
                ChanEvent.Line o = pub.get(i);
                if (!sameLine(o, l)) {
                    ChanEvent.Line v = view(l);
                    ChanEvent.Change ch;
                    if (o.up() != v.up() || o.beginBar() != v.beginBar() || o.beginPrice() != v.beginPrice()) {
                        ch = ChanEvent.Change.REPLACED;
                    } else if (o.endBar() != v.endBar() || o.endPrice() != v.endPrice()) {
                        ch = ChanEvent.Change.EXTENDED;
                    } else {
                        ch = v.sure() ? ChanEvent.Change.CONFIRMED : ChanEvent.Change.UNCONFIRMED;
                    }
                    pub.set(i, v);
                    out.add(new ChanEvent.LineEvent(cause, time, ch, lv, v));
                }
            }
        }
    }

    /** {@code o.equals(view(l))} without building the view. */
    private static boolean sameLine(ChanEvent.Line o, Line l) {
        return o.idx() == l.idx && o.up() == l.isUp() && o.sure() == l.isSure() && o.endBar() == l.endKlu()
                && o.beginBar() == l.beginKlu() && Double.compare(o.endPrice(), l.endVal()) == 0
                && Double.compare(o.beginPrice(), l.beginVal()) == 0 && o.endTime() == l.endTime()
                && o.beginTime() == l.beginTime();
    }

    /** {@code o.equals(view(idx, z))} without building the view. */
    private static boolean samePivot(ChanEvent.Pivot o, int idx, Zs z) {
        return o.idx() == idx && o.beginBar() == z.begin && o.endBar() == z.end && o.sure() == z.sure
                && o.beginLine() == z.beginBi.idx && o.endLine() == z.endBi.idx && o.beginTime() == z.beginTime
                && o.endTime() == z.endTime && Double.compare(o.low(), z.low) == 0 && Double.compare(o.high(), z.high) == 0
                && Double.compare(o.peakLow(), z.peakLow) == 0 && Double.compare(o.peakHigh(), z.peakHigh) == 0;
    }

    private void diffPivots(LineList<Zs> cur, LineList<ChanEvent.Pivot> pub, int from, ChanEvent.PivotLevel lv, long cause,
                            long time, List<ChanEvent> out) {
        from = Math.max(Math.max(from, 0), Math.max(cur.base, pub.base));
        for (int i = pub.size() - 1; i >= cur.size() && i >= from; i--) {
            out.add(new ChanEvent.PivotEvent(cause, time, ChanEvent.Change.REMOVED, lv, pub.get(i)));
        }
        pub.truncate(Math.max(cur.size(), from));
        for (int i = from; i < cur.size(); i++) {
            Zs z = cur.get(i);
            if (i >= pub.size()) {
                ChanEvent.Pivot v = view(i, z);
                pub.add(v);
                out.add(new ChanEvent.PivotEvent(cause, time, ChanEvent.Change.CREATED, lv, v));
            } else {
                ChanEvent.Pivot o = pub.get(i);
                if (!samePivot(o, i, z)) {
                    ChanEvent.Pivot v = view(i, z);
                    ChanEvent.Change ch;
                    if (o.beginBar() != v.beginBar() || o.beginLine() != v.beginLine()) {
                        ch = ChanEvent.Change.REPLACED;
                    } else if (o.sure() != v.sure() && o.endBar() == v.endBar() && o.low() == v.low() && o.high() == v.high()) {
                        ch = v.sure() ? ChanEvent.Change.CONFIRMED : ChanEvent.Change.UNCONFIRMED;
                    } else {
                        ch = ChanEvent.Change.EXTENDED;
                    }
                    pub.set(i, v);
                    out.add(new ChanEvent.PivotEvent(cause, time, ch, lv, v));
                }
            }
        }
    }

    /** key: level (1 bit) | bar (40 bits) | isBuy (1 bit) | type ordinal (3 bits). */
    static long bspKey(boolean seg, int bar, boolean isBuy, BspType t) {
        return ((seg ? 1L : 0L) << 60) | ((long) bar << 4) | ((isBuy ? 1L : 0L) << 3) | t.ordinal();
    }

    private long[] curKeys = new long[16];
    private long[] curMeta = new long[32];
    private int curN;
    long[] pubKeys = new long[16];
    long[] pubMeta = new long[32]; // per key: time, price bits
    int pubN;

    private void collect(BspList bl, boolean seg) {
        for (List<List<Bsp>> pair : bl.store.values()) {
            for (List<Bsp> l : pair) {
                for (Bsp b : l) {
                    for (BspType t : b.types) {
                        if (curN == curKeys.length) {
                            curKeys = java.util.Arrays.copyOf(curKeys, curN * 2);
                        }
                        curKeys[curN++] = bspKey(seg, b.klu, b.isBuy, t);
                    }
                }
            }
        }
    }

    private void collectMeta(BspList bl, boolean seg) {
        // fills curMeta aligned with sorted curKeys
        for (List<List<Bsp>> pair : bl.store.values()) {
            for (List<Bsp> l : pair) {
                for (Bsp b : l) {
                    for (BspType t : b.types) {
                        long key = bspKey(seg, b.klu, b.isBuy, t);
                        int i = IdxMap.search(curKeys, curN, key);
                        curMeta[2 * i] = b.time;
                        curMeta[2 * i + 1] = Double.doubleToRawLongBits(b.price);
                    }
                }
            }
        }
    }

    /**
     * Per-step point diff: only the keys the point lists touched since the last publish can have
     * changed, so look those up in the published set. Same events, in the same (key) order, as
     * {@link #diffBspFull}.
     */
    private void diffBsp(long cause, long time, List<ChanEvent> out) {
        BspList bl = level.bspList;
        BspList sl = level.segBspList;
        int n = bl.nTouched + sl.nTouched;
        if (n == 0) {
            return;
        }
        if (curKeys.length < n) {
            curKeys = new long[Math.max(n, 2 * curKeys.length)];
        }
        System.arraycopy(bl.touched, 0, curKeys, 0, bl.nTouched);
        System.arraycopy(sl.touched, 0, curKeys, bl.nTouched, sl.nTouched);
        bl.nTouched = 0;
        sl.nTouched = 0;
        java.util.Arrays.sort(curKeys, 0, n);
        long prev = -1;
        for (int j = 0; j < n; j++) {
            long key = curKeys[j];
            if (key == prev) {
                continue;
            }
            prev = key;
            BspList src = (key >>> 60) == 1 ? sl : bl;
            int ci = src.keyIndex(key);
            boolean now = ci >= 0;
            int i = IdxMap.search(pubKeys, pubN, key);
            if (now && i < 0) {
                i = -i - 1;
                long t = src.keyMeta[2 * ci];
                long priceBits = src.keyMeta[2 * ci + 1];
                pubInsert(i, key, t, priceBits);
                out.add(bspEvent(cause, time, true, key, t, priceBits));
            } else if (!now && i >= 0) {
                out.add(bspEvent(cause, time, false, key, pubMeta[2 * i], pubMeta[2 * i + 1]));
                System.arraycopy(pubKeys, i + 1, pubKeys, i, pubN - i - 1);
                System.arraycopy(pubMeta, 2 * i + 2, pubMeta, 2 * i, 2 * (pubN - i - 1));
                pubN--;
            }
        }
    }

    private void pubInsert(int i, long key, long t, long priceBits) {
        if (pubN == pubKeys.length) {
            pubKeys = java.util.Arrays.copyOf(pubKeys, 2 * pubN);
        }
        if (pubMeta.length < 2 * pubKeys.length) {
            pubMeta = java.util.Arrays.copyOf(pubMeta, 2 * pubKeys.length);
        }
        System.arraycopy(pubKeys, i, pubKeys, i + 1, pubN - i);
        System.arraycopy(pubMeta, 2 * i, pubMeta, 2 * i + 2, 2 * (pubN - i));
        pubKeys[i] = key;
        pubMeta[2 * i] = t;
        pubMeta[2 * i + 1] = priceBits;
        pubN++;
    }

    /** The full point diff: every stored point against the published set (restore, pruning, batch, test hook). */
    private void diffBspFull(long cause, long time, List<ChanEvent> out) {
        level.bspList.nTouched = 0;
        level.segBspList.nTouched = 0;
        curN = 0;
        collect(level.bspList, false);
        collect(level.segBspList, true);
        java.util.Arrays.sort(curKeys, 0, curN);
        // dedupe (a point may list a type twice)
        int m = 0;
        for (int i = 0; i < curN; i++) {
            if (m == 0 || curKeys[m - 1] != curKeys[i]) {
                curKeys[m++] = curKeys[i];
            }
        }
        curN = m;
        if (curMeta.length < 2 * curKeys.length) {
            curMeta = new long[2 * curKeys.length];
        }
        collectMeta(level.bspList, false);
        collectMeta(level.segBspList, true);
        int i = 0;
        int j = 0;
        while (i < pubN || j < curN) {
            long a = i < pubN ? pubKeys[i] : Long.MAX_VALUE;
            long b = j < curN ? curKeys[j] : Long.MAX_VALUE;
            if (a == b) {
                i++;
                j++;
            } else if (a < b) {
                out.add(bspEvent(cause, time, false, a, pubMeta[2 * i], pubMeta[2 * i + 1]));
                i++;
            } else {
                out.add(bspEvent(cause, time, true, b, curMeta[2 * j], curMeta[2 * j + 1]));
                j++;
            }
        }
        long[] t = pubKeys;
        pubKeys = curKeys;
        curKeys = t;
        t = pubMeta;
        pubMeta = curMeta;
        curMeta = t;
        pubN = curN;
    }

    private static ChanEvent.BspEvent bspEvent(long cause, long time, boolean added, long key, long t, long priceBits) {
        boolean seg = (key >>> 60) == 1;
        int bar = (int) ((key >>> 4) & ((1L << 40) - 1));
        boolean isBuy = ((key >>> 3) & 1) == 1;
        BspType type = BspType.values()[(int) (key & 7)];
        return new ChanEvent.BspEvent(cause, time, added, seg ? ChanEvent.BspLevel.SEG : ChanEvent.BspLevel.BI, bar,
                t, isBuy, type, Double.longBitsToDouble(priceBits));
    }

    // ---------------------------------------------------------------------------------------------
    // Read-only views for feature extraction. They read what was last published (the engine's view
    // as of the last bar, exactly what the events reported) and never change the engine.

    /**
     * A buy/sell point as last published.
     *
     * @param bar the 0-based index of the bar at the line end (the point's bar)
     * @param types the point's types, in {@link BspType} order
     * @param divergenceRate the out/in MACD-metric ratio of the engine's type-1 check of this line end
     *                       (chan.py {@code divergence_rate}); NaN when the engine made none
     */
    public record PointView(ChanEvent.BspLevel level, int bar, long time, boolean buy, Set<BspType> types,
                            double divergenceRate) {
        public PointView {
            types = Collections.unmodifiableSet(EnumSet.copyOf(types));
        }
    }

    /** The time of the last bar fed, {@code Long.MIN_VALUE} before the first. */
    public long lastBarTime() {
        return lastTime;
    }

    /** The kept lines of one line level as last published, oldest first (a copy; older ones were pruned). */
    public List<ChanEvent.Line> lines(ChanEvent.LineLevel lv) {
        LineList<ChanEvent.Line> l = switch (lv) {
            case BI -> pubBi;
            case SEG -> pubSeg;
            case SEGSEG -> pubSegseg;
        };
        return List.copyOf(l.items());
    }

    /** The kept pivots of one pivot level as last published, oldest first (a copy). */
    public List<ChanEvent.Pivot> pivots(ChanEvent.PivotLevel lv) {
        return List.copyOf((lv == ChanEvent.PivotLevel.BI ? pubZs : pubSegZs).items());
    }

    /** The published buy/sell points, ordered by (level, bar, side). */
    public List<PointView> points() {
        List<PointView> out = new ArrayList<>();
        int i = 0;
        while (i < pubN) {
            long group = pubKeys[i] & ~7L; // level | bar | side: only the type bits differ within a point
            EnumSet<BspType> types = EnumSet.noneOf(BspType.class);
            long time = pubMeta[2 * i];
            while (i < pubN && (pubKeys[i] & ~7L) == group) {
                types.add(BspType.values()[(int) (pubKeys[i] & 7)]);
                i++;
            }
            boolean seg = (group >>> 60) == 1;
            int bar = (int) ((group >>> 4) & ((1L << 40) - 1));
            boolean buy = ((group >>> 3) & 1) == 1;
            out.add(new PointView(seg ? ChanEvent.BspLevel.SEG : ChanEvent.BspLevel.BI, bar, time, buy, types,
                    divergenceRate(seg ? level.segBspList : level.bspList, bar, buy)));
        }
        return out;
    }

    /** The published point at {@code (lv, time, buy)}, or null when there is none. */
    public PointView point(ChanEvent.BspLevel lv, long time, boolean buy) {
        for (PointView p : points()) {
            if (p.level() == lv && p.time() == time && p.buy() == buy) {
                return p;
            }
        }
        return null;
    }

    /** The start time of bar {@code bar} (0-based) if it is still kept, else {@code Long.MIN_VALUE}. */
    public long barTime(int bar) {
        return bar >= level.k.kluBase && bar < level.k.kluSize() ? level.k.time(bar) : Long.MIN_VALUE;
    }

    /** The type-1 check's ratio at a line end: stored with the point, or with a type-1 candidate that is not a target. */
    private static double divergenceRate(BspList bl, int bar, boolean buy) {
        for (List<List<Bsp>> pair : bl.store.values()) {
            for (Bsp b : pair.get(buy ? 1 : 0)) {
                if (b.klu == bar && !Double.isNaN(b.divergenceRate)) {
                    return b.divergenceRate;
                }
            }
        }
        for (Bsp b : bl.bsp1List) {
            if (b.klu == bar && b.isBuy == buy && !Double.isNaN(b.divergenceRate)) {
                return b.divergenceRate;
            }
        }
        return Double.NaN;
    }

    /** The compact, versioned binary form of this state (see {@link StateCodec}). */
    public byte[] toBytes() {
        if (!level.step) {
            throw new IllegalStateException("batch-mode states are not serializable");
        }
        return StateCodec.write(this);
    }

    /** Restores a state written by {@link #toBytes()}; the config must be the one it was written with. */
    public static ChanState fromBytes(byte[] bytes, ChanConfig config) {
        return StateCodec.read(bytes, config);
    }

    /** After a restore: the published view is the state's own current view. */
    void rebuildPublished() {
        pubBi.base = level.biList.bis.base;
        pubSeg.base = level.segList.segs.base;
        pubSegseg.base = level.segsegList.segs.base;
        pubZs.base = level.zsList.zsLst.base;
        pubSegZs.base = level.segzsList.zsLst.base;
        level.bspList.rebuildKeys();
        level.segBspList.rebuildKeys();
        pubN = 0;
        publishAll(0, 0, new ArrayList<>());
    }
}
