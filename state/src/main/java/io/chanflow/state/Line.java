package io.chanflow.state;

/**
 * A line of the Chan hierarchy: a stroke (笔, {@link Bi}) or a segment (线段, {@link Seg}). Segments
 * are built from strokes and segments-of-segments from segments with the same algorithm, so both
 * expose the same view (chan.py uses duck typing for this).
 *
 * <p>{@code pre}/{@code next} are explicit links, maintained exactly where chan.py maintains them
 * (they can point at an item no longer in its list; chan.py reads them that way too).
 */
abstract class Line {
    static final int NO_SEG = Integer.MIN_VALUE;

    int idx;
    Line pre;
    Line next;
    /** chan.py seg_idx (None = NO_SEG). */
    int segIdx = NO_SEG;
    /** chan.py parent_seg. */
    Seg parentSeg;
    /**
     * The segment pass run ({@link SegList#run}) that last read {@link #isUsedToBeSure()} of this
     * line in a feature sequence; lets a skipped recomputation tell whether a flag change was seen.
     * Not state.
     */
    int usedSureReadRun;
    /** The last {@link Refs} walk that visited this object (not state). */
    int walkStamp;

    // Direction and flags sit here, read by final methods, not by an override per subclass: the
    // passes read them through Line, and a virtual call that sees both Bi and Seg is not always inlined.
    boolean up;
    boolean sure;
    boolean usedToBeSure;

    final boolean isUp() {
        return up;
    }

    final boolean isDown() {
        return !isUp();
    }

    final boolean isSure() {
        return sure;
    }

    final boolean isUsedToBeSure() {
        return sure || usedToBeSure;
    }

    /** chan.py {@code _high()}: the higher end of the line. */
    abstract double high();

    /** chan.py {@code _low()}. */
    abstract double low();

    abstract double beginVal();

    abstract double endVal();

    /** Global index of the raw bar at the line's begin. */
    abstract int beginKlu();

    /** Global index of the raw bar at the line's end. */
    abstract int endKlu();

    /** High of the raw bar at the line's end. */
    abstract double endKluHigh();

    /** Low of the raw bar at the line's end. */
    abstract double endKluLow();

    abstract long beginTime();

    abstract long endTime();

    abstract double macdMetric(ChanConfig.MacdAlgo algo, boolean reverse);

    double amp() {
        return Math.abs(endVal() - beginVal());
    }
}
