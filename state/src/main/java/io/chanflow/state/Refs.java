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
    final IdentityHashMap<Object, Integer> ids = new IdentityHashMap<>();
    private final boolean fix;

    private Refs(Level level, boolean fix) {
        this.level = level;
        this.fix = fix;
    }

    /** Cuts every reference from live objects to pruned ones. */
    static void sanitize(Level level) {
        new Refs(level, true).walk();
    }

    /** Enumerates the reachable objects (each list in discovery order, roots first). */
    static Refs enumerate(Level level) {
        Refs r = new Refs(level, false);
        r.walk();
        return r;
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
        visit(l);
        return l;
    }

    private Zs zs(Zs z) {
        if (z == null || dead(z)) {
            return null;
        }
        visit(z);
        return z;
    }

    private void visit(Object o) {
        if (ids.containsKey(o)) {
            return;
        }
        if (o instanceof Bi b) {
            ids.put(o, bis.size());
            bis.add(b);
        } else if (o instanceof Seg s) {
            ids.put(o, segs.size());
            segs.add(s);
        } else if (o instanceof Zs z) {
            ids.put(o, zss.size());
            zss.add(z);
        } else if (o instanceof Bsp p) {
            ids.put(o, bsps.size());
            bsps.add(p);
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
            List<Line> free = new ArrayList<>();
            for (Line l : zl.freeItemLst) {
                Line x = line(l);
                if (x != null) {
                    free.add(x);
                }
            }
            if (fix) {
                zl.freeItemLst = free;
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
                Seg s = segs.get(is++);
                lineFields(s);
                Line sb = line(s.startBi);
                Line eb = line(s.endBi);
                Line el = line(s.eigenLast);
                List<Line> bl2 = new ArrayList<>(s.biList.size());
                for (Line x : s.biList) {
                    Line y = line(x);
                    if (y != null) {
                        bl2.add(y);
                    }
                }
                List<Zs> zl2 = new ArrayList<>(s.zsLst.size());
                for (Zs z : s.zsLst) {
                    Zs y = zs(z);
                    if (y != null) {
                        zl2.add(y);
                    }
                }
                if (fix) {
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
                more = true;
            }
            while (iz < zss.size()) {
                Zs z = zss.get(iz++);
                Line b = line(z.beginBi);
                Line e = line(z.endBi);
                Line in = line(z.biIn);
                Line out = line(z.biOut);
                List<Line> l2 = new ArrayList<>(z.biLst.size());
                for (Line x : z.biLst) {
                    Line y = line(x);
                    if (y != null) {
                        l2.add(y);
                    }
                }
                if (fix) {
                    z.beginBi = b;
                    z.endBi = e;
                    z.biIn = in;
                    z.biOut = out;
                    z.biLst = l2;
                }
                more = true;
            }
            while (ip < bsps.size()) {
                Bsp p = bsps.get(ip++);
                line(p.bi);
                more = true;
            }
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
