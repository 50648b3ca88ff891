package io.chanflow.state;

import java.util.ArrayList;
import java.util.List;

/** Stroke (笔) maintenance over merged bars (chan.py Bi/BiList.py), confirmed and virtual. */
final class BiList {
    final KBars k;
    final ChanConfig cfg;
    final LineList<Bi> bis = new LineList<>();
    /** klc index of the last stroke end, -1 = None. */
    int lastEnd = -1;
    /** Fractal klcs seen before the first stroke exists. */
    List<Integer> freeKlc = new ArrayList<>();
    /** bi_algo=fx: no span rule. */
    private final boolean fxAlgo;
    /**
     * The smallest size the stroke list had since {@link #markLowWater()}: strokes below
     * {@code lowWater - 1} have not been touched since (only the last stroke changes in place).
     * Not state.
     */
    int lowWater;

    void markLowWater() {
        lowWater = size();
    }

    /**
     * The same since {@link #markPublished()}: the views of strokes below {@code pubLowWater - 1} are
     * as published (a stroke changes in place only while it is the last one, and only the last merged
     * bar, which only the last stroke can end at, takes bars). Not state.
     */
    int pubLowWater;

    void markPublished() {
        pubLowWater = size();
    }

    private void removeLast() {
        bis.removeLast();
        lowWater = Math.min(lowWater, size());
        pubLowWater = Math.min(pubLowWater, size());
    }

    BiList(KBars k, ChanConfig cfg) {
        this.k = k;
        this.cfg = cfg;
        this.fxAlgo = "fx".equals(cfg.biAlgo);
    }

    int size() {
        return bis.size();
    }

    Bi last() {
        return bis.last();
    }

    private boolean tryCreateFirstBi(int klc) {
        for (int free : freeKlc) {
            if (k.kFx(free) == k.kFx(klc)) {
                continue;
            }
            if (canMakeBi(klc, free, false)) {
                addNewBi(free, klc, true);
                lastEnd = klc;
                return true;
            }
        }
        freeKlc.add(klc);
        lastEnd = klc;
        return false;
    }

    /** klc: the second-to-last merged bar; lastKlc: the last one. */
    boolean updateBi(int klc, int lastKlc, boolean calVirtual) {
        boolean f1 = updateBiSure(klc);
        if (calVirtual) {
            boolean f2 = tryAddVirtualBi(lastKlc, false);
            return f1 || f2;
        }
        return f1;
    }

    private boolean canUpdatePeak(int klc) {
        if (cfg.biAllowSubPeak || size() < 2) {
            return false;
        }
        Bi l = last();
        Bi p = bis.get(size() - 2);
        if (l.isDown() && k.kHigh(klc) < l.beginVal()) {
            return false;
        }
        if (l.isUp() && k.kLow(klc) > l.beginVal()) {
            return false;
        }
        if (!endIsPeak(p.beginKlc, klc)) {
            return false;
        }
        if (l.isDown() && l.endVal() < p.beginVal()) {
            return false;
        }
        if (l.isUp() && l.endVal() > p.beginVal()) {
            return false;
        }
        return true;
    }

    private boolean updatePeak(int klc, boolean forVirtual) {
        if (!canUpdatePeak(klc)) {
            return false;
        }
        Bi tmp = bis.last();
        removeLast();
        if (!tryUpdateEnd(klc, forVirtual)) {
            bis.add(tmp);
            return false;
        }
        if (forVirtual) {
            last().sureEnd.add(tmp.endKlc);
        }
        return true;
    }

    /** The last stroke's end bar, -1 (chan.py None) without strokes; bar indices are never negative. */
    private int lastKluOfLastBi() {
        return size() > 0 ? last().endKlu() : -1;
    }

    boolean updateBiSure(int klc) {
        int tmpEnd = lastKluOfLastBi();
        deleteVirtualBi();
        if (k.kFx(klc) == KBars.FX_UNKNOWN) {
            return tmpEnd != lastKluOfLastBi();
        }
        if (lastEnd < 0 || size() == 0) {
            return tryCreateFirstBi(klc);
        }
        if (k.kFx(klc) == k.kFx(lastEnd)) {
            return tryUpdateEnd(klc, false);
        } else if (canMakeBi(klc, lastEnd, false)) {
            addNewBi(lastEnd, klc, true);
            lastEnd = klc;
            return true;
        } else if (updatePeak(klc, false)) {
            return true;
        }
        return tmpEnd != lastKluOfLastBi();
    }

    void deleteVirtualBi() {
        if (size() > 0 && !last().sure) {
            Bi l = last();
            IntList ends = l.sureEnd;
            if (!ends.isEmpty()) {
                int[] later = ends.size() > 1 ? ends.tail(1) : null;
                l.restoreFromVirtualEnd(ends.get(0)); // empties ends
                lastEnd = l.endKlc;
                if (later != null) {
                    for (int e : later) {
                        addNewBi(lastEnd, e, true);
                        lastEnd = last().endKlc;
                    }
                }
            } else {
                removeLast();
            }
        }
        lastEnd = size() > 0 ? last().endKlc : -1;
        if (size() > 0) {
            last().next = null;
        }
    }

    boolean tryAddVirtualBi(int klc, boolean needDelEnd) {
        if (needDelEnd) {
            deleteVirtualBi();
        }
        if (size() == 0) {
            return false;
        }
        if (klc == last().endKlc) {
            return false;
        }
        Bi l = last();
        if ((l.isUp() && k.kHigh(klc) >= k.kHigh(l.endKlc)) || (l.isDown() && k.kLow(klc) <= k.kLow(l.endKlc))) {
            l.updateVirtualEnd(klc);
            return true;
        }
        int tmp = klc;
        while (tmp >= 0 && tmp > last().endKlc) {
            if (canMakeBi(tmp, last().endKlc, true)) {
                addNewBi(lastEnd, tmp, false);
                return true;
            } else if (updatePeak(tmp, true)) {
                return true;
            }
            tmp = k.pre(tmp);
        }
        return false;
    }

    void addNewBi(int preKlc, int curKlc, boolean sure) {
        Bi b = new Bi(k, preKlc, curKlc, size(), sure);
        bis.add(b);
        if (size() >= 2) {
            Bi p = bis.get(size() - 2);
            p.next = b;
            b.pre = p;
        }
    }

    private boolean satisfyBiSpan(int klc, int lastEnd) {
        int span = klcSpan(klc, lastEnd);
        if (cfg.biStrict) {
            return span >= 4;
        }
        int unitCnt = 0;
        int tmp = k.next(lastEnd);
        while (tmp >= 0) {
            unitCnt += k.kEnd(tmp) - k.kBegin(tmp) + 1;
            int nx = k.next(tmp);
            if (nx < 0) {
                return false;
            }
            if (nx < klc) {
                tmp = nx;
            } else {
                break;
            }
        }
        return span >= 3 && unitCnt >= 3;
    }

    private int klcSpan(int klc, int lastEnd) {
        int span = klc - lastEnd;
        if (!cfg.gapAsKl) {
            return span;
        }
        if (span >= 4) {
            return span;
        }
        int tmp = lastEnd;
        while (tmp >= 0 && tmp < klc) {
            if (hasGapWithNext(tmp)) {
                span++;
            }
            tmp = k.next(tmp);
        }
        return span;
    }

    private boolean hasGapWithNext(int klc) {
        int nx = k.next(klc);
        if (nx < 0) {
            throw new IllegalStateException("has_gap_with_next on the last klc");
        }
        double l1 = k.kluMinLow(klc), h1 = k.kluMaxHigh(klc), l2 = k.kluMinLow(nx), h2 = k.kluMaxHigh(nx);
        return !(h2 >= l1 && h1 >= l2);
    }

    boolean canMakeBi(int klc, int lastEnd, boolean forVirtual) {
        boolean span = fxAlgo || satisfyBiSpan(klc, lastEnd);
        if (!span) {
            return false;
        }
        if (!checkFxValid(lastEnd, klc, forVirtual)) {
            return false;
        }
        return !cfg.biEndIsPeak || endIsPeak(lastEnd, klc);
    }

    /** chan.py CKLine.check_fx_valid with self = the begin fractal, item2 = the candidate end. */
    private boolean checkFxValid(int self, int item2, boolean forVirtual) {
        ChanConfig.FxCheck method = cfg.biFxCheck;
        int selfPre = k.pre(self);
        int selfNext = k.next(self);
        int i2Pre = k.pre(item2);
        int i2Next = k.next(item2);
        if (k.kFx(self) == KBars.FX_TOP) {
            if (forVirtual && k.kDir(item2) != KBars.DOWN) {
                return false;
            }
            double item2High;
            double selfLow;
            switch (method) {
                case HALF:
                    item2High = Math.max(k.kHigh(i2Pre), k.kHigh(item2));
                    selfLow = Math.min(k.kLow(self), k.kLow(selfNext));
                    break;
                case LOSS:
                    item2High = k.kHigh(item2);
                    selfLow = k.kLow(self);
                    break;
                default:
                    if (forVirtual) {
                        item2High = Math.max(k.kHigh(i2Pre), k.kHigh(item2));
                    } else {
                        item2High = Math.max(Math.max(k.kHigh(i2Pre), k.kHigh(item2)), k.kHigh(i2Next));
                    }
                    selfLow = Math.min(Math.min(k.kLow(selfPre), k.kLow(self)), k.kLow(selfNext));
            }
            if (method == ChanConfig.FxCheck.TOTALLY) {
                return k.kLow(self) > item2High;
            }
            return k.kHigh(self) > item2High && k.kLow(item2) < selfLow;
        } else if (k.kFx(self) == KBars.FX_BOTTOM) {
            if (forVirtual && k.kDir(item2) != KBars.UP) {
                return false;
            }
            double item2Low;
            double curHigh;
            switch (method) {
                case HALF:
                    item2Low = Math.min(k.kLow(i2Pre), k.kLow(item2));
                    curHigh = Math.max(k.kHigh(self), k.kHigh(selfNext));
                    break;
                case LOSS:
                    item2Low = k.kLow(item2);
                    curHigh = k.kHigh(self);
                    break;
                default:
                    if (forVirtual) {
                        item2Low = Math.min(k.kLow(i2Pre), k.kLow(item2));
                    } else {
                        item2Low = Math.min(Math.min(k.kLow(i2Pre), k.kLow(item2)), k.kLow(i2Next));
                    }
                    curHigh = Math.max(Math.max(k.kHigh(selfPre), k.kHigh(self)), k.kHigh(selfNext));
            }
            if (method == ChanConfig.FxCheck.TOTALLY) {
                return k.kHigh(self) < item2Low;
            }
            return k.kLow(self) < item2Low && k.kHigh(item2) > curHigh;
        }
        throw new IllegalStateException("only top/bottom fx can check_valid_top_button");
    }

    private boolean tryUpdateEnd(int klc, boolean forVirtual) {
        if (size() == 0) {
            return false;
        }
        Bi l = last();
        boolean top = forVirtual ? k.kDir(klc) == KBars.UP : k.kFx(klc) == KBars.FX_TOP;
        boolean bottom = forVirtual ? k.kDir(klc) == KBars.DOWN : k.kFx(klc) == KBars.FX_BOTTOM;
        if ((l.isUp() && top && k.kHigh(klc) >= l.endVal()) || (l.isDown() && bottom && k.kLow(klc) <= l.endVal())) {
            if (forVirtual) {
                l.updateVirtualEnd(klc);
            } else {
                l.updateNewEnd(klc);
            }
            lastEnd = klc;
            return true;
        }
        return false;
    }

    boolean endIsPeak(int lastEnd, int curEnd) {
        int fx = k.kFx(lastEnd);
        if (fx == KBars.FX_BOTTOM) {
            double thr = k.kHigh(curEnd);
            int c = lastEnd + 1;
            while (true) {
                if (c >= curEnd) {
                    return true;
                }
                if (k.kHigh(c) > thr) {
                    return false;
                }
                c++;
            }
        } else if (fx == KBars.FX_TOP) {
            double thr = k.kLow(curEnd);
            int c = lastEnd + 1;
            while (true) {
                if (c >= curEnd) {
                    return true;
                }
                if (k.kLow(c) < thr) {
                    return false;
                }
                c++;
            }
        }
        return true;
    }
}
