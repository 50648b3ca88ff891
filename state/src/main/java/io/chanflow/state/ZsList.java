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
        return minHigh > maxLow ? new Zs(lst, isSure) : null;
    }

    void calBiZs(LineList<? extends Line> lines, SegList segList) {
        while (zsLst.localSize() > 0 && zsLst.last().beginBi.idx >= lastSurePos) {
            zsLst.removeLast();
        }
        dirtyFrom = size();
        switch (cfg.zsAlgo) {
            case NORMAL: {
                for (int i = Math.max(lastSegIdx, segList.segs.base); i < segList.size(); i++) {
                    Seg seg = segList.segs.get(i);
                    if (!segNeedCal(seg)) {
                        continue;
                    }
                    freeItemLst.clear();
                    addZsFromBiRange(lines, seg.startBi.idx, seg.endBi.idx + 1, seg.up, seg.sure);
                }
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
     * bar of {@code last} (the last line) moved: the same pivots (the pass reads prices, directions
     * and segment indices, never bars), those ending at {@code last} with its new end bar and time.
     * The pivots that end there are the newest ones; {@link #dirtyFrom} stays what the pass sets on
     * the same input.
     */
    void relabel(Line last) {
        for (int i = zsLst.size() - 1; i >= zsLst.base; i--) {
            Zs z = zsLst.get(i);
            if (z.endBi.idx < last.idx) {
                break;
            }
            if (z.endBi == last) {
                z.end = last.endKlu();
                z.endTime = last.endTime();
            }
        }
    }

    private void tryCombine() {
        if (!cfg.zsCombine) {
            return;
        }
        while (zsLst.localSize() >= 2 && zsLst.get(size() - 2).combine(zsLst.last(), cfg.zsCombineMode)) {
            zsLst.removeLast();
            dirtyFrom = Math.min(dirtyFrom, size() - 1);
        }
    }
}
