package io.chanflow.state;

/**
 * Segments (线段) over a line list with the feature-sequence algorithm (chan.py seg_algo=chan:
 * Seg/SegListChan.py + Seg/SegListComm.py). Used twice: segments of strokes and segments of
 * segments.
 */
final class SegList {
    final KBars k;
    final ChanConfig cfg;
    final LineList<Seg> segs = new LineList<>();
    /** Segments below this index were not touched by the last update. */
    int dirtyFrom;

    /** 0 = segments of strokes, 1 = segments of segments. */
    final int kind;
    /** Segment pass runs so far (stamps the lines whose flags a run reads; not state). */
    int run;
    /**
     * Whether the last update built a first segment (no segment was left before it): that reads the
     * lines back to the first and, with left_seg_method=peak, compares distances between prices, not
     * just prices. Not state.
     */
    boolean builtFirstSeg;
    /**
     * Whether the last update built the first segment with left_seg_method=peak from the lines' extremes
     * ({@link #collectFirstSeg}): the one decision of the pass that compares distances between prices,
     * which way from the first line's begin the lines reach further; and which way it went. Not state.
     */
    boolean firstSegByDistance;
    boolean firstSegHigh;
    /** The prices the last update compared with the last line's end price (not state; see Level#gapClear). */
    final PriceCmp cmp = new PriceCmp();

    SegList(KBars k, ChanConfig cfg, int kind) {
        this.k = k;
        this.cfg = cfg;
        this.kind = kind;
    }

    int size() {
        return segs.size();
    }

    Seg last() {
        return segs.last();
    }

    /**
     * The segment the next update's do_init keeps as its last one (the last sure segment, or the one
     * before it when the last line of its feature fractal is not sure), or null when it keeps none;
     * changes nothing. A sure segment without a feature fractal (which doInit rejects) counts as not
     * kept.
     */
    Seg keptByInit() {
        for (int i = size() - 1; i >= segs.base; i--) {
            Seg s = segs.get(i);
            if (s.sure) {
                if (s.frozen || !s.hasEigen || s.eigenLast == null || !s.eigenLast.isSure()) {
                    return i - 1 >= segs.base ? segs.get(i - 1) : null;
                }
                return s;
            }
        }
        return null;
    }

    private void doInit() {
        while (size() > 0 && !last().sure) {
            Seg s = last();
            for (Line b : s.biList) {
                b.parentSeg = null;
            }
            if (s.pre != null) {
                s.pre.next = null;
            }
            segs.removeLast();
        }
        if (size() > 0) {
            Seg l = last();
            if (!l.hasEigen || l.eigenLast == null) {
                throw new IllegalStateException("sure segment without feature fractal");
            }
            if (!l.eigenLast.isSure()) {
                segs.removeLast();
            }
        }
    }

    void update(LineList<? extends Line> lines) {
        run++;
        builtFirstSeg = false;
        firstSegByDistance = false;
        cmp.reset(lines.isEmpty() ? null : lines.get(-1));
        doInit();
        dirtyFrom = size();
        if (size() == 0) {
            calSegSure(lines, 0);
        } else {
            calSegSure(lines, last().endBi.idx + 1);
        }
        collectLeftSeg(lines, 0);
    }

    private void calSegSure(LineList<? extends Line> lines, int beginIdx) {
        EigenFx upEigen = new EigenFx(true, run, cmp);
        EigenFx downEigen = new EigenFx(false, run, cmp);
        while (true) {
            upEigen.init();
            downEigen.init();
            Boolean lastSegUp = size() == 0 ? null : last().up;
            EigenFx fxEigen = null;
            int n = lines.size();
            for (int i = beginIdx; i < n; i++) {
                Line bi = lines.get(i);
                fxEigen = null;
                if (bi.isDown() && !Boolean.TRUE.equals(lastSegUp)) {
                    if (upEigen.add(bi)) {
                        fxEigen = upEigen;
                    }
                } else if (bi.isUp() && !Boolean.FALSE.equals(lastSegUp)) {
                    if (downEigen.add(bi)) {
                        fxEigen = downEigen;
                    }
                }
                if (size() == 0) {
                    if (upEigen.ele[1] != null && bi.isDown()) {
                        lastSegUp = Boolean.FALSE;
                        downEigen.clear();
                    } else if (downEigen.ele[1] != null && bi.isUp()) {
                        upEigen.clear();
                        lastSegUp = Boolean.TRUE;
                    }
                    if (upEigen.ele[1] == null && Boolean.FALSE.equals(lastSegUp) && bi.isDown()) {
                        lastSegUp = null;
                    } else if (downEigen.ele[1] == null && Boolean.TRUE.equals(lastSegUp) && bi.isUp()) {
                        lastSegUp = null;
                    }
                }
                if (fxEigen != null) {
                    break;
                }
            }
            if (fxEigen == null) {
                return;
            }
            // treat_fx_eigen
            int test = fxEigen.canBeEnd(lines);
            int endBiIdx = fxEigen.peakBiIdx();
            if (test == EigenFx.TRUE || test == EigenFx.NONE) {
                boolean isTrue = test == EigenFx.TRUE;
                if (!addNewSeg(lines, endBiIdx, isTrue && fxEigen.allBiIsSure(), null, true, "normal")) {
                    beginIdx = endBiIdx + 1;
                    continue;
                }
                Seg l = last();
                l.hasEigen = true;
                l.eigenLast = fxEigen.ele[2] == null ? null : fxEigen.ele[2].last();
                if (isTrue) {
                    beginIdx = endBiIdx + 1;
                    continue;
                }
                return;
            } else {
                beginIdx = fxEigen.lst.get(1).idx;
            }
        }
    }

    private void collectFirstSeg(LineList<? extends Line> lines) {
        builtFirstSeg = true;
        if (lines.size() < 3) {
            return;
        }
        if (cfg.leftSegMethod == ChanConfig.LeftSegMethod.PEAK) {
            firstSegByDistance = true;
            firstSegHigh = reachesFurtherUp(lines);
            if (firstSegHigh) {
                Line peak = findPeakBi(cmp, lines, lines.base, lines.size(), true);
                addNewSeg(lines, peak.idx, false, Boolean.TRUE, false, "0seg_find_high");
            } else {
                Line peak = findPeakBi(cmp, lines, lines.base, lines.size(), false);
                addNewSeg(lines, peak.idx, false, Boolean.FALSE, false, "0seg_find_low");
            }
            collectLeftAsSeg(lines);
        } else {
            boolean up = lines.get(-1).endVal() >= lines.get(0).beginVal();
            addNewSeg(lines, lines.get(-1).idx, false, up, false, "0seg_collect_all");
        }
    }

    /** chan.py collect_first_seg (peak): whether the lines reach at least as far above the first line's begin as below it. */
    private static boolean reachesFurtherUp(LineList<? extends Line> lines) {
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        for (int i = lines.base; i < lines.size(); i++) {
            high = Math.max(high, lines.get(i).high());
            low = Math.min(low, lines.get(i).low());
        }
        double b0 = lines.get(0).beginVal();
        return Math.abs(high - b0) >= Math.abs(low - b0);
    }

    /**
     * Whether the distance decision of the last update (see {@link #firstSegByDistance}) comes out as
     * it did with the lines' prices as they are now (true when it made none).
     */
    boolean firstSegDecisionStands(LineList<? extends Line> lines) {
        return !firstSegByDistance || reachesFurtherUp(lines) == firstSegHigh;
    }

    private void collectLeftSegPeakMethod(Line lastSegEndBi, LineList<? extends Line> lines) {
        while (true) {
            boolean found = false;
            if (lastSegEndBi.isDown()) {
                Line peak = findPeakBi(cmp, lines, lastSegEndBi.idx + 3, lines.size(), true);
                if (peak != null && peak.idx - lastSegEndBi.idx >= 3) {
                    addNewSeg(lines, peak.idx, false, Boolean.TRUE, true, "collectleft_find_high");
                    found = true;
                }
            } else {
                Line peak = findPeakBi(cmp, lines, lastSegEndBi.idx + 3, lines.size(), false);
                if (peak != null && peak.idx - lastSegEndBi.idx >= 3) {
                    addNewSeg(lines, peak.idx, false, Boolean.FALSE, true, "collectleft_find_low");
                    found = true;
                }
            }
            lastSegEndBi = last().endBi;
            if (!found) {
                collectLeftAsSeg(lines);
                return;
            }
        }
    }

    private void collectSegs(LineList<? extends Line> lines, int depth) {
        Line lastBi = lines.get(-1);
        Line lastSegEndBi = last().endBi;
        if (lastBi.idx - lastSegEndBi.idx < 3) {
            return;
        }
        cmp.note(lastBi.endVal(), lastSegEndBi.endVal()); // lastBi is the last line
        if (lastSegEndBi.isDown() && lastBi.endVal() <= lastSegEndBi.endVal()) {
            Line peak = findPeakBi(cmp, lines, lastSegEndBi.idx + 3, lines.size(), true);
            if (peak != null) {
                addNewSeg(lines, peak.idx, false, Boolean.TRUE, true, "collectleft_find_high_force");
                collectLeftSeg(lines, depth + 1);
            }
        } else if (lastSegEndBi.isUp() && lastBi.endVal() >= lastSegEndBi.endVal()) {
            Line peak = findPeakBi(cmp, lines, lastSegEndBi.idx + 3, lines.size(), false);
            if (peak != null) {
                addNewSeg(lines, peak.idx, false, Boolean.FALSE, true, "collectleft_find_low_force");
                collectLeftSeg(lines, depth + 1);
            }
        } else if (cfg.leftSegMethod == ChanConfig.LeftSegMethod.ALL) {
            collectLeftAsSeg(lines);
        } else {
            collectLeftSegPeakMethod(lastSegEndBi, lines);
        }
    }

    private void collectLeftSeg(LineList<? extends Line> lines, int depth) {
        if (depth > 100000) {
            throw new IllegalStateException("collect_left_seg does not converge");
        }
        if (size() == 0) {
            collectFirstSeg(lines);
        } else {
            collectSegs(lines, depth);
            if (lines.size() > 0 && size() > 0 && lines.get(-1).idx - lastBiListIdx(last()) > 2 && !last().sure) {
                segs.removeLast();
                dirtyFrom = Math.min(dirtyFrom, size());
                collectLeftSeg(lines, depth + 1);
            }
        }
    }

    private static int lastBiListIdx(Seg s) {
        return s.biList.get(s.biList.size() - 1).idx;
    }

    private void collectLeftAsSeg(LineList<? extends Line> lines) {
        Line lastBi = lines.get(-1);
        Line lastSegEndBi = last().endBi;
        if (lastSegEndBi.idx + 1 >= lines.size()) {
            return;
        }
        if (lastSegEndBi.isUp() == lastBi.isUp()) {
            addNewSeg(lines, lastBi.idx - 1, false, null, true, "collect_left_1");
        } else {
            addNewSeg(lines, lastBi.idx, false, null, true, "collect_left_0");
        }
    }

    private void tryAddNewSeg(LineList<? extends Line> lines, int endBiIdx, boolean isSure, Boolean segUp,
                              boolean splitFirstSeg, String reason) {
        if (size() == 0) {
            builtFirstSeg = true;
        }
        if (size() == 0 && splitFirstSeg && endBiIdx >= 3) {
            Line peak = findPeakBiReversed(cmp, lines, endBiIdx - 3, lines.get(endBiIdx).isDown());
            if (peak != null) {
                Line b0 = lines.get(0);
                if ((peak.isDown() && (peak.low() < b0.low() || peak.idx == 0))
                        || (peak.isUp() && (peak.high() > b0.high() || peak.idx == 0))) {
                    addNewSeg(lines, peak.idx, false, peak.isUp(), true, "split_first_1st");
                    addNewSeg(lines, endBiIdx, false, null, true, "split_first_2nd");
                    return;
                }
            }
        }
        int bi1Idx = size() == 0 ? 0 : last().endBi.idx + 1;
        Line bi1 = lines.get(bi1Idx);
        Line bi2 = lines.get(endBiIdx);
        if (isSure && bi2 == cmp.last) {
            // a sure segment's check compares its begin with its end
            cmp.note(bi1.beginVal(), bi2.endVal());
        }
        Seg s = new Seg(k, size(), bi1, bi2, isSure, segUp, reason);
        s.kind = kind;
        segs.add(s);
        if (size() >= 2) {
            Seg p = segs.get(size() - 2);
            p.next = s;
            s.pre = p;
        }
        s.updateBiList(lines, bi1Idx, endBiIdx);
    }

    private boolean addNewSeg(LineList<? extends Line> lines, int endBiIdx, boolean isSure, Boolean segUp,
                              boolean splitFirstSeg, String reason) {
        try {
            tryAddNewSeg(lines, endBiIdx, isSure, segUp, splitFirstSeg, reason);
        } catch (Seg.SegEndValueError e) {
            if (size() == 0) {
                return false;
            }
            throw e;
        }
        return true;
    }

    /** chan.py FindPeakBi over lines[from, to) in order. */
    static Line findPeakBi(PriceCmp cmp, LineList<? extends Line> lines, int from, int to, boolean isHigh) {
        return findPeak(cmp, lines, Math.max(from, lines.base), to, 1, isHigh);
    }

    /** chan.py FindPeakBi over lines[from::-1] (from down to 0). */
    static Line findPeakBiReversed(PriceCmp cmp, LineList<? extends Line> lines, int from, boolean isHigh) {
        return findPeak(cmp, lines, from, lines.base - 1, -1, isHigh);
    }

    private static Line findPeak(PriceCmp cmp, LineList<? extends Line> lines, int from, int stop, int step, boolean isHigh) {
        double peakVal = isHigh ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        Line peak = null;
        for (int i = from; i != stop && (step > 0 ? i < stop : i > stop); i += step) {
            Line bi = lines.get(i);
            if (bi == cmp.last && bi.isUp() == isHigh) {
                // the last line against the peak before it and its line two back
                cmp.note(bi.endVal(), peakVal);
                if (bi.pre != null && bi.pre.pre != null) {
                    cmp.note(bi.pre.pre.endVal(), bi.endVal());
                }
            }
            if ((isHigh && bi.endVal() >= peakVal && bi.isUp()) || (!isHigh && bi.endVal() <= peakVal && bi.isDown())) {
                if (bi.pre != null && bi.pre.pre != null
                        && ((isHigh && bi.pre.pre.endVal() > bi.endVal()) || (!isHigh && bi.pre.pre.endVal() < bi.endVal()))) {
                    continue;
                }
                peakVal = bi.endVal();
                peak = bi;
            }
        }
        return peak;
    }
}
