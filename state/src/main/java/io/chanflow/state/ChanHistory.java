package io.chanflow.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds the full picture of one level (every stroke, segment, pivot and buy/sell point) from the
 * engine's event stream. The engine itself keeps bounded state; whoever needs the whole history
 * (the {@code analyze} CLI, a backtest report) folds the events here.
 */
public final class ChanHistory {

    /** A buy/sell point with all its types, as chan.py lists it. */
    public record Point(ChanEvent.BspLevel level, int bar, long time, boolean isBuy, List<BspType> types, double price) { }

    private final Map<ChanEvent.LineLevel, TreeMap<Integer, ChanEvent.Line>> lines = new EnumMap<>(ChanEvent.LineLevel.class);
    private final Map<ChanEvent.PivotLevel, TreeMap<Integer, ChanEvent.Pivot>> pivots = new EnumMap<>(ChanEvent.PivotLevel.class);
    /** key: level, time, isBuy -> types in order of appearance. */
    private final TreeMap<String, PointBuilder> points = new TreeMap<>();

    private static final class PointBuilder {
        final ChanEvent.BspLevel level;
        final int bar;
        final long time;
        final boolean isBuy;
        final double price;
        final List<BspType> types = new ArrayList<>();

        PointBuilder(ChanEvent.BspEvent e) {
            level = e.level();
            bar = e.bar();
            time = e.time();
            isBuy = e.isBuy();
            price = e.price();
        }
    }

    public ChanHistory() {
        for (ChanEvent.LineLevel l : ChanEvent.LineLevel.values()) {
            lines.put(l, new TreeMap<>());
        }
        for (ChanEvent.PivotLevel l : ChanEvent.PivotLevel.values()) {
            pivots.put(l, new TreeMap<>());
        }
    }

    public void accept(List<ChanEvent> events) {
        for (ChanEvent e : events) {
            accept(e);
        }
    }

    public void accept(ChanEvent e) {
        if (e instanceof ChanEvent.LineEvent le) {
            TreeMap<Integer, ChanEvent.Line> m = lines.get(le.level());
            if (le.change() == ChanEvent.Change.REMOVED) {
                m.remove(le.line().idx());
            } else {
                m.put(le.line().idx(), le.line());
            }
        } else if (e instanceof ChanEvent.PivotEvent pe) {
            TreeMap<Integer, ChanEvent.Pivot> m = pivots.get(pe.level());
            if (pe.change() == ChanEvent.Change.REMOVED) {
                m.remove(pe.pivot().idx());
            } else {
                m.put(pe.pivot().idx(), pe.pivot());
            }
        } else if (e instanceof ChanEvent.BspEvent be) {
            String key = be.level().ordinal() + "|" + String.format("%020d", be.bar()) + "|" + be.isBuy();
            if (be.added()) {
                points.computeIfAbsent(key, k -> new PointBuilder(be)).types.add(be.type());
            } else {
                PointBuilder pb = points.get(key);
                if (pb == null || !pb.types.remove(be.type())) {
                    throw new IllegalStateException("remove of a point type that was never added: " + be);
                }
                if (pb.types.isEmpty()) {
                    points.remove(key);
                }
            }
        }
    }

    public List<ChanEvent.Line> lines(ChanEvent.LineLevel level) {
        return Collections.unmodifiableList(new ArrayList<>(lines.get(level).values()));
    }

    public List<ChanEvent.Pivot> pivots(ChanEvent.PivotLevel level) {
        return Collections.unmodifiableList(new ArrayList<>(pivots.get(level).values()));
    }

    /** Points ordered by level (stroke first), then bar. */
    public List<Point> points() {
        List<Point> out = new ArrayList<>();
        for (PointBuilder pb : points.values()) {
            out.add(new Point(pb.level, pb.bar, pb.time, pb.isBuy, List.copyOf(pb.types), pb.price));
        }
        return out;
    }
}
