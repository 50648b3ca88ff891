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
    /** The last line. */
    Line last;
    /**
     * Whether the feature-sequence walk under way has read the last line: before that none of its
     * values is the last line's (they are prices of the lines read so far, or maxima and minima of
     * them), so its comparisons need no note ({@link #noteIfRead}).
     */
    boolean read;
    private double[] other = new double[8];
    private int n;

    /** Starts a pass over lines ending with {@code last} (null when there is none). */
    void reset(Line last) {
        reset(last, last == null ? Double.NaN : last.endVal());
    }

    /** Starts a pass whose last line ({@code last}, may be null) ends at {@code price}. */
    void reset(Line last, double price) {
        this.last = last;
        w = price;
        n = 0;
        read = false;
    }

    /** {@link #note} within a feature-sequence walk: only once it has read the last line. */
    void noteIfRead(double a, double b) {
        if (read) {
            note(a, b);
        }
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
