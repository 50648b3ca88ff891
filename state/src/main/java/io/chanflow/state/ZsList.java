package io.chanflow.state;

import java.util.ArrayList;
import java.util.List;

/** Pivot (中枢) construction inside segments (chan.py ZS/ZSList.py). */
final class ZsList {
    final ChanConfig cfg;
    final LineList<Zs> zsLst = new LineList<>();
    List<Line> freeItemLst = new ArrayList<>();
    int lastSurePos = -1;
    int lastSegIdx = 0;
    /** Lowest pivot index changed by the last calBiZs. */
    int dirtyFrom;

    ZsList(ChanConfig cfg) {
        this.cfg = cfg;
    }

    /**
     * The prices the last pivot pass compared with the last line's end price (zs_algo=normal: only
     * while building, extending or merging a pivot with that line). Not state; see
     * {@code Level#gapClear}.
     */
    final PriceCmp cmp = new PriceCmp();

    /** Notes the comparisons of a pivot built from {@code lst} (its range, its peaks), when the last line is one of them. */
    private void noteBuilt(List<Line> lst) {
        Line last = cmp.last;
        if (last == null || lst.get(lst.size() - 1) != last) {
            return;
        }
        double minHigh = Double.POSITIVE_INFINITY;
        double maxLow = Double.NEGATIVE_INFINITY;
        for (Line l : lst) {
            if (l != last) {
                cmp.note(last.high(), l.high());
                cmp.note(last.low(), l.low());
                cmp.note(last.high(), l.low());
                cmp.note(last.low(), l.high());
            }
            minHigh = Math.min(minHigh, l.high());
            maxLow = Math.max(maxLow, l.low());
        }
        cmp.note(minHigh, maxLow);
    }

    /** Notes the comparisons of {@link Zs#tryAddToEnd} of the last line to {@code z}. */
    private void noteAddToEnd(Zs z, Line bi) {
        if (bi != cmp.last) {
            return;
        }
        cmp.note(bi.high(), z.low);
        cmp.note(z.high, bi.low());
        if (z.isOneBiZs()) {
            cmp.note(z.beginBi.low(), bi.low());
            cmp.note(z.beginBi.high(), bi.high());
        }
        cmp.note(bi.low(), z.peakLow);
        cmp.note(bi.high(), z.peakHigh);
    }

    /** Notes the comparisons of {@link Zs#combine} of {@code z2}, which holds the last line, into {@code z}. */
    private void noteCombine(Zs z, Zs z2) {
        cmp.note(z2.high, z.low);
        cmp.note(z.high, z2.low);
        cmp.note(z2.peakHigh, z.peakLow);
        cmp.note(z.peakHigh, z2.peakLow);
        cmp.note(z.low, z2.low);
        cmp.note(z.high, z2.high);
        cmp.note(z.peakLow, z2.peakLow);
        cmp.note(z.peakHigh, z2.peakHigh);
    }

    int size() {
        return zsLst.size();
    }

    private void updateLastPos(SegList segList) {
        lastSurePos = -1;
        lastSegIdx = 0;
        for (int i = segList.size() - 1; i >= segList.segs.base; i--) {
            Seg s = segList.segs.get(i);
            if (s.sure) {
                lastSurePos = s.startBi.idx;
                lastSegIdx = s.idx;
                return;
            }
        }
    }

    private boolean segNeedCal(Seg seg) {
        return seg.startBi.idx >= lastSurePos;
    }

    private void addToFreeLst(Line item, boolean isSure, boolean overSeg) {
        if (!freeItemLst.isEmpty() && item.idx == freeItemLst.get(freeItemLst.size() - 1).idx) {
            freeItemLst.remove(freeItemLst.size() - 1);
        }
        freeItemLst.add(item);
        Zs res = tryConstructZs(freeItemLst, isSure, overSeg);
        if (res != null && res.beginBi.idx > 0) {
            zsLst.add(res);
            freeItemLst.clear();
            tryCombine();
        }
    }

    private void update(Line bi, boolean isSure) {
        if (freeItemLst.isEmpty() && zsLst.localSize() != 0) {
            noteAddToEnd(zsLst.last(), bi);
        }
        if (freeItemLst.isEmpty() && tryAddToEnd(bi)) {
            dirtyFrom = Math.min(dirtyFrom, size() - 1);
            tryCombine();
            return;
        }
        addToFreeLst(bi, isSure, false);
    }

    private boolean tryAddToEnd(Line bi) {
        return zsLst.localSize() != 0 && zsLst.last().tryAddToEnd(bi);
    }

    private void addZsFromBiRange(LineList<? extends Line> lines, int from, int toExcl, boolean segUp, boolean segIsSure) {
        int deal = 0;
        for (int i = from; i < toExcl; i++) {
            Line bi = lines.get(i);
            if (bi.isUp() == segUp) {
                continue;
            }
            if (deal < 1) {
                addToFreeLst(bi, segIsSure, false);
                deal++;
            } else {
                update(bi, segIsSure);
            }
        }
    }

    private Zs tryConstructZs(List<Line> lst, boolean isSure, boolean overSeg) {
        if (!overSeg) {
            if (!cfg.oneBiZs) {
                if (lst.size() == 1) {
                    return null;
                }
                lst = lst.subList(lst.size() - 2, lst.size());
            }
        } else {
            if (lst.size() < 3) {
                return null;
            }
            lst = lst.subList(lst.size() - 3, lst.size());
            Line first = lst.get(0);
            if (first.parentSeg == null) {
                throw new IllegalStateException("over_seg pivot: line without parent segment");
            }
            if (first.isUp() == first.parentSeg.isUp()) {
                return null;
            }
        }
        double minHigh = Double.POSITIVE_INFINITY;
        double maxLow = Double.NEGATIVE_INFINITY;
        for (Line l : lst) {
            minHigh = Math.min(minHigh, l.high());
            maxLow = Math.max(maxLow, l.low());
        }
        noteBuilt(lst);
        return minHigh > maxLow ? new Zs(lst, isSure) : null;
    }

    // zs_algo=normal builds the pivots of each segment (and of the lines after the last one) from
    // that range's lines alone: a pivot only grows or merges with pivots of the same range (merging
    // needs equal seg_idx). So when a range is the one the last run built (same lines, direction and
    // sure flag) and none of its lines changed since (all below the caller's low-water mark), its
    // pivots are what rebuilding gives; they are copied (Zs#rebuiltCopy) instead of rebuilt. Only a
    // leading run of ranges is kept, so every kept pivot stays at the index rebuilding would give
    // it, and dirtyFrom is set as the full pass sets it. Not state: after a restore nothing is
    // recorded and the first run rebuilds.
    private int[] rangeFrom = new int[8];
    private int[] rangeTo = new int[8];
    private int[] rangeFlags = new int[8];
    /** zsLst's size after each range of the last run. */
    private int[] rangeEnd = new int[8];
    private int ranges;
    /** Pivots kept instead of rebuilt so far (not state). */
    long keptPivots;

    /** Forgets the last run's ranges (after pruning: the next run rebuilds every range). */
    void forgetRanges() {
        ranges = 0;
    }

    private void recordRange(int at, int from, int toExcl, boolean up, boolean sure) {
        if (at == rangeFrom.length) {
            rangeFrom = java.util.Arrays.copyOf(rangeFrom, 2 * at);
            rangeTo = java.util.Arrays.copyOf(rangeTo, 2 * at);
            rangeFlags = java.util.Arrays.copyOf(rangeFlags, 2 * at);
            rangeEnd = java.util.Arrays.copyOf(rangeEnd, 2 * at);
        }
        rangeFrom[at] = from;
        rangeTo[at] = toExcl;
        rangeFlags[at] = flags(up, sure);
        rangeEnd[at] = size();
    }

    private static int flags(boolean up, boolean sure) {
        return (up ? 1 : 0) | (sure ? 2 : 0);
    }

    /** Whether range {@code at} of the last run was this one and its pivots can be kept. */
    private boolean keeps(int at, int from, int toExcl, boolean up, boolean sure, int unchangedBelow) {
        return at < ranges && rangeFrom[at] == from && rangeTo[at] == toExcl
                && rangeFlags[at] == flags(up, sure) && toExcl <= unchangedBelow
                && rangeEnd[at] <= size();
    }

    /**
     * chan.py cal_bi_zs. Lines with an index below {@code unchangedBelow} are the objects, with the
     * values, that the last run read ({@code Integer.MIN_VALUE}: nothing is known, rebuild all).
     */
    void calBiZs(LineList<? extends Line> lines, SegList segList, int unchangedBelow) {
        cmp.reset(lines.isEmpty() ? null : lines.get(-1));
        int keep = zsLst.localSize();
        while (keep > 0 && zsLst.get(zsLst.base + keep - 1).beginBi.idx >= lastSurePos) {
            keep--;
        }
        dirtyFrom = zsLst.base + keep;
        if (cfg.zsAlgo != ChanConfig.ZsAlgo.NORMAL || unchangedBelow == Integer.MIN_VALUE) {
            ranges = 0;
            unchangedBelow = Integer.MIN_VALUE;
        }
        // which leading ranges keep their pivots: the pivots up to the end of the last kept one stay
        int kept = 0;
        int keepSize = dirtyFrom;
        if (unchangedBelow != Integer.MIN_VALUE && segList.size() > 0) {
            for (int i = Math.max(lastSegIdx, segList.segs.base); i < segList.size(); i++) {
                Seg seg = segList.segs.get(i);
                if (!segNeedCal(seg)) {
                    continue;
                }
                if (!keeps(kept, seg.startBi.idx, seg.endBi.idx + 1, seg.up, seg.sure, unchangedBelow)) {
                    break;
                }
                keepSize = rangeEnd[kept];
                kept++;
            }
        }
        while (size() > keepSize) {
            zsLst.removeLast();
        }
        for (int i = dirtyFrom; i < keepSize; i++) {
            zsLst.set(i, zsLst.get(i).rebuiltCopy());
        }
        keptPivots += keepSize - dirtyFrom;
        switch (cfg.zsAlgo) {
            case NORMAL: {
                int at = 0;
                for (int i = Math.max(lastSegIdx, segList.segs.base); i < segList.size(); i++) {
                    Seg seg = segList.segs.get(i);
                    if (!segNeedCal(seg)) {
                        continue;
                    }
                    if (at >= kept) {
                        freeItemLst.clear();
                        addZsFromBiRange(lines, seg.startBi.idx, seg.endBi.idx + 1, seg.up, seg.sure);
                        recordRange(at, seg.startBi.idx, seg.endBi.idx + 1, seg.up, seg.sure);
                    }
                    at++;
                }
                ranges = at;
                if (segList.size() > 0) {
                    freeItemLst.clear();
                    Seg last = segList.last();
                    addZsFromBiRange(lines, last.endBi.idx + 1, lines.size(), !last.up, false);
                }
                break;
            }
            case OVER_SEG: {
                freeItemLst.clear();
                int beginBiIdx = zsLst.localSize() > 0 ? zsLst.last().endBi.idx + 1 : 0;
                for (int i = Math.max(beginBiIdx, lines.base); i < lines.size(); i++) {
                    updateOversegZs(lines.get(i));
                }
                break;
            }
            case AUTO: {
                boolean sureSegAppear = false;
                boolean existSureSeg = false;
                for (int i = segList.segs.base; i < segList.size(); i++) {
                    if (segList.segs.get(i).sure) {
                        existSureSeg = true;
                        break;
                    }
                }
                for (int i = Math.max(lastSegIdx, segList.segs.base); i < segList.size(); i++) {
                    Seg seg = segList.segs.get(i);
                    if (seg.sure) {
                        sureSegAppear = true;
                    }
                    if (!segNeedCal(seg)) {
                        continue;
                    }
                    if (seg.sure || (!sureSegAppear && existSureSeg)) {
                        freeItemLst.clear();
                        addZsFromBiRange(lines, seg.startBi.idx, seg.endBi.idx + 1, seg.up, seg.sure);
                    } else {
                        freeItemLst.clear();
                        for (int j = seg.startBi.idx; j < lines.size(); j++) {
                            updateOversegZs(lines.get(j));
                        }
                        break;
                    }
                }
                break;
            }
            default:
                throw new IllegalStateException("unknown zs_algo");
        }
        updateLastPos(segList);
    }

    private void updateOversegZs(Line bi) {
        if (zsLst.localSize() > 0 && freeItemLst.isEmpty()) {
            if (bi.next == null) {
                return;
            }
            Zs l = zsLst.last();
            if (bi.idx - l.endBi.idx <= 1 && l.inRange(bi.next) && l.tryAddToEnd(bi)) {
                dirtyFrom = Math.min(dirtyFrom, size() - 1);
                return;
            }
        }
        if (zsLst.localSize() > 0 && freeItemLst.isEmpty() && zsLst.last().inRange(bi) && bi.idx - zsLst.last().endBi.idx <= 1) {
            return;
        }
        addToFreeLst(bi, bi.isSure(), true);
    }

    /**
     * What a recomputation of this pass gives when the last one was a fixed point and only the end
     * of {@code last} (the last line) moved: the same pivots (the pass reads prices, directions and
     * segment indices, never bars), those ending at {@code last} with its new end bar and time. The
     * pivots that end there are the newest ones; {@link #dirtyFrom} stays what the pass sets on the
     * same input. When its end price moved from {@code from} to {@code to} ({@code from} NaN: it did
     * not) and no other price the pass compares lies between them (both included), the pass makes the
     * same decisions and each pivot value is the maximum or minimum of the same line prices, so the
     * values of those pivots that were {@code from} are {@code to} (no other line's price equals
     * {@code from}).
     */
    void relabel(Line last, double from, double to) {
        for (int i = zsLst.size() - 1; i >= zsLst.base; i--) {
            Zs z = zsLst.get(i);
            if (z.endBi.idx < last.idx) {
                break;
            }
            if (z.endBi == last) {
                z.end = last.endKlu();
                z.endTime = last.endTime();
                z.low = moved(z.low, from, to);
                z.high = moved(z.high, from, to);
                z.peakLow = moved(z.peakLow, from, to);
                z.peakHigh = moved(z.peakHigh, from, to);
            }
        }
    }

    private static double moved(double v, double from, double to) {
        return Double.compare(v, from) == 0 ? to : v;
    }

    /**
     * Whether a value of a pivot beginning at line {@code fromLine} or later lies in [lo, hi], leaving
     * out the pivots ending at {@code last}.
     */
    boolean anyValueIn(double lo, double hi, int fromLine, Line last) {
        for (int i = zsLst.size() - 1; i >= zsLst.base; i--) {
            Zs z = zsLst.get(i);
            if (z.beginBi.idx < fromLine) {
                break;
            }
            if (z.endBi != last && valueIn(z, lo, hi)) {
                return true;
            }
        }
        return false;
    }

    static boolean valueIn(Zs z, double lo, double hi) {
        return in(z.low, lo, hi) || in(z.high, lo, hi) || in(z.peakLow, lo, hi) || in(z.peakHigh, lo, hi);
    }

    static boolean in(double v, double lo, double hi) {
        return v >= lo && v <= hi;
    }

    private void tryCombine() {
        if (!cfg.zsCombine) {
            return;
        }
        while (zsLst.localSize() >= 2) {
            Zs z = zsLst.get(size() - 2);
            Zs z2 = zsLst.last();
            if (cmp.last != null && z2.endBi == cmp.last) {
                noteCombine(z, z2);
            }
            if (!z.combine(z2, cfg.zsCombineMode)) {
                break;
            }
            zsLst.removeLast();
            dirtyFrom = Math.min(dirtyFrom, size() - 1);
        }
    }
}
