package io.chanflow.state;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/** Buy/sell point calculation for one level (chan.py BuySellPoint/BSPointList.py). */
final class BspList {
    final KBars k;
    final ChanConfig cfg;
    final boolean segLevel;
    /** per type: [sell list, buy list] in insertion order of types. */
    final EnumMap<BspType, List<List<Bsp>>> store = new EnumMap<>(BspType.class);
    final IdxMap storeFlat = new IdxMap();
    final List<Bsp> bsp1List = new ArrayList<>();
    int lastSurePos = -1;
    int lastSureSegIdx = 0;
    /**
     * The (point, type) keys of the stored points ({@link ChanState#bspKey}), sorted, each with the
     * number of stored points holding it, and the keys touched since the last publish: the event
     * diff only looks at those. Derived from {@link #store}; not part of the serialized state.
     */
    long[] keys = new long[32];
    int[] holders = new int[32];
    /** Per key: the point's time and price bits (a function of the key's bar, which may be pruned already). */
    long[] keyMeta = new long[64];
    int nKeys;
    long[] touched = new long[16];
    int nTouched;

    BspList(KBars k, ChanConfig cfg, boolean segLevel) {
        this.k = k;
        this.cfg = cfg;
        this.segLevel = segLevel;
        this.sellTargets = mask(cfg.point(segLevel, false));
        this.buyTargets = mask(cfg.point(segLevel, true));
    }

    /** The target types of each side as bit masks by ordinal ({@link ChanConfig.PointConfig#targets}, without the set look-up). */
    private final int sellTargets;
    private final int buyTargets;

    private static int mask(ChanConfig.PointConfig c) {
        int m = 0;
        for (BspType t : BspType.values()) {
            if (c.targets(t)) {
                m |= 1 << t.ordinal();
            }
        }
        return m;
    }

    private boolean targets(boolean isBuy, BspType t) {
        return ((isBuy ? buyTargets : sellTargets) & (1 << t.ordinal())) != 0;
    }

    private ChanConfig.PointConfig conf(boolean isBuy) {
        return cfg.point(segLevel, isBuy);
    }

    private void storeAddBsp(BspType t, Bsp bsp) {
        List<List<Bsp>> pair = store.computeIfAbsent(t, x -> List.of(new ArrayList<>(), new ArrayList<>()));
        List<Bsp> l = pair.get(bsp.isBuy ? 1 : 0);
        if (!l.isEmpty() && !(l.get(l.size() - 1).bi.idx < bsp.bi.idx)) {
            throw new IllegalStateException("bsp store order " + t + " " + l.get(l.size() - 1).bi.idx + " " + bsp.bi.idx);
        }
        l.add(bsp);
        storeFlat.put(bsp.bi.idx, bsp);
        keyAdd(key(bsp, t), bsp);
    }

    private long key(Bsp b, BspType t) {
        return ChanState.bspKey(segLevel, b.klu, b.isBuy, t);
    }

    private void touch(long key) {
        if (nTouched == touched.length) {
            touched = java.util.Arrays.copyOf(touched, nTouched * 2);
        }
        touched[nTouched++] = key;
    }

    // A point pass removes every point after the last sure position and then adds most of them
    // back, so the key changes of one pass are collected and only their net is applied: a key
    // removed and added back stays as it was (its time and price are those of its bar).
    private boolean deferKeys;
    private long[] pendAdd = new long[16];
    private long[] pendAddMeta = new long[32];
    private int nPendAdd;
    private long[] pendRem = new long[16];
    private int nPendRem;

    private void keyAdd(long key, Bsp b) {
        if (deferKeys) {
            if (nPendAdd == pendAdd.length) {
                pendAdd = java.util.Arrays.copyOf(pendAdd, 2 * nPendAdd);
                pendAddMeta = java.util.Arrays.copyOf(pendAddMeta, 4 * nPendAdd);
            }
            pendAddMeta[2 * nPendAdd] = b.time;
            pendAddMeta[2 * nPendAdd + 1] = Double.doubleToRawLongBits(b.price);
            pendAdd[nPendAdd++] = key;
            return;
        }
        keyInsert(key, b.time, Double.doubleToRawLongBits(b.price));
    }

    private void keyInsert(long key, long time, long priceBits) {
        int i = IdxMap.search(keys, nKeys, key);
        if (i >= 0) {
            holders[i]++;
            return;
        }
        i = -i - 1;
        if (nKeys == keys.length) {
            keys = java.util.Arrays.copyOf(keys, nKeys * 2);
            holders = java.util.Arrays.copyOf(holders, nKeys * 2);
            keyMeta = java.util.Arrays.copyOf(keyMeta, nKeys * 4);
        }
        System.arraycopy(keys, i, keys, i + 1, nKeys - i);
        System.arraycopy(holders, i, holders, i + 1, nKeys - i);
        System.arraycopy(keyMeta, 2 * i, keyMeta, 2 * i + 2, 2 * (nKeys - i));
        keys[i] = key;
        holders[i] = 1;
        keyMeta[2 * i] = time;
        keyMeta[2 * i + 1] = priceBits;
        nKeys++;
        touch(key);
    }

    /** The index of {@code key} in {@link #keys}, negative when no stored point holds it. */
    int keyIndex(long key) {
        return IdxMap.search(keys, nKeys, key);
    }

    private void keyRemove(long key) {
        if (deferKeys) {
            if (nPendRem == pendRem.length) {
                pendRem = java.util.Arrays.copyOf(pendRem, 2 * nPendRem);
            }
            pendRem[nPendRem++] = key;
            return;
        }
        keyDelete(key);
    }

    /** Applies the net of the key changes collected during a pass: removals first, as the pass made them. */
    private void applyPendingKeys() {
        deferKeys = false;
        for (int a = 0; a < nPendAdd; a++) {
            long key = pendAdd[a];
            for (int r = 0; r < nPendRem; r++) {
                if (pendRem[r] == key) {
                    pendRem[r] = pendRem[--nPendRem];
                    pendAdd[a] = -1;
                    break;
                }
            }
        }
        for (int r = 0; r < nPendRem; r++) {
            keyDelete(pendRem[r]);
        }
        for (int a = 0; a < nPendAdd; a++) {
            if (pendAdd[a] >= 0) {
                keyInsert(pendAdd[a], pendAddMeta[2 * a], pendAddMeta[2 * a + 1]);
            }
        }
        nPendAdd = 0;
        nPendRem = 0;
    }

    private void keyDelete(long key) {
        int i = IdxMap.search(keys, nKeys, key);
        if (i < 0) {
            throw new IllegalStateException("bsp key index out of sync");
        }
        if (--holders[i] > 0) {
            return;
        }
        System.arraycopy(keys, i + 1, keys, i, nKeys - i - 1);
        System.arraycopy(holders, i + 1, holders, i, nKeys - i - 1);
        System.arraycopy(keyMeta, 2 * i + 2, keyMeta, 2 * i, 2 * (nKeys - i - 1));
        nKeys--;
        touch(key);
    }

    /** Adds (or, with {@code add} false, removes) the keys of a point's distinct types (a point can list a type twice, as in chan.py). */
    private void indexPoint(Bsp b, boolean add) {
        List<BspType> ts = b.types;
        for (int i = 0; i < ts.size(); i++) {
            BspType t = ts.get(i);
            if (ts.indexOf(t) == i) {
                if (add) {
                    keyAdd(key(b, t), b);
                } else {
                    keyRemove(key(b, t));
                }
            }
        }
    }

    /** Rebuilds the key index from the store (after pruning or a restore); nothing is touched. */
    void rebuildKeys() {
        nKeys = 0;
        nTouched = 0;
        for (List<List<Bsp>> pair : store.values()) {
            for (List<Bsp> l : pair) {
                for (Bsp b : l) {
                    indexPoint(b, true);
                }
            }
        }
        nTouched = 0;
    }

    private void addBsp1(Bsp bsp) {
        if (!bsp1List.isEmpty() && !(bsp1List.get(bsp1List.size() - 1).bi.idx < bsp.bi.idx)) {
            throw new IllegalStateException("bsp1 order");
        }
        bsp1List.add(bsp);
    }

    /**
     * Removes the stored points whose line ends after the last sure position. The store's lists are
     * each ordered by line, and a line's end bar grows with its index, so those points are the tail
     * of {@link #storeFlat} (ordered by line too); each, newest first, is then the last of its list
     * (the one of its first type and side: the point joined the store with that type).
     */
    private void clearStoreEnd() {
        for (int i = storeFlat.size() - 1; i >= 0; i--) {
            Bsp last = storeFlat.valueAt(i);
            if (last.bi.endKlu() <= lastSurePos) {
                break;
            }
            List<Bsp> l = store.get(last.types.get(0)).get(last.isBuy ? 1 : 0);
            if (l.isEmpty() || l.get(l.size() - 1) != last) {
                throw new IllegalStateException("bsp store out of sync with its flat index");
            }
            l.remove(l.size() - 1);
            storeFlat.removeLast();
            indexPoint(last, false);
        }
    }

    private void clearBsp1End() {
        while (!bsp1List.isEmpty()) {
            Bsp last = bsp1List.get(bsp1List.size() - 1);
            if (last.bi.endKlu() <= lastSurePos) {
                break;
            }
            bsp1List.remove(bsp1List.size() - 1);
        }
    }

    // The retracement-ratio decisions of the last pass that read the last line (not state; the one
    // decision of the pass besides the type-1 ones that reads a difference of its end price): which
    // ratio (type 2: the line's amplitude over the break line's; type 2s: the distance of its end
    // from the break line's end over the break line's amplitude), its lines, its bound and how it
    // came out. A relabel after the last line's end price moved stands when each comes out the same
    // with the prices as they are (ratioDecisionsStand).
    private static final byte RATIO_2 = 0;
    private static final byte RATIO_2S = 1;
    private int nRatio;
    private byte[] ratioKind = new byte[4];
    private Line[] ratioLine = new Line[4];
    private Line[] ratioBreak = new Line[4];
    private double[] ratioBound = new double[4];
    private boolean[] ratioOutcome = new boolean[4];
    /** Test hook: false re-runs the passes whenever a ratio decision read the last line and its end price moved. */
    boolean reuseRatioDecisions = true;

    /**
     * The decision a retracement ratio makes (type 2: within the bound; type 2s: beyond it, which
     * ends the walk), as the pass makes it (a break line without amplitude gives NaN, which is
     * neither).
     */
    private static boolean ratioDecision(byte kind, Line line, Line breakBi, double bound) {
        if (kind == RATIO_2) {
            return line.amp() / breakBi.amp() <= bound;
        }
        return Math.abs(line.endVal() - breakBi.endVal()) / breakBi.amp() > bound;
    }

    /** Makes a ratio decision of the pass, noting it when it read the last line. */
    private boolean ratio(LineList<? extends Line> lines, byte kind, Line line, Line breakBi, double bound) {
        boolean d = ratioDecision(kind, line, breakBi, bound);
        Line last = lines.get(lines.size() - 1);
        if (line == last || breakBi == last) {
            if (nRatio == ratioKind.length) {
                int m = 2 * nRatio;
                ratioKind = java.util.Arrays.copyOf(ratioKind, m);
                ratioLine = java.util.Arrays.copyOf(ratioLine, m);
                ratioBreak = java.util.Arrays.copyOf(ratioBreak, m);
                ratioBound = java.util.Arrays.copyOf(ratioBound, m);
                ratioOutcome = java.util.Arrays.copyOf(ratioOutcome, m);
            }
            ratioKind[nRatio] = kind;
            ratioLine[nRatio] = line;
            ratioBreak[nRatio] = breakBi;
            ratioBound[nRatio] = bound;
            ratioOutcome[nRatio] = d;
            nRatio++;
        }
        return d;
    }

    /**
     * Whether every ratio decision of the last pass that read the last line comes out as it did
     * with the lines' prices as they are now (the lines are the objects it read; a relabel keeps
     * them). Only these decisions of the pass read a difference of the last line's end price.
     */
    boolean ratioDecisionsStand() {
        if (!reuseRatioDecisions && nRatio > 0) {
            return false;
        }
        for (int i = 0; i < nRatio; i++) {
            if (ratioDecision(ratioKind[i], ratioLine[i], ratioBreak[i], ratioBound[i]) != ratioOutcome[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The prices the last pass compared with the last line's end price: line prices and pivot values
     * (its retracement ratios are recorded apart, see {@link #ratioDecisionsStand}). Not state; see
     * {@code Level#gapClear}.
     */
    final PriceCmp cmp = new PriceCmp();

    void cal(LineList<? extends Line> lines, SegList segList) {
        cmp.reset(lines.isEmpty() ? null : lines.get(-1));
        deferKeys = true;
        for (int i = 0; i < nRatio; i++) {
            ratioLine[i] = null;
            ratioBreak[i] = null;
        }
        nRatio = 0;
        try {
            clearStoreEnd();
            clearBsp1End();
            calSegBs1point(segList, lines);
            calSegBs2point(segList, lines);
            calSegBs3point(segList, lines);
            updateLastPos(segList);
        } finally {
            applyPendingKeys();
        }
    }

    /**
     * What a recomputation of this pass gives when the last one was a fixed point and, of everything
     * it reads, only the end bar of {@code last} (the last line) moved: the same points, those on
     * {@code last} at its new end bar (their bar, time and price, and so their keys) and, for type-1
     * points, with the divergence rate recomputed from its MACD metric. The pass decides on prices,
     * structure and MACD metrics only; the caller checked that the type-1 decisions on the last line
     * stand ({@link #relabelKeepsDecisions}) and, when its end price moved, that no compared price
     * lies in between and every retracement ratio that read it decides as before ({@link #ratioDecisionsStand}; see
     * {@code Level#gapClear}).
     */
    void relabel(Line last) {
        // the points of allOn, in its order (a loop, not a capturing lambda: this runs on most bars)
        Bsp stored = storedOn(last);
        if (stored != null) {
            relabelPoint(stored, true);
        }
        for (int i = bsp1List.size() - 1; i >= 0 && bsp1List.get(i).bi.idx >= last.idx; i--) {
            Bsp b = bsp1List.get(i);
            if (b.bi == last && b != stored) {
                relabelPoint(b, false);
            }
        }
    }

    /** The stored point on {@code last}, or null. */
    private Bsp storedOn(Line last) {
        Bsp stored = storeFlat.get(last.idx);
        return stored != null && stored.bi == last ? stored : null;
    }

    /**
     * Whether {@code f} holds for every point on {@code last} (the stored one, then the type-1 ones of
     * {@link #bsp1List} not stored), stopping at the first that fails.
     */
    private boolean allOn(Line last, java.util.function.Predicate<Bsp> f) {
        Bsp stored = storedOn(last);
        if (stored != null && !f.test(stored)) {
            return false;
        }
        for (int i = bsp1List.size() - 1; i >= 0 && bsp1List.get(i).bi.idx >= last.idx; i--) {
            Bsp b = bsp1List.get(i);
            if (b.bi == last && b != stored && !f.test(b)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the type-1 decisions of the points on {@code last} (the last line) come out as they did
     * with its MACD metric as it is now; then {@link #relabel} gives what the pass gives. Every type-1
     * judgement of the last line leaves a point on it (in {@link #bsp1List}, stored or not), and each
     * records how it was judged; a restored point did not, so it answers no.
     */
    boolean relabelKeepsDecisions(Line last) {
        return allOn(last, BspList::keepsDecision);
    }

    private static boolean keepsDecision(Bsp b) {
        switch (b.divKind) {
            case Bsp.DIV_FIXED:
                return true;
            case Bsp.DIV_PIVOT:
            case Bsp.DIV_PZ:
                double out = b.bi.macdMetric(b.divConf.macdAlgo(), true);
                return decision(b.divKind, b.divConf, b.divIn, out) == decision(b.divKind, b.divConf, b.divIn, b.divOut);
            default:
                return false;
        }
    }

    /** The type-1 ({@link Bsp#DIV_PIVOT}, after a break) or type-1p ({@link Bsp#DIV_PZ}) divergence decision. */
    private static boolean decision(byte kind, ChanConfig.PointConfig c, double in, double out) {
        return kind == Bsp.DIV_PIVOT ? Zs.divergenceDecision(c, in, out) : out <= c.divergenceRate() * in;
    }

    /** The divergence rate recorded with a type-1 ({@link Bsp#DIV_PIVOT}) or type-1p ({@link Bsp#DIV_PZ}) point. */
    private static double rate(byte kind, double in, double out) {
        return kind == Bsp.DIV_PIVOT ? out / in : out / (in + 1e-7);
    }

    /** The divergence rate a pass would compute now for a type-1 point on a line whose end moved. */
    private static void rejudge(Bsp b) {
        if (b.divKind == Bsp.DIV_PIVOT || b.divKind == Bsp.DIV_PZ) {
            double out = b.bi.macdMetric(b.divConf.macdAlgo(), true);
            b.divOut = out;
            b.divergenceRate = rate(b.divKind, b.divIn, out);
        }
    }

    private void relabelPoint(Bsp b, boolean indexed) {
        rejudge(b);
        int klu = b.bi.endKlu();
        double price = b.isBuy ? b.bi.endKluLow() : b.bi.endKluHigh();
        if (klu == b.klu && Double.compare(price, b.price) == 0) {
            return;
        }
        if (indexed) {
            indexPoint(b, false);
        }
        b.klu = klu;
        b.time = b.bi.endTime();
        b.price = price;
        if (indexed) {
            indexPoint(b, true);
        }
    }

    private void updateLastPos(SegList segList) {
        lastSurePos = -1;
        lastSureSegIdx = 0;
        for (int i = segList.size() - 1; i >= segList.segs.base; i--) {
            Seg s = segList.segs.get(i);
            if (s.sure) {
                lastSurePos = s.endBi.beginKlu();
                lastSureSegIdx = s.idx;
                return;
            }
        }
    }

    private boolean segNeedCal(Seg seg) {
        return seg.endBi.endKlu() > lastSurePos;
    }

    private void addBs(BspType t, Line bi, boolean isTarget, double divergenceRate) {
        addBs(t, bi, isTarget, divergenceRate, Bsp.DIV_FIXED, Double.NaN, Double.NaN, null);
    }

    private void addBs(BspType t, Line bi, boolean isTarget, double divergenceRate, byte divKind, double divIn,
                       double divOut, ChanConfig.PointConfig divConf) {
        boolean isBuy = bi.isDown();
        Bsp exist = storeFlat.get(bi.idx);
        if (exist != null) {
            if (exist.isBuy != isBuy) {
                throw new IllegalStateException("bsp side mismatch");
            }
            if (!exist.types.contains(t)) {
                keyAdd(key(exist, t), exist);
            }
            exist.types.add(t);
            return;
        }
        if (!targets(isBuy, t)) {
            isTarget = false;
        }
        boolean t1 = t == BspType.T1 || t == BspType.T1P;
        if (!(isTarget || t1)) {
            return;
        }
        Bsp bsp = new Bsp(k, bi, isBuy, t);
        bsp.divergenceRate = divergenceRate;
        bsp.divKind = divKind;
        bsp.divIn = divIn;
        bsp.divOut = divOut;
        bsp.divConf = divConf;
        if (isTarget) {
            storeAddBsp(t, bsp);
        }
        if (t1) {
            addBsp1(bsp);
        }
    }

    private void calSegBs1point(SegList segList, LineList<? extends Line> lines) {
        for (int i = Math.max(lastSureSegIdx, segList.segs.base); i < segList.size(); i++) {
            Seg seg = segList.segs.get(i);
            if (!segNeedCal(seg)) {
                continue;
            }
            calSingleBs1point(seg, lines);
        }
    }

    private void calSingleBs1point(Seg seg, LineList<? extends Line> lines) {
        ChanConfig.PointConfig c = conf(seg.isDown());
        int zsCnt = c.bsp1OnlyMultibiZs() ? seg.multiBiZsCnt() : seg.zsLst.size();
        boolean isTarget = c.minZsCnt() <= 0 || zsCnt >= c.minZsCnt();
        if (!seg.zsLst.isEmpty()) {
            Zs lz = seg.zsLst.get(seg.zsLst.size() - 1);
            if (!lz.isOneBiZs()
                    && ((lz.biOut != null && lz.biOut.idx >= seg.endBi.idx) || lz.biLst.get(lz.biLst.size() - 1).idx >= seg.endBi.idx)
                    && seg.endBi.idx - biIn(lz).idx > 2) {
                treatBsp1(seg, c, isTarget);
                return;
            }
        }
        treatPzBsp1(seg, c, lines, isTarget);
    }

    private static Line biIn(Zs z) {
        if (z.biIn == null) {
            throw new IllegalStateException("pivot without incoming line");
        }
        return z.biIn;
    }

    private void treatBsp1(Seg seg, ChanConfig.PointConfig c, boolean isTarget) {
        Zs lz = seg.zsLst.get(seg.zsLst.size() - 1);
        if (lz.biOut == cmp.last || seg.endBi == cmp.last) {
            // (the last line is the one going out, or one of the pivot's lines it is compared with)
            noteOutBiIsPeak(lz, seg.endBi.idx);
        }
        if (seg.endBi == cmp.last) {
            noteEndBiBreak(lz, seg.endBi);
        }
        boolean breakPeak = lz.outBiIsPeak(seg.endBi.idx);
        if (c.bs1Peak() && !breakPeak) {
            isTarget = false;
        }
        double[] div = lz.isDivergence(c, seg.endBi);
        if (div[0] == 0) {
            isTarget = false;
        }
        addBs(BspType.T1, seg.endBi, isTarget, div[1], div[2] == 0 ? Bsp.DIV_FIXED : Bsp.DIV_PIVOT, div[3], div[4], c);
    }

    private void treatPzBsp1(Seg seg, ChanConfig.PointConfig c, LineList<? extends Line> lines, boolean isTarget) {
        Line lastBi = seg.endBi;
        Line preBi = lines.get(lastBi.idx - 2);
        if (lastBi.segIdx != preBi.segIdx) {
            return;
        }
        if (lastBi.isUp() != seg.up) {
            return;
        }
        if (lastBi == cmp.last) {
            if (lastBi.isDown()) {
                cmp.note(lastBi.low(), preBi.low());
            } else {
                cmp.note(lastBi.high(), preBi.high());
            }
        }
        if (lastBi.isDown() && lastBi.low() > preBi.low()) {
            return;
        }
        if (lastBi.isUp() && lastBi.high() < preBi.high()) {
            return;
        }
        double in = preBi.macdMetric(c.macdAlgo(), false);
        double out = lastBi.macdMetric(c.macdAlgo(), true);
        if (!decision(Bsp.DIV_PZ, c, in, out)) {
            isTarget = false;
        }
        addBs(BspType.T1P, lastBi, isTarget, rate(Bsp.DIV_PZ, in, out), Bsp.DIV_PZ, in, out, c);
    }

    private void calSegBs2point(SegList segList, LineList<? extends Line> lines) {
        for (int i = Math.max(lastSureSegIdx, segList.segs.base); i < segList.size(); i++) {
            Seg seg = segList.segs.get(i);
            if (!targets(seg.isDown(), BspType.T2) && !targets(seg.isDown(), BspType.T2S)) {
                continue;
            }
            if (!segNeedCal(seg)) {
                continue;
            }
            treatBsp2(seg, segList, lines);
        }
    }

    private void treatBsp2(Seg seg, SegList segList, LineList<? extends Line> lines) {
        ChanConfig.PointConfig c;
        Line bsp1Bi;
        Line breakBi;
        Line bsp2Bi;
        if (segList.size() > 1) {
            c = conf(seg.isDown());
            bsp1Bi = seg.endBi;
            if (bsp1Bi.idx + 2 >= lines.size()) {
                return;
            }
            breakBi = lines.get(bsp1Bi.idx + 1);
            bsp2Bi = lines.get(bsp1Bi.idx + 2);
        } else {
            c = conf(seg.isUp());
            bsp1Bi = null;
            if (lines.size() == 1) {
                return;
            }
            bsp2Bi = lines.get(1);
            breakBi = lines.get(0);
        }
        if (c.bsp2Follow1() && (bsp1Bi == null || !storeFlat.containsKey(bsp1Bi.idx))) {
            return;
        }
        if (ratio(lines, RATIO_2, bsp2Bi, breakBi, c.maxBs2Rate())) {
            addBs(BspType.T2, bsp2Bi, true, Double.NaN);
        } else if (c.bsp2sFollow2()) {
            return;
        }
        if (!targets(seg.isDown(), BspType.T2S)) {
            return;
        }
        treatBsp2s(segList, lines, bsp2Bi, breakBi, c);
    }

    private void treatBsp2s(SegList segList, LineList<? extends Line> lines, Line bsp2Bi, Line breakBi, ChanConfig.PointConfig c) {
        int bias = 2;
        double lo = 0;
        double hi = 0;
        while (bsp2Bi.idx + bias < lines.size()) {
            Line s = lines.get(bsp2Bi.idx + bias);
            if (s.segIdx == Line.NO_SEG || bsp2Bi.segIdx == Line.NO_SEG) {
                throw new IllegalStateException("line without seg_idx");
            }
            if (c.maxBsp2sLv() != null && bias / 2.0 > c.maxBsp2sLv()) {
                break;
            }
            if (s.segIdx != bsp2Bi.segIdx
                    && (s.segIdx < segList.size() - 1 || s.segIdx - bsp2Bi.segIdx >= 2 || segList.segs.get(bsp2Bi.segIdx).sure)) {
                break;
            }
            // only the walked line can be the last one (the type-2 and break lines come before it)
            boolean isLast = s == cmp.last;
            if (bias == 2) {
                if (isLast) {
                    cmp.note(s.high(), bsp2Bi.low());
                    cmp.note(bsp2Bi.high(), s.low());
                    cmp.note(bsp2Bi.low(), s.low());
                    cmp.note(bsp2Bi.high(), s.high());
                }
                if (!(s.high() > bsp2Bi.low() && bsp2Bi.high() > s.low())) {
                    break;
                }
                lo = Math.max(bsp2Bi.low(), s.low());
                hi = Math.min(bsp2Bi.high(), s.high());
            } else {
                if (isLast) {
                    cmp.note(s.high(), lo);
                    cmp.note(hi, s.low());
                }
                if (!(s.high() > lo && hi > s.low())) {
                    break;
                }
            }
            if (isLast) {
                if (s.isDown()) {
                    cmp.note(s.low(), breakBi.low());
                } else {
                    cmp.note(s.high(), breakBi.high());
                }
            }
            if ((s.isDown() && s.low() < breakBi.low()) || (s.isUp() && s.high() > breakBi.high())) {
                break;
            }
            if (ratio(lines, RATIO_2S, s, breakBi, c.maxBs2Rate())) {
                break;
            }
            addBs(BspType.T2S, s, true, Double.NaN);
            bias += 2;
        }
    }

    private void calSegBs3point(SegList segList, LineList<? extends Line> lines) {
        for (int i = Math.max(lastSureSegIdx, segList.segs.base); i < segList.size(); i++) {
            Seg seg = segList.segs.get(i);
            if (!segNeedCal(seg)) {
                continue;
            }
            if (!targets(seg.isDown(), BspType.T3A) && !targets(seg.isDown(), BspType.T3B)) {
                continue;
            }
            Line bsp1Bi;
            int bsp1BiIdx;
            ChanConfig.PointConfig c;
            Seg nextSeg;
            int nextSegIdx;
            if (segList.size() > 1) {
                bsp1Bi = seg.endBi;
                bsp1BiIdx = bsp1Bi.idx;
                c = conf(seg.isDown());
                nextSegIdx = seg.idx + 1;
                nextSeg = (Seg) seg.next;
            } else {
                nextSeg = seg;
                nextSegIdx = seg.idx;
                bsp1Bi = null;
                bsp1BiIdx = -1;
                c = conf(seg.isUp());
            }
            if (c.bsp3Follow1() && (bsp1Bi == null || !storeFlat.containsKey(bsp1Bi.idx))) {
                continue;
            }
            if (nextSeg != null) {
                treatBsp3After(segList, nextSeg, c, lines, bsp1BiIdx, nextSegIdx);
            }
            treatBsp3Before(segList, seg, nextSeg, bsp1Bi, c, lines, nextSegIdx);
        }
    }

    private void treatBsp3After(SegList segList, Seg nextSeg, ChanConfig.PointConfig c, LineList<? extends Line> lines,
                                int bsp1BiIdx, int nextSegIdx) {
        Zs firstZs = nextSeg.firstMultiBiZs();
        if (firstZs == null) {
            return;
        }
        if (c.strictBsp3() && biIn(firstZs).idx != bsp1BiIdx + 1) {
            return;
        }
        int maxCnt = conf(nextSeg.isDown()).bsp3aMaxZsCnt();
        List<Zs> multi = nextSeg.multiBiZsLst();
        for (int zi = 0; zi < multi.size(); zi++) {
            Zs zs = multi.get(zi);
            if (zi >= maxCnt) {
                break;
            }
            if (zs.biOut == null || zs.biOut.idx + 1 >= lines.size()) {
                break;
            }
            Line b = lines.get(zs.biOut.idx + 1);
            if (b.parentSeg == null) {
                if (nextSeg.idx != segList.size() - 1) {
                    break;
                }
            } else if (b.parentSeg.idx != nextSeg.idx) {
                if (b.parentSeg.biList.size() >= 3) {
                    break;
                }
            }
            if (b.isUp() == nextSeg.up) {
                break;
            }
            if (b.segIdx != nextSegIdx && nextSegIdx < segList.size() - 2) {
                break;
            }
            if (back2zs(b, zs)) {
                continue;
            }
            if (b == cmp.last) {
                if (b.isDown()) {
                    cmp.note(b.high(), zs.peakHigh);
                } else {
                    cmp.note(b.low(), zs.peakLow);
                }
            }
            boolean peakZs = (b.isDown() && b.high() >= zs.peakHigh) || (b.isUp() && b.low() <= zs.peakLow);
            if (c.bsp3Peak() && !peakZs) {
                continue;
            }
            addBs(BspType.T3A, b, true, Double.NaN);
        }
    }

    private void treatBsp3Before(SegList segList, Seg seg, Seg nextSeg, Line bsp1Bi, ChanConfig.PointConfig c,
                                 LineList<? extends Line> lines, int nextSegIdx) {
        Zs cmpZs = seg.finalMultiBiZs();
        if (cmpZs == null) {
            return;
        }
        if (bsp1Bi == null) {
            return;
        }
        if (c.strictBsp3() && (cmpZs.biOut == null || cmpZs.biOut.idx != bsp1Bi.idx)) {
            return;
        }
        double endBiIdx = bsp3BiEndIdx(nextSeg);
        for (int i = bsp1Bi.idx + 2; i < lines.size(); i += 2) {
            Line b = lines.get(i);
            if (b.idx > endBiIdx) {
                break;
            }
            if (b.segIdx == Line.NO_SEG) {
                throw new IllegalStateException("line without seg_idx");
            }
            if (b.segIdx != nextSegIdx && b.segIdx < segList.size() - 1) {
                break;
            }
            if (back2zs(b, cmpZs)) {
                continue;
            }
            addBs(BspType.T3B, b, true, Double.NaN);
            break;
        }
    }


    /** The comparisons of {@link Zs#outBiIsPeak}. */
    private void noteOutBiIsPeak(Zs z, int endBiIdx) {
        Line out = z.biOut;
        if (out == null) {
            return;
        }
        for (Line bi : z.biLst) {
            if (bi.idx > endBiIdx) {
                break;
            }
            if (out.isDown()) {
                cmp.note(bi.low(), out.low());
            } else {
                cmp.note(bi.high(), out.high());
            }
        }
    }

    /** The comparison of {@link Zs#endBiBreak}. */
    private void noteEndBiBreak(Zs z, Line endBi) {
        if (endBi.isDown()) {
            cmp.note(endBi.low(), z.low);
        } else {
            cmp.note(endBi.high(), z.high);
        }
    }

    /** Whether {@code b} comes back into the pivot's range (noting the comparison when it is the last line). */
    private boolean back2zs(Line b, Zs zs) {
        if (b == cmp.last) {
            if (b.isDown()) {
                cmp.note(b.low(), zs.high);
            } else {
                cmp.note(b.high(), zs.low);
            }
        }
        return (b.isDown() && b.low() < zs.high) || (b.isUp() && b.high() > zs.low);
    }

    private static double bsp3BiEndIdx(Seg seg) {
        if (seg == null) {
            return Double.POSITIVE_INFINITY;
        }
        if (seg.multiBiZsCnt() == 0 && seg.next == null) {
            return Double.POSITIVE_INFINITY;
        }
        int end = seg.endBi.idx - 1;
        for (Zs zs : seg.zsLst) {
            if (zs.isOneBiZs()) {
                continue;
            }
            if (zs.biOut != null) {
                end = zs.biOut.idx;
                break;
            }
        }
        return end;
    }
}
