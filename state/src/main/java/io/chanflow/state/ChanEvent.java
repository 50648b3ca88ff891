package io.chanflow.state;

/**
 * Everything the engine reports about one bar. Every event carries the bar that caused it
 * ({@code causeBar}: 0-based index of the bar in this level's input, {@code causeTime}: its time)
 * and never depends on a bar after it.
 */
public sealed interface ChanEvent permits ChanEvent.LineEvent, ChanEvent.PivotEvent, ChanEvent.BspEvent {

    long causeBar();

    long causeTime();

    /** What happened to a structure (stroke, segment, segment-of-segments, pivot). */
    enum Change {
        /** A new item at a new index. */
        CREATED,
        /** Same begin, the end moved (a stroke or segment extended, a pivot grew). */
        EXTENDED,
        /** Same geometry, is_sure went from false to true. */
        CONFIRMED,
        /** Same geometry, is_sure went from true to false (a confirmed stroke stretched to a virtual end). */
        UNCONFIRMED,
        /** The item at this index was replaced by one with a different begin or direction. */
        REPLACED,
        /** The item at this index no longer exists. */
        REMOVED
    }

    /** Line levels: stroke 笔, segment 线段, segment of segments. */
    enum LineLevel { BI, SEG, SEGSEG }

    /** Pivot 中枢 levels: built from strokes or from segments. */
    enum PivotLevel { BI, SEG }

    /** Buy/sell point levels: at stroke ends or at segment ends. */
    enum BspLevel { BI, SEG }

    /**
     * A line as it is after the change. Bars are 0-based input indices; prices are the merged-bar
     * extremes, as in chan.py.
     */
    record Line(int idx, boolean up, int beginBar, int endBar, long beginTime, long endTime,
                double beginPrice, double endPrice, boolean sure) { }

    /** A pivot as it is after the change. {@code idx} is its position in the level's pivot list. */
    record Pivot(int idx, int beginBar, int endBar, long beginTime, long endTime, double low, double high,
                 double peakLow, double peakHigh, int beginLine, int endLine, boolean sure) { }

    record LineEvent(long causeBar, long causeTime, Change change, LineLevel level, Line line) implements ChanEvent { }

    record PivotEvent(long causeBar, long causeTime, Change change, PivotLevel level, Pivot pivot) implements ChanEvent { }

    /**
     * A buy/sell point type added to or removed from the point at {@code (level, time, isBuy)}.
     * One event per type; net change per bar (an add and a remove of the same key within one bar
     * cancel out and are not reported).
     */
    record BspEvent(long causeBar, long causeTime, boolean added, BspLevel level, int bar, long time,
                    boolean isBuy, BspType type, double price) implements ChanEvent { }
}
