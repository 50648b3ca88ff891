package io.chanflow.state;

import java.util.ArrayList;
import java.util.List;

/** A segment (线段) of strokes, or a segment of segments (chan.py Seg/Seg.py). */
final class Seg extends Line {
    final KBars k;
    Line startBi;
    Line endBi;
    List<Zs> zsLst = new ArrayList<>();
    /** The last line of the third element of the feature fractal that ended this segment (chan.py eigen_fx.ele[-1].lst[-1]). */
    Line eigenLast;
    boolean hasEigen;
    /** The lines of this segment (chan.py bi_list). */
    List<Line> biList = new ArrayList<>();
    String reason;
    boolean eleInsideIsSure;
    /** Set when the segment's lines were pruned: its values are cached below and startBi/endBi are null. */
    boolean frozen;
    boolean pruned;
    int fStartIdx;
    int fEndIdx;
    int fBeginKlu;
    int fEndKlu;
    double fBeginVal;
    double fEndVal;
    double fHigh;
    double fLow;
    double fBeginKluHigh;
    double fBeginKluLow;
    double fEndKluHigh;
    double fEndKluLow;
    long fBeginTime;
    long fEndTime;
    int fBiListSize;

    private Seg() {
        this.k = null;
    }

    /** Caches everything later computations read and drops the references to its lines. */
    void freeze() {
        if (frozen) {
            return;
        }
        fStartIdx = startBi.idx;
        fEndIdx = endBi.idx;
        fBeginKlu = beginKlu();
        fEndKlu = endKlu();
        fBeginVal = beginVal();
        fEndVal = endVal();
        fHigh = high();
        fLow = low();
        fBeginKluHigh = beginKluHigh();
        fBeginKluLow = beginKluLow();
        fEndKluHigh = endKluHigh();
        fEndKluLow = endKluLow();
        fBeginTime = beginTime();
        fEndTime = endTime();
        fBiListSize = biList.size();
        frozen = true;
        startBi = null;
        endBi = null;
        eigenLast = null;
        biList = new ArrayList<>(0);
    }

    /**
     * Takes the fields the stroke-level passes set from {@code o}, a rebuilt copy of this segment
     * with the same values (see {@code Level#restoreSegsIfUnchanged}); the segment-level ones stay.
     */
    void takeStrokeLevel(Seg o) {
        startBi = o.startBi;
        endBi = o.endBi;
        sure = o.sure;
        usedToBeSure = o.usedToBeSure;
        up = o.up;
        zsLst = o.zsLst;
        eigenLast = o.eigenLast;
        hasEigen = o.hasEigen;
        biList = o.biList;
        reason = o.reason;
        eleInsideIsSure = o.eleInsideIsSure;
        beginCached = false;
    }

    /**
     * The fields the segment pass sets, from {@code o} (a segment it rebuilt with this one's values),
     * keeping what the pivot pass set on this one (its pivots and {@code eleInsideIsSure}).
     */
    void takeSegmentPass(Seg o) {
        List<Zs> zs = zsLst;
        boolean inside = eleInsideIsSure;
        takeStrokeLevel(o);
        zsLst = zs;
        eleInsideIsSure = inside;
    }

    static Seg frozenShell(KBars k) {
        return new Seg(k);
    }

    private Seg(KBars k) {
        this.k = k;
        this.frozen = true;
    }

    /** 0 = segment of strokes, 1 = segment of segments. */
    int kind;

    @Override
    double endKluHigh() {
        return frozen ? fEndKluHigh : endBi.endKluHigh();
    }

    @Override
    double endKluLow() {
        return frozen ? fEndKluLow : endBi.endKluLow();
    }

    @Override
    long beginTime() {
        if (frozen) {
            return fBeginTime;
        }
        cacheBegin();
        return cBeginTime;
    }

    // The begin of a segment is the begin of its first line, which never moves (a stroke's begin
    // fractal is fixed; only the last stroke's end changes), so it is read once. Not state.
    private boolean beginCached;
    private int cBeginKlu;
    private double cBeginVal;
    private double cBeginKluHigh;
    private double cBeginKluLow;
    private long cBeginTime;

    private void cacheBegin() {
        if (beginCached) {
            return;
        }
        Line b = startBi;
        cBeginKlu = b.beginKlu();
        cBeginVal = b.beginVal();
        cBeginTime = b.beginTime();
        if (b instanceof Seg s) {
            cBeginKluHigh = s.beginKluHigh();
            cBeginKluLow = s.beginKluLow();
        } else {
            cBeginKluHigh = k.high(cBeginKlu);
            cBeginKluLow = k.low(cBeginKlu);
        }
        beginCached = true;
    }

    @Override
    long endTime() {
        return frozen ? fEndTime : endBi.endTime();
    }

    double beginKluHigh() {
        if (frozen) {
            return fBeginKluHigh;
        }
        cacheBegin();
        return cBeginKluHigh;
    }

    double beginKluLow() {
        if (frozen) {
            return fBeginKluLow;
        }
        cacheBegin();
        return cBeginKluLow;
    }

    int startIdx() {
        return frozen ? fStartIdx : startBi.idx;
    }

    int endIdx() {
        return frozen ? fEndIdx : endBi.idx;
    }

    int biListSize() {
        return frozen ? fBiListSize : biList.size();
    }

    static final class SegEndValueError extends RuntimeException {
        SegEndValueError(String m) {
            super(m, null, false, false);
        }
    }

    Seg(KBars k, int idx, Line startBi, Line endBi, boolean isSure, Boolean segUp, String reason) {
        if (!(startBi.idx == 0 || startBi.isUp() == endBi.isUp() || !isSure)) {
            throw new IllegalStateException("segment " + startBi.idx + "-" + endBi.idx + " direction assertion");
        }
        this.k = k;
        this.idx = idx;
        this.startBi = startBi;
        this.endBi = endBi;
        this.sure = isSure;
        this.usedToBeSure = isSure;
        this.up = segUp == null ? endBi.isUp() : segUp;
        this.reason = reason;
        if (endBi.idx - startBi.idx < 2) {
            this.sure = false;
        }
        check();
    }

    private void check() {
        if (!sure) {
            return;
        }
        if (isDown()) {
            if (startBi.beginVal() < endBi.endVal()) {
                throw new SegEndValueError("下降线段起始点应该高于结束点! idx=" + idx);
            }
        } else if (startBi.beginVal() > endBi.endVal()) {
            throw new SegEndValueError("上升线段起始点应该低于结束点! idx=" + idx);
        }
        if (endBi.idx - startBi.idx < 2) {
            throw new IllegalStateException("segment length < 2");
        }
    }

    @Override
    double high() {
        if (frozen) {
            return fHigh;
        }
        return up ? endBi.endKluHigh() : beginKluHigh();
    }

    @Override
    double low() {
        if (frozen) {
            return fLow;
        }
        return isDown() ? endBi.endKluLow() : beginKluLow();
    }

    @Override
    double beginVal() {
        if (frozen) {
            return fBeginVal;
        }
        cacheBegin();
        return cBeginVal;
    }

    @Override
    double endVal() {
        return frozen ? fEndVal : endBi.endVal();
    }

    @Override
    int beginKlu() {
        if (frozen) {
            return fBeginKlu;
        }
        cacheBegin();
        return cBeginKlu;
    }

    @Override
    int endKlu() {
        return frozen ? fEndKlu : endBi.endKlu();
    }

    @Override
    double macdMetric(ChanConfig.MacdAlgo algo, boolean reverse) {
        int b = beginKlu();
        int e = endKlu();
        double bh = beginKluHigh();
        double bl = beginKluLow();
        double eh = endKluHigh();
        double el = endKluLow();
        if (algo == ChanConfig.MacdAlgo.SLOPE) {
            if (up) {
                return (eh - bl) / eh / (e - b + 1);
            }
            return (bh - el) / bh / (e - b + 1);
        } else if (algo == ChanConfig.MacdAlgo.AMP) {
            if (isDown()) {
                return (bh - el) / bh;
            }
            return (eh - bl) / bl;
        }
        throw new IllegalArgumentException("unsupported macd_algo=" + algo + " of a segment, should be slope or amp");
    }

    void updateBiList(LineList<? extends Line> lines, int i1, int i2) {
        if (biList instanceof ArrayList<Line> a) {
            a.ensureCapacity(biList.size() + i2 - i1 + 1);
        }
        for (int i = i1; i <= i2; i++) {
            Line b = lines.get(i);
            b.parentSeg = this;
            biList.add(b);
        }
    }

    Zs firstMultiBiZs() {
        for (Zs z : zsLst) {
            if (!z.isOneBiZs()) {
                return z;
            }
        }
        return null;
    }

    List<Zs> multiBiZsLst() {
        List<Zs> out = new ArrayList<>();
        for (Zs z : zsLst) {
            if (!z.isOneBiZs()) {
                out.add(z);
            }
        }
        return out;
    }

    Zs finalMultiBiZs() {
        for (int i = zsLst.size() - 1; i >= 0; i--) {
            if (!zsLst.get(i).isOneBiZs()) {
                return zsLst.get(i);
            }
        }
        return null;
    }

    int multiBiZsCnt() {
        int n = 0;
        for (Zs z : zsLst) {
            if (!z.isOneBiZs()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "Seg#" + idx + (up ? "up" : "down") + "[" + startBi.idx + "->" + endBi.idx + (sure ? "" : "?") + "]";
    }
}
