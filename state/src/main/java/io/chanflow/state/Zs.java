package io.chanflow.state;

import java.util.ArrayList;
import java.util.List;

/** A pivot (中枢): the overlap of consecutive counter-trend lines (chan.py ZS/ZS.py). */
final class Zs {
    boolean sure;
    /** chan.py len(sub_zs_lst): only its emptiness is ever read. */
    int subZsCount;
    boolean pruned;
    /** The last {@link Refs} walk that visited this object (not state). */
    int walkStamp;
    int begin; // klu
    long beginTime;
    Line beginBi;
    double low;
    double high;
    int end; // klu
    long endTime;
    Line endBi;
    double peakHigh = Double.NEGATIVE_INFINITY;
    double peakLow = Double.POSITIVE_INFINITY;
    Line biIn;
    Line biOut;
    List<Line> biLst = new ArrayList<>(0);

    Zs() {
    }

    /**
     * A new pivot with the values this one was built with: what rebuilding it from the same lines
     * gives before {@code Level#updateZsInSeg} sets its incoming and outgoing lines and line list.
     * A kept range's pivots are copied, not reused: other objects (a segment whose pivots are no
     * longer refreshed) may still refer to the old ones, as they do after a rebuild.
     */
    Zs rebuiltCopy() {
        Zs z = new Zs();
        z.sure = sure;
        z.subZsCount = subZsCount;
        z.begin = begin;
        z.beginTime = beginTime;
        z.beginBi = beginBi;
        z.low = low;
        z.high = high;
        z.end = end;
        z.endTime = endTime;
        z.endBi = endBi;
        z.peakHigh = peakHigh;
        z.peakLow = peakLow;
        return z;
    }

    Zs(List<Line> lst, boolean sure) {
        this.sure = sure;
        this.begin = lst.get(0).beginKlu();
        this.beginTime = lst.get(0).beginTime();
        this.beginBi = lst.get(0);
        updateZsRange(lst);
        for (Line l : lst) {
            updateZsEnd(l);
        }
    }

    void updateZsRange(List<Line> lst) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        for (Line l : lst) {
            lo = Math.max(lo, l.low());
            hi = Math.min(hi, l.high());
        }
        low = lo;
        high = hi;
    }

    boolean isOneBiZs() {
        return beginBi.idx == endBi.idx;
    }

    void updateZsEnd(Line item) {
        end = item.endKlu();
        endTime = item.endTime();
        endBi = item;
        if (item.low() < peakLow) {
            peakLow = item.low();
        }
        if (item.high() > peakHigh) {
            peakHigh = item.high();
        }
    }

    boolean combine(Zs zs2, String mode) {
        if (zs2.isOneBiZs()) {
            return false;
        }
        if (beginBi.segIdx != zs2.beginBi.segIdx) {
            return false;
        }
        if ("zs".equals(mode)) {
            if (!(zs2.high >= low && high >= zs2.low)) {
                return false;
            }
            doCombine(zs2);
            return true;
        }
        if (zs2.peakHigh > peakLow && peakHigh > zs2.peakLow) {
            doCombine(zs2);
            return true;
        }
        return false;
    }

    private void doCombine(Zs zs2) {
        if (subZsCount == 0) {
            subZsCount++; // a copy of this pivot before the merge
        }
        subZsCount++;
        low = Math.min(low, zs2.low);
        high = Math.max(high, zs2.high);
        peakLow = Math.min(peakLow, zs2.peakLow);
        peakHigh = Math.max(peakHigh, zs2.peakHigh);
        end = zs2.end;
        endTime = zs2.endTime;
        biOut = zs2.biOut;
        endBi = zs2.endBi;
    }

    boolean tryAddToEnd(Line item) {
        if (!inRange(item)) {
            return false;
        }
        if (isOneBiZs()) {
            updateZsRange(List.of(beginBi, item));
        }
        updateZsEnd(item);
        return true;
    }

    boolean inRange(Line item) {
        return item.high() > low && high > item.low();
    }

    boolean isInside(Seg seg) {
        return seg.startBi.idx <= beginBi.idx && beginBi.idx <= seg.endBi.idx;
    }

    /**
     * {is divergent, ratio out/in, broke (1: the metrics below were read), in, out}; the ratio is NaN
     * when there is no break (chan.py None).
     */
    double[] isDivergence(ChanConfig.PointConfig cfg, Line outBi) {
        if (!endBiBreak(outBi)) {
            return new double[] {0, Double.NaN, 0, Double.NaN, Double.NaN};
        }
        double in = biIn.macdMetric(cfg.macdAlgo(), false);
        double out = outBi.macdMetric(cfg.macdAlgo(), true);
        return new double[] {divergenceDecision(cfg, in, out) ? 1 : 0, out / in, 1, in, out};
    }

    /** The decision of {@link #isDivergence} after a break, from the two metrics. */
    static boolean divergenceDecision(ChanConfig.PointConfig cfg, double in, double out) {
        if (cfg.divergenceRate() > 100) {
            return true;
        }
        return out <= cfg.divergenceRate() * in;
    }

    boolean endBiBreak(Line endBi) {
        if (endBi == null) {
            endBi = biOut;
        }
        if (endBi == null) {
            throw new IllegalStateException("pivot has no outgoing line");
        }
        return (endBi.isDown() && endBi.low() < low) || (endBi.isUp() && endBi.high() > high);
    }

    boolean outBiIsPeak(int endBiIdx) {
        if (biLst.isEmpty()) {
            throw new IllegalStateException("pivot without lines");
        }
        if (biOut == null) {
            return false;
        }
        for (Line bi : biLst) {
            if (bi.idx > endBiIdx) {
                break;
            }
            if ((biOut.isDown() && bi.low() < biOut.low()) || (biOut.isUp() && bi.high() > biOut.high())) {
                return false;
            }
        }
        return true;
    }
}
