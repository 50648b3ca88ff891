package io.chanflow.state.outcome;

import io.chanflow.state.ChanEvent;
import io.chanflow.state.ChanState;
import io.chanflow.state.signals.LevelChan;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a point's features read from the next-higher level (级别): its direction and its recent
 * buy/sell points, as of that level's last closed bar. The caller builds it with {@link #of(LevelChan)}
 * from the higher level's engine at the moment the lower point is confirmed. Levels close finest
 * first when their bars end together, so the higher level has then not yet seen the bar that ends
 * with the lower one: nothing later than the lower confirming bar is read.
 *
 * <h2>Nested-interval confirmation (区间套)</h2>
 * Each higher point covers the time from the start of the higher-level line that ends at it (the
 * stroke for a stroke-level point, the segment for a segment-level point) up to, not including, the
 * start of the higher bar after the point's bar; when the point is on the higher level's newest
 * bar, the end is open (and for an old point whose bars the engine has already dropped, the cover
 * ends right after the point's own bar start). A lower point at time {@code t} (its bar's start) of side {@code buy} has a
 * nested-interval confirmation iff some higher point of the same side, of any type and either
 * scope, present now (provisional or confirmed) covers {@code t}. Only the {@link #MAX_POINTS}
 * newest higher points are kept.
 *
 * @param direction +1 if the higher level's last stroke goes up, -1 if down, 0 if it has none
 * @param points the newest higher points, newest first
 */
public record HigherLevelView(int direction, List<Point> points) {
    public static final int MAX_POINTS = 8;
    /** For the top level (nothing above it): no direction, no points. */
    public static final HigherLevelView NONE = new HigherLevelView(0, List.of());

    private static final int MAGIC = 0x43484831; // "CHH1"

    /**
     * One higher-level point and the time it covers, {@code [coverFrom, coverUntil)}.
     *
     * @param coverUntil the start of the higher bar after the point's bar, {@code Long.MAX_VALUE} if none yet
     */
    public record Point(boolean buy, boolean seg, long time, long coverFrom, long coverUntil) {
        public boolean covers(long t) {
            return coverFrom <= t && t < coverUntil;
        }
    }

    public HigherLevelView {
        if (direction < -1 || direction > 1) {
            throw new IllegalArgumentException("direction must be -1, 0 or 1, got " + direction);
        }
        points = List.copyOf(points);
        if (points.size() > MAX_POINTS) {
            throw new IllegalArgumentException("points must hold at most " + MAX_POINTS + ", got " + points.size());
        }
    }

    /** Whether a same-side higher point covers the lower point's time (see the class comment). */
    public boolean nestedConfirmation(boolean buy, long time) {
        for (Point p : points) {
            if (p.buy() == buy && p.covers(time)) {
                return true;
            }
        }
        return false;
    }

    /** The view the level of {@code higher} gives to the level below it (read-only: the engine is not changed). */
    public static HigherLevelView of(LevelChan higher) {
        Objects.requireNonNull(higher, "higher");
        ChanState st = higher.state();
        List<ChanEvent.Line> strokes = st.lines(ChanEvent.LineLevel.BI);
        int dir = strokes.isEmpty() ? 0 : strokes.get(strokes.size() - 1).up() ? 1 : -1;
        List<ChanState.PointView> pts = new ArrayList<>(st.points());
        pts.sort(Comparator.comparingLong(ChanState.PointView::time).reversed()
                .thenComparing(p -> p.level() == ChanEvent.BspLevel.SEG)
                .thenComparing(ChanState.PointView::buy));
        if (pts.isEmpty()) {
            return new HigherLevelView(dir, List.of());
        }
        List<ChanEvent.Line> segs = st.lines(ChanEvent.LineLevel.SEG);
        List<Point> out = new ArrayList<>();
        for (ChanState.PointView p : pts.subList(0, Math.min(MAX_POINTS, pts.size()))) {
            boolean seg = p.level() == ChanEvent.BspLevel.SEG;
            long from = p.time();
            for (ChanEvent.Line l : seg ? segs : strokes) {
                if (l.endBar() == p.bar()) {
                    from = l.beginTime();
                    break;
                }
            }
            long next = p.bar() + 1L < st.barCount() ? st.barTime(p.bar() + 1) : Long.MAX_VALUE;
            if (next == Long.MIN_VALUE) {
                next = p.time() + 1; // an old point whose bars were pruned: its bar's end is unknown
            }
            out.add(new Point(p.buy(), seg, p.time(), from, next));
        }
        return new HigherLevelView(dir, out);
    }

    /** A few hundred bytes, so an operator may keep it per level instead of reading the higher engine. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 1 + points.size() * 25);
        b.putInt(MAGIC).put((byte) direction).put((byte) points.size());
        for (Point p : points) {
            b.put((byte) ((p.buy() ? 1 : 0) | (p.seg() ? 2 : 0))).putLong(p.time()).putLong(p.coverFrom())
                    .putLong(p.coverUntil());
        }
        return b.array();
    }

    public static HigherLevelView fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 6 || b.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a higher-level view (bad magic)");
        }
        int dir = b.get();
        int n = b.get();
        if (n < 0 || bytes.length != 6 + n * 25) {
            throw new IllegalArgumentException("higher-level view of " + bytes.length + " bytes cannot hold " + n
                    + " points");
        }
        List<Point> pts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int f = b.get();
            pts.add(new Point((f & 1) != 0, (f & 2) != 0, b.getLong(), b.getLong(), b.getLong()));
        }
        return new HigherLevelView(dir, pts);
    }
}
