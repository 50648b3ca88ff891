package io.chanflow.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The feature-sequence fractal (特征序列分型) that ends a segment (chan.py Seg/EigenFX.py), with
 * inclusion exclusion (exclude_included=True, the only mode chan.py's segment code uses).
 */
final class EigenFx {
    static final int TRUE = 1;
    static final int FALSE = 0;
    static final int NONE = -1;

    final boolean up; // segment direction
    final Eigen[] ele = new Eigen[3];
    List<Line> lst = new ArrayList<>();
    final int klDir;
    Line lastEvidenceBi;
    boolean lastEvidenceBiIsSure;
    boolean actualBreakFlag = true;

    /** The segment pass run this walk belongs to (stamped on the lines whose flag it reads). */
    final int run;
    /** Where the segment pass notes its comparisons of prices (see {@link PriceCmp}). */
    final PriceCmp cmp;

    EigenFx(boolean up, int run, PriceCmp cmp) {
        this.cmp = cmp;
        this.up = up;
        this.klDir = up ? KBars.UP : KBars.DOWN;
        this.run = run;
    }

    /** Whether {@code l} is or was sure, recording that this run read it. */
    private boolean usedSure(Line l) {
        l.usedSureReadRun = run;
        return l.isUsedToBeSure();
    }

    /** Back to the state of a new instance (so a segment pass can reuse one instead of allocating). */
    void init() {
        ele[0] = null;
        ele[1] = null;
        ele[2] = null;
        lst.clear();
        lastEvidenceBi = null;
        lastEvidenceBiIsSure = false;
        actualBreakFlag = true;
        cmp.read = false;
    }

    private boolean treatFirstEle(Line bi) {
        ele[0] = new Eigen(bi, klDir, cmp);
        return false;
    }

    private boolean treatSecondEle(Line bi) {
        int d = ele[0].tryAdd(bi, true, 0);
        if (d != KBars.COMBINE) {
            ele[1] = new Eigen(bi, klDir, cmp);
            if (up) {
                cmp.noteIfRead(ele[1].high, ele[0].high);
            } else {
                cmp.noteIfRead(ele[1].low, ele[0].low);
            }
            if ((up && ele[1].high < ele[0].high) || (!up && ele[1].low > ele[0].low)) {
                return reset();
            }
        }
        return false;
    }

    private boolean treatThirdEle(Line bi) {
        lastEvidenceBi = bi;
        lastEvidenceBiIsSure = usedSure(bi);
        int ate = bi.isDown() ? 1 : -1;
        int d = ele[1].tryAdd(bi, false, ate);
        if (d == KBars.COMBINE) {
            return false;
        }
        ele[2] = new Eigen(bi, d, cmp);
        if (!actualBreak()) {
            return reset();
        }
        ele[1].updateFx(ele[0], ele[2], ate);
        int fx = ele[1].fx;
        boolean isFx = (up && fx == KBars.FX_TOP) || (!up && fx == KBars.FX_BOTTOM);
        return isFx || reset();
    }

    /** Adds a counter-direction line; returns whether a fractal formed. */
    boolean add(Line bi) {
        if (bi.isUp() == up) {
            throw new IllegalStateException("feature element must run against the segment");
        }
        if (bi == cmp.last) {
            cmp.read = true;
        }
        lst.add(bi);
        if (ele[0] == null) {
            return treatFirstEle(bi);
        } else if (ele[1] == null) {
            return treatSecondEle(bi);
        } else if (ele[2] == null) {
            return treatThirdEle(bi);
        }
        throw new IllegalStateException("特征序列3个都找齐了还没处理!! 当前笔:" + bi.idx);
    }

    boolean reset() {
        // clear() gives this a new list, so the old one can be replayed without a copy
        List<Line> tmp = lst;
        clear();
        for (int i = 1; i < tmp.size(); i++) {
            if (add(tmp.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** TRUE, FALSE or NONE (undetermined). */
    int canBeEnd(LineList<? extends Line> lines) {
        if (ele[1].gap) {
            int endBiIdx = peakBiIdx();
            return findRevertFx(lines, endBiIdx + 2);
        }
        if (!actualBreakFlag) {
            return NONE;
        }
        return TRUE;
    }

    int peakBiIdx() {
        return ele[1].peakBiIdx();
    }

    boolean allBiIsSure() {
        if (lastEvidenceBi == null) {
            throw new IllegalStateException("no evidence line");
        }
        for (Line b : lst) {
            if (!usedSure(b)) {
                return false;
            }
        }
        return lastEvidenceBiIsSure;
    }

    void clear() {
        ele[0] = null;
        ele[1] = null;
        ele[2] = null;
        lst = new ArrayList<>();
    }

    private boolean actualBreak() {
        Line e1Last = ele[1].last();
        if (up) {
            cmp.noteIfRead(ele[2].low, e1Last.low());
        } else {
            cmp.noteIfRead(ele[2].high, e1Last.high());
        }
        if ((up && ele[2].low < e1Last.low()) || (!up && ele[2].high > e1Last.high())) {
            return true;
        }
        Line e2 = ele[2].lst.get(0);
        if (e2.next != null && (e2.next == cmp.last || e2.next.next == cmp.last)) {
            cmp.read = true;
        }
        if (e2.next != null && e2.next.next != null) {
            Line nn = e2.next.next;
            if (e2.isDown()) {
                cmp.noteIfRead(nn.low(), e2.low());
            } else {
                cmp.noteIfRead(nn.high(), e2.high());
            }
            if (e2.isDown()) {
                if (nn.low() < e2.low()) {
                    lastEvidenceBi = nn;
                    lastEvidenceBiIsSure = usedSure(nn);
                    return true;
                } else if (!usedSure(nn) || nn.next == null) {
                    actualBreakFlag = false;
                    return true;
                }
            } else {
                if (nn.high() > e2.high()) {
                    lastEvidenceBi = nn;
                    lastEvidenceBiIsSure = usedSure(nn);
                    return true;
                } else if (!usedSure(nn) || nn.next == null) {
                    actualBreakFlag = false;
                    return true;
                }
            }
        } else {
            if (e2.next != null) {
                if (up) {
                    cmp.noteIfRead(e2.next.high(), ele[1].high);
                } else {
                    cmp.noteIfRead(e2.next.low(), ele[1].low);
                }
                if (up && e2.next.high() > ele[1].high) {
                    // no break
                } else if (!up && e2.next.low() < ele[1].low) {
                    // no break
                } else {
                    actualBreakFlag = false;
                    return true;
                }
            } else {
                actualBreakFlag = false;
                return true;
            }
        }
        return false;
    }

    private int findRevertFx(LineList<? extends Line> lines, int beginIdx) {
        boolean firstUp = lines.get(beginIdx).isUp();
        EigenFx eg = new EigenFx(!firstUp, run, cmp);
        int n = lines.size();
        for (int i = beginIdx; i < n; i += 2) {
            Line bi = lines.get(i);
            if (eg.add(bi)) {
                while (true) {
                    int test = eg.canBeEnd(lines);
                    if (!eg.actualBreakFlag) {
                        test = NONE;
                    }
                    if (test == TRUE || test == NONE) {
                        lastEvidenceBi = eg.ele[2].last();
                        if (test == TRUE) {
                            lastEvidenceBiIsSure = usedSure(lastEvidenceBi) && eg.lastEvidenceBiIsSure;
                        }
                        return test;
                    } else if (!eg.reset()) {
                        break;
                    }
                }
            }
        }
        return NONE;
    }
}
