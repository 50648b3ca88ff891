package io.chanflow.state;

import java.util.ArrayList;
import java.util.List;

/** One element of a feature sequence (特征序列): merged counter-direction lines (chan.py Seg/Eigen.py). */
final class Eigen {
    double high;
    double low;
    final int dir; // KBars.UP / DOWN
    int fx = KBars.FX_UNKNOWN;
    boolean gap;
    final List<Line> lst = new ArrayList<>(4);
    /** Where the segment pass notes its comparisons of prices (see {@link PriceCmp}). */
    private final PriceCmp cmp;

    Eigen(Line l, int dir, PriceCmp cmp) {
        this.high = l.high();
        this.low = l.low();
        this.dir = dir;
        this.cmp = cmp;
        lst.add(l);
    }

    Line last() {
        return lst.get(lst.size() - 1);
    }

    int testCombine(double ih, double il, boolean excludeIncluded, int allowTopEqual) {
        cmp.noteIfRead(high, ih);
        cmp.noteIfRead(low, il);
        if (high >= ih && low <= il) {
            return KBars.COMBINE;
        }
        if (high <= ih && low >= il) {
            if (allowTopEqual == 1 && high == ih && low > il) {
                return KBars.DOWN;
            } else if (allowTopEqual == -1 && low == il && high < ih) {
                return KBars.UP;
            }
            return excludeIncluded ? KBars.INCLUDED : KBars.COMBINE;
        }
        if (high > ih && low > il) {
            return KBars.DOWN;
        }
        if (high < ih && low < il) {
            return KBars.UP;
        }
        throw new IllegalStateException("combine type unknown");
    }

    /** allowTopEqual: 0 = None. */
    int tryAdd(Line l, boolean excludeIncluded, int allowTopEqual) {
        double ih = l.high();
        double il = l.low();
        int d = testCombine(ih, il, excludeIncluded, allowTopEqual);
        if (d == KBars.COMBINE) {
            cmp.noteIfRead(ih, il);
            lst.add(l);
            if (dir == KBars.UP) {
                cmp.noteIfRead(ih, high);
                if (ih != il || ih != high) {
                    high = Math.max(high, ih);
                    low = Math.max(low, il);
                }
            } else if (dir == KBars.DOWN) {
                cmp.noteIfRead(il, low);
                if (ih != il || il != low) {
                    high = Math.min(high, ih);
                    low = Math.min(low, il);
                }
            } else {
                throw new IllegalStateException("eigen direction must be UP or DOWN");
            }
        }
        return d;
    }

    /** chan.py update_fx with exclude_included=True, then the Eigen gap flag. */
    void updateFx(Eigen pre, Eigen next, int allowTopEqual) {
        cmp.noteIfRead(pre.high, high);
        cmp.noteIfRead(next.high, high);
        cmp.noteIfRead(next.low, low);
        cmp.noteIfRead(pre.low, low);
        cmp.noteIfRead(pre.high, low);
        cmp.noteIfRead(pre.low, high);
        if (pre.high < high && next.high <= high && next.low < low) {
            if (allowTopEqual == 1 || next.high < high) {
                fx = KBars.FX_TOP;
            }
        } else if (next.high > high && pre.low > low && next.low >= low) {
            if (allowTopEqual == -1 || next.low > low) {
                fx = KBars.FX_BOTTOM;
            }
        }
        if ((fx == KBars.FX_TOP && pre.high < low) || (fx == KBars.FX_BOTTOM && pre.low > high)) {
            gap = true;
        }
    }

    Line peakLine(boolean isHigh) {
        for (int i = lst.size() - 1; i >= 0; i--) {
            Line l = lst.get(i);
            if (isHigh) {
                cmp.noteIfRead(l.high(), high);
            } else {
                cmp.noteIfRead(l.low(), low);
            }
            if (isHigh ? l.high() == high : l.low() == low) {
                return l;
            }
        }
        throw new IllegalStateException("can't find peak...");
    }

    int peakBiIdx() {
        if (fx == KBars.FX_UNKNOWN) {
            throw new IllegalStateException("peak of an eigen without fractal");
        }
        if (lst.get(0).isUp()) {
            return peakLine(false).idx - 1;
        }
        return peakLine(true).idx - 1;
    }
}
