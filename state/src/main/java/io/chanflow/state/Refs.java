package io.chanflow.state;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The object graph of a level's state: strokes, segments, pivots and points reference each other
 * the way chan.py's objects do (including references to items no longer in their list). This class
 * enumerates every reachable object in a deterministic order (used by the codec) and cuts
 * references to pruned history (used after pruning).
 */
final class Refs {
    final Level level;
    final List<Bi> bis = new ArrayList<>();
    final List<Seg> segs = new ArrayList<>();
    final List<Zs> zss = new ArrayList<>();
    final List<Bsp> bsps = new ArrayList<>();
    /** Each object's position in its list (the codec's ids); only filled by {@link #enumerate}. */
    final IdentityHashMap<Object, Integer> ids;
    private boolean fix;
    /** This walk's stamp ({@link Level#walks}): an object carrying it was visited already. */
    private final int stamp;

    private Refs(Level level, boolean withIds) {
        this.level = level;
        this.ids = withIds ? new IdentityHashMap<>() : null;
        this.stamp = ++level.walks;
    }

    /** Enumerates the reachable objects (each list in discovery order, roots first), with their ids. */
    static Refs enumerate(Level level) {
        Refs r = new Refs(level, true);
        r.walk();
        return r;
    }

    /** The reachable objects, without ids (for pruning: see {@link #cutPruned()}). */
    static Refs reachable(Level level) {
        Refs r = new Refs(level, false);
        r.walk();
        return r;
    }

    /**
     * After the lists were pruned: cuts every reference from live objects to pruned ones. Every
     * object still reachable was reachable before pruning (pruning adds no reference), so fixing
     * the live objects found by the walk that built this set covers them all; the others are
     * garbage now and are left alone.
     */
    void cutPruned() {
        fix = true;
        for (Bi b : bis) {
            if (!dead(b)) {
                lineFields(b);
            }
        }
        for (Seg s : segs) {
            if (!dead(s)) {
                segFields(s);
            }
        }
        for (Zs z : zss) {
            if (!dead(z)) {
                zsFields(z);
            }
        }
        for (ZsList zl : new ZsList[] {level.zsList, level.segzsList}) {
            zl.freeItemLst = liveLines(zl.freeItemLst);
        }
    }

    private List<Line> liveLines(List<Line> l) {
        List<Line> out = new ArrayList<>(l.size());
        for (Line x : l) {
            Line y = line(x);
            if (y != null) {
                out.add(y);
            }
        }
        return out;
    }

    boolean dead(Line l) {
        if (l instanceof Bi) {
            return l.idx < level.biList.bis.base;
        }
        Seg s = (Seg) l;
        return s.idx < (s.kind == 0 ? level.segList.segs.base : level.segsegList.segs.base);
    }

    boolean dead(Zs z) {
        return z.pruned || dead(z.beginBi);
    }

    private Line line(Line l) {
        if (l == null) {
            return null;
        }
        if (dead(l)) {
            return null;
        }
        if (!fix) {
            visit(l);
        }
        return l;
    }

    private Zs zs(Zs z) {
        if (z == null || dead(z)) {
            return null;
        }
        if (!fix) {
            visit(z);
        }
        return z;
    }

    private void visit(Line l) {
        if (l.walkStamp == stamp) {
            return;
        }
        l.walkStamp = stamp;
        if (l instanceof Bi b) {
            id(b, bis.size());
            bis.add(b);
        } else {
            Seg s = (Seg) l;
            id(s, segs.size());
            segs.add(s);
        }
    }

    private void visit(Zs z) {
        if (z.walkStamp != stamp) {
            z.walkStamp = stamp;
            id(z, zss.size());
            zss.add(z);
        }
    }

    private void visit(Bsp p) {
        if (p.walkStamp != stamp) {
            p.walkStamp = stamp;
            id(p, bsps.size());
            bsps.add(p);
        }
    }

    private void id(Object o, int id) {
        if (ids != null) {
            ids.put(o, id);
        }
    }

    private void walk() {
        // roots, in a fixed order
        LineList<Bi> bl = level.biList.bis;
        for (int i = bl.base; i < bl.size(); i++) {
            visit(bl.get(i));
        }
        for (SegList sl : new SegList[] {level.segList, level.segsegList}) {
            for (int i = sl.segs.base; i < sl.size(); i++) {
                visit(sl.segs.get(i));
            }
        }
        for (ZsList zl : new ZsList[] {level.zsList, level.segzsList}) {
            for (int i = zl.zsLst.base; i < zl.size(); i++) {
                visit(zl.zsLst.get(i));
            }
            for (Line l : zl.freeItemLst) {
                line(l);
            }
        }
        for (BspList b : new BspList[] {level.bspList, level.segBspList}) {
            for (List<List<Bsp>> pair : b.store.values()) {
                for (List<Bsp> l : pair) {
                    for (Bsp p : l) {
                        visit(p);
                    }
                }
            }
            for (Bsp p : b.bsp1List) {
                visit(p);
            }
        }
        // fields of everything reachable; the lists grow while we scan them
        int ib = 0, is = 0, iz = 0, ip = 0;
        boolean more = true;
        while (more) {
            more = false;
            while (ib < bis.size()) {
                lineFields(bis.get(ib++));
                more = true;
            }
            while (is < segs.size()) {
                segFields(segs.get(is++));
                more = true;
            }
            while (iz < zss.size()) {
                zsFields(zss.get(iz++));
                more = true;
            }
            while (ip < bsps.size()) {
                Bsp p = bsps.get(ip++);
                line(p.bi);
                more = true;
            }
        }
    }

    private void segFields(Seg s) {
        lineFields(s);
        Line sb = line(s.startBi);
        Line eb = line(s.endBi);
        Line el = line(s.eigenLast);
        if (!fix) {
            for (Line x : s.biList) {
                line(x);
            }
            for (Zs z : s.zsLst) {
                zs(z);
            }
        } else {
            List<Line> bl2 = liveLines(s.biList);
            List<Zs> zl2 = new ArrayList<>(s.zsLst.size());
            for (Zs z : s.zsLst) {
                Zs y = zs(z);
                if (y != null) {
                    zl2.add(y);
                }
            }
            if (!s.frozen && (sb == null || eb == null)) {
                throw new IllegalStateException("segment " + s + " lost its lines without being frozen");
            } else if (!s.frozen) {
                s.startBi = sb;
                s.endBi = eb;
            }
            s.eigenLast = el;
            if (!s.frozen) {
                s.biList = bl2;
            }
            s.zsLst = zl2;
        }
    }

    private void zsFields(Zs z) {
        Line b = line(z.beginBi);
        Line e = line(z.endBi);
        Line in = line(z.biIn);
        Line out = line(z.biOut);
        if (!fix) {
            for (Line x : z.biLst) {
                line(x);
            }
        } else {
            z.beginBi = b;
            z.endBi = e;
            z.biIn = in;
            z.biOut = out;
            z.biLst = liveLines(z.biLst);
        }
    }

    private void lineFields(Line l) {
        Line pre = line(l.pre);
        Line next = line(l.next);
        Line ps = line(l.parentSeg);
        if (fix) {
            l.pre = pre;
            l.next = next;
            l.parentSeg = (Seg) ps;
        }
    }
}
