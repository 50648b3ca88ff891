package io.chanflow.state;

import java.util.Arrays;

/**
 * Raw bars (chan.py "klu") and merged bars (chan.py "klc", inclusion-processed K-lines) of one
 * level, stored as primitive arrays addressed by their global 0-based index. The oldest entries
 * can be dropped ({@link #pruneBefore}) once nothing can read them any more; indices stay global.
 */
final class KBars {

    static final int UP = 1;
    static final int DOWN = 2;
    static final int COMBINE = 3;
    static final int INCLUDED = 4;

    static final int FX_UNKNOWN = 0;
    static final int FX_TOP = 1;
    static final int FX_BOTTOM = 2;

    // ---- raw bars --------------------------------------------------------------------------
    int kluBase;
    int kluCount; // local count
    long[] time = new long[64];
    double[] high = new double[64];
    double[] low = new double[64];
    double[] volume = new double[64];
    double[] macd = new double[64];

    // MACD recurrence state (chan.py Math/MACD.py)
    boolean macdStarted;
    double fastEma;
    double slowEma;
    double dea;
    final int fastPeriod;
    final int slowPeriod;
    final int signalPeriod;

    // ---- merged bars ---------------------------------------------------------------------------
    int klcBase;
    int klcCount; // local count
    int[] klcBegin = new int[64]; // global klu idx of first bar
    int[] klcEnd = new int[64];   // global klu idx of last bar
    double[] klcHigh = new double[64];
    double[] klcLow = new double[64];
    byte[] klcDir = new byte[64];
    byte[] klcFx = new byte[64];
    /** Per merged bar: the last raw bar whose high (low) equals the merged high (low); see {@link #peakKlu}. */
    int[] klcPeakHigh = new int[64];
    int[] klcPeakLow = new int[64];

    /**
     * In-place changes of strokes so far ({@link Bi}'s end and flag updates; the stroke list's own
     * changes are its low-water marks). Not state: only differences between two reads count.
     */
    long biChanges;

    KBars(int fast, int slow, int signal) {
        this.fastPeriod = fast;
        this.slowPeriod = slow;
        this.signalPeriod = signal;
    }

    int kluSize() {
        return kluBase + kluCount;
    }

    int klcSize() {
        return klcBase + klcCount;
    }

    /** Appends a raw bar, computing its MACD histogram; returns its global index. */
    int addKlu(Bar b) {
        if (kluCount == time.length) {
            int n = time.length * 2;
            time = Arrays.copyOf(time, n);
            high = Arrays.copyOf(high, n);
            low = Arrays.copyOf(low, n);
            volume = Arrays.copyOf(volume, n);
            macd = Arrays.copyOf(macd, n);
        }
        int i = kluCount++;
        time[i] = b.time();
        high[i] = b.high();
        low[i] = b.low();
        volume[i] = b.volume();
        double v = b.close();
        if (!macdStarted) {
            macdStarted = true;
            fastEma = v;
            slowEma = v;
            dea = 0;
            macd[i] = 2 * (0.0 - 0.0);
        } else {
            fastEma = (2 * v + (fastPeriod - 1) * fastEma) / (fastPeriod + 1);
            slowEma = (2 * v + (slowPeriod - 1) * slowEma) / (slowPeriod + 1);
            double dif = fastEma - slowEma;
            dea = (2 * dif + (signalPeriod - 1) * dea) / (signalPeriod + 1);
            macd[i] = 2 * (dif - dea);
        }
        return kluBase + i;
    }

    long time(int klu) {
        return time[klu - kluBase];
    }

    double high(int klu) {
        return high[klu - kluBase];
    }

    double low(int klu) {
        return low[klu - kluBase];
    }

    double volume(int klu) {
        return volume[klu - kluBase];
    }

    double macd(int klu) {
        return macd[klu - kluBase];
    }

    // ---- merged bars ---------------------------------------------------------------------------

    int addKlc(int klu, int dir) {
        if (klcCount == klcBegin.length) {
            int n = klcBegin.length * 2;
            klcBegin = Arrays.copyOf(klcBegin, n);
            klcEnd = Arrays.copyOf(klcEnd, n);
            klcHigh = Arrays.copyOf(klcHigh, n);
            klcLow = Arrays.copyOf(klcLow, n);
            klcDir = Arrays.copyOf(klcDir, n);
            klcFx = Arrays.copyOf(klcFx, n);
            klcPeakHigh = Arrays.copyOf(klcPeakHigh, n);
            klcPeakLow = Arrays.copyOf(klcPeakLow, n);
        }
        int i = klcCount++;
        klcBegin[i] = klu;
        klcEnd[i] = klu;
        klcHigh[i] = high(klu);
        klcLow[i] = low(klu);
        klcDir[i] = (byte) dir;
        klcFx[i] = FX_UNKNOWN;
        klcPeakHigh[i] = klu;
        klcPeakLow[i] = klu;
        return klcBase + i;
    }

    double kHigh(int klc) {
        return klcHigh[klc - klcBase];
    }

    double kLow(int klc) {
        return klcLow[klc - klcBase];
    }

    int kDir(int klc) {
        return klcDir[klc - klcBase];
    }

    int kFx(int klc) {
        return klcFx[klc - klcBase];
    }

    int kBegin(int klc) {
        return klcBegin[klc - klcBase];
    }

    int kEnd(int klc) {
        return klcEnd[klc - klcBase];
    }

    /** chan.py's klc.pre: set for every klc but the first. Returns -1 for none. */
    int pre(int klc) {
        return klc > 0 ? klc - 1 : -1;
    }

    /** chan.py's klc.next: set by update_fx for klc 1..n-2; never for klc 0 or the last. */
    int next(int klc) {
        return (klc >= 1 && klc + 1 < klcSize()) ? klc + 1 : -1;
    }

    /**
     * chan.py KLine_Combiner.try_add for a raw bar into the last merged bar (no exclusion).
     * Returns COMBINE (merged), UP or DOWN (a new merged bar is needed with that direction).
     */
    int tryAddToLast(int klu) {
        int k = klcCount - 1;
        double h = klcHigh[k];
        double l = klcLow[k];
        double uh = high(klu);
        double ul = low(klu);
        int dir;
        if ((h >= uh && l <= ul) || (h <= uh && l >= ul)) {
            dir = COMBINE;
        } else if (h > uh && l > ul) {
            return DOWN;
        } else if (h < uh && l < ul) {
            return UP;
        } else {
            throw new IllegalStateException("combine type unknown");
        }
        if (klcDir[k] == UP) {
            if (uh != ul || uh != h) {
                klcHigh[k] = Math.max(h, uh);
                klcLow[k] = Math.max(l, ul);
            }
        } else if (klcDir[k] == DOWN) {
            if (uh != ul || ul != l) {
                klcHigh[k] = Math.min(h, uh);
                klcLow[k] = Math.min(l, ul);
            }
        } else {
            throw new IllegalStateException("klc direction must be UP or DOWN");
        }
        klcEnd[k] = klu;
        // a merged extreme only changes to the new bar's value, so the cached peaks stay exact
        if (uh == klcHigh[k]) {
            klcPeakHigh[k] = klu;
        }
        if (ul == klcLow[k]) {
            klcPeakLow[k] = klu;
        }
        return dir;
    }

    /** chan.py CKLine.update_fx on klc {@code mid} with its neighbours (no exclusion). */
    void updateFx(int pre, int mid, int next) {
        double ph = kHigh(pre), pl = kLow(pre), h = kHigh(mid), l = kLow(mid), nh = kHigh(next), nl = kLow(next);
        int i = mid - klcBase;
        if (ph < h && nh < h && pl < l && nl < l) {
            klcFx[i] = FX_TOP;
        } else if (ph > h && nh > h && pl > l && nl > l) {
            klcFx[i] = FX_BOTTOM;
        }
    }

    /** The last raw bar of the merged bar whose high (isHigh) or low equals the merged extreme. */
    int peakKlu(int klc, boolean isHigh) {
        // one load through a selected array (a conditional move), not a branch: strokes alternate
        // direction, so a branch on the side is mispredicted often
        int[] a = isHigh ? klcPeakHigh : klcPeakLow;
        return a[klc - klcBase];
    }

    double kluMaxHigh(int klc) {
        double m = Double.NEGATIVE_INFINITY;
        for (int u = kBegin(klc); u <= kEnd(klc); u++) {
            m = Math.max(m, high(u));
        }
        return m;
    }

    double kluMinLow(int klc) {
        double m = Double.POSITIVE_INFINITY;
        for (int u = kBegin(klc); u <= kEnd(klc); u++) {
            m = Math.min(m, low(u));
        }
        return m;
    }

    /** Drops raw bars before {@code klu} and merged bars before {@code klc} (global indices). */
    void pruneBefore(int klc, int klu) {
        int dk = klc - klcBase;
        if (dk > 0) {
            System.arraycopy(klcBegin, dk, klcBegin, 0, klcCount - dk);
            System.arraycopy(klcEnd, dk, klcEnd, 0, klcCount - dk);
            System.arraycopy(klcHigh, dk, klcHigh, 0, klcCount - dk);
            System.arraycopy(klcLow, dk, klcLow, 0, klcCount - dk);
            System.arraycopy(klcDir, dk, klcDir, 0, klcCount - dk);
            System.arraycopy(klcFx, dk, klcFx, 0, klcCount - dk);
            System.arraycopy(klcPeakHigh, dk, klcPeakHigh, 0, klcCount - dk);
            System.arraycopy(klcPeakLow, dk, klcPeakLow, 0, klcCount - dk);
            klcCount -= dk;
            klcBase = klc;
        }
        int du = klu - kluBase;
        if (du > 0) {
            System.arraycopy(time, du, time, 0, kluCount - du);
            System.arraycopy(high, du, high, 0, kluCount - du);
            System.arraycopy(low, du, low, 0, kluCount - du);
            System.arraycopy(volume, du, volume, 0, kluCount - du);
            System.arraycopy(macd, du, macd, 0, kluCount - du);
            kluCount -= du;
            kluBase = klu;
        }
    }
}
