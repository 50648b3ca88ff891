package io.chanflow.state;

/**
 * The prices a segment pass compared with the end price of the last line (not state). The pass
 * reads that price as the last line's end, high or low, copies it into feature elements and peaks
 * (maxima and minima of line prices are one of the prices they compare) and compares it with other
 * prices; each such comparison is noted here with its other side. When the last line's end price
 * later moves and none of these prices lies between the old and the new price (both included),
 * every comparison the pass made comes out the same, so the pass would decide exactly as it did
 * (see {@code Level#gapClear}). A price equal to the last line's by coincidence counts as compared
 * with it, which can only make that check stricter.
 */
final class PriceCmp {
    /** The last line's end price during the pass; NaN (equal to nothing) when there is none. */
    private double w = Double.NaN;
    private double[] other = new double[8];
    private int n;

    /** Starts a pass whose last line ends at {@code price}. */
    void reset(double price) {
        w = price;
        n = 0;
    }

    /** A comparison of {@code a} with {@code b}. */
    void note(double a, double b) {
        if (a == w) {
            add(b);
        }
        if (b == w) {
            add(a);
        }
    }

    private void add(double v) {
        if (n == other.length) {
            other = java.util.Arrays.copyOf(other, 2 * n);
        }
        other[n++] = v;
    }

    /** Whether a price the pass compared with the last line's lies in [lo, hi]. */
    boolean anyIn(double lo, double hi) {
        for (int i = 0; i < n; i++) {
            if (ZsList.in(other[i], lo, hi)) {
                return true;
            }
        }
        return false;
    }
}
