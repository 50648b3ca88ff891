package io.chanflow.state;

/**
 * The whole Chan pipeline of one level (chan.py KLine/KLine_List.py): inclusion, fractals,
 * strokes, segments, segments of segments, pivots at both line levels and buy/sell points at both
 * line levels. In step mode (the engine's mode) segments, pivots and points are recomputed from
 * their last sure position whenever the stroke list changes, exactly as chan.py's
 * {@code trigger_step=True}; in batch mode they are computed once by {@link #finish()}.
 */
final class Level {
    final ChanConfig cfg;
    final KBars k;
    final BiList biList;
    final SegList segList;
    final SegList segsegList;
    final ZsList zsList;
    final ZsList segzsList;
    final BspList bspList;
    final BspList segBspList;
    final boolean step;
    int lastSureSegStartBiIdx = -1;
    int lastSureSegsegStartBiIdx = -1;
    /** Whether the last bar triggered a structure recomputation. */
    boolean calculated;

    Level(ChanConfig cfg, boolean step) {
        this.cfg = cfg;
        this.step = step;
        this.k = new KBars(cfg.macdFast, cfg.macdSlow, cfg.macdSignal);
        this.biList = new BiList(k, cfg);
        this.segList = new SegList(k, cfg);
        this.segsegList = new SegList(k, cfg);
        this.zsList = new ZsList(cfg);
        this.segzsList = new ZsList(cfg);
        this.bspList = new BspList(k, cfg, false);
        this.segBspList = new BspList(k, cfg, true);
    }

    /** chan.py add_single_klu. */
    void addBar(Bar bar) {
        calculated = false;
        int klu = k.addKlu(bar);
        if (k.klcSize() == 0) {
            k.addKlc(klu, KBars.UP);
            return;
        }
        int dir = k.tryAddToLast(klu);
        if (dir != KBars.COMBINE) {
            k.addKlc(klu, dir);
            int n = k.klcSize();
            if (n >= 3) {
                k.updateFx(n - 3, n - 2, n - 1);
            }
            if (biList.updateBi(n - 2, n - 1, step) && step) {
                calSegAndZs();
            }
        } else if (step && biList.tryAddVirtualBi(k.klcSize() - 1, true)) {
            calSegAndZs();
        }
    }

    /** Batch mode: add the virtual last stroke and compute everything once. */
    void finish() {
        calSegAndZs();
    }

    void calSegAndZs() {
        calculated = true;
        if (!step) {
            biList.tryAddVirtualBi(k.klcSize() - 1, false);
        }
        lastSureSegStartBiIdx = calSeg(biList.bis, segList, lastSureSegStartBiIdx);
        zsList.calBiZs(biList.bis, segList);
        updateZsInSeg(biList.bis, segList, zsList);

        lastSureSegsegStartBiIdx = calSeg(segList.segs, segsegList, lastSureSegsegStartBiIdx);
        segzsList.calBiZs(segList.segs, segsegList);
        updateZsInSeg(segList.segs, segsegList, segzsList);

        segBspList.cal(segList.segs, segsegList);
        bspList.cal(biList.bis, segList);
    }

    private static int calSeg(LineList<? extends Line> lines, SegList segs, int lastSureSegStartBiIdx) {
        segs.update(lines);
        if (segs.size() == 0) {
            for (int i = lines.base; i < lines.size(); i++) {
                lines.get(i).segIdx = 0;
            }
            return -1;
        }
        Seg cur = segs.last();
        int i = lines.size() - 1;
        while (i >= lines.base) {
            Line bi = lines.get(i);
            if (bi.segIdx != Line.NO_SEG && bi.idx < lastSureSegStartBiIdx) {
                break;
            }
            if (bi.idx > cur.endBi.idx) {
                bi.segIdx = cur.idx + 1;
                i--;
                continue;
            }
            if (bi.idx < cur.startBi.idx) {
                if (cur.pre == null) {
                    throw new IllegalStateException("segment without predecessor");
                }
                cur = (Seg) cur.pre;
            }
            bi.segIdx = cur.idx;
            i--;
        }
        int res = -1;
        Line s = segs.last();
        while (s != null) {
            if (((Seg) s).sure) {
                res = ((Seg) s).startBi.idx;
                break;
            }
            s = s.pre;
        }
        return res;
    }

    private static void updateZsInSeg(LineList<? extends Line> lines, SegList segs, ZsList zsl) {
        int sureSegCnt = 0;
        for (int si = segs.size() - 1; si >= segs.segs.base; si--) {
            Seg seg = segs.segs.get(si);
            if (seg.eleInsideIsSure) {
                break;
            }
            if (seg.sure) {
                sureSegCnt++;
            }
            seg.zsLst.clear();
            int segBegin = seg.startBi.beginKlu();
            for (int zi = zsl.size() - 1; zi >= zsl.zsLst.base; zi--) {
                Zs zs = zsl.zsLst.get(zi);
                if (zs.end < segBegin) {
                    break;
                }
                if (zs.isInside(seg)) {
                    seg.zsLst.add(0, zs);
                }
                if (zs.beginBi.idx <= 0) {
                    throw new IllegalStateException("pivot starting at line 0");
                }
                zs.biIn = lines.get(zs.beginBi.idx - 1);
                if (zs.endBi.idx + 1 < lines.size()) {
                    zs.biOut = lines.get(zs.endBi.idx + 1);
                }
                java.util.ArrayList<Line> bl = new java.util.ArrayList<>(zs.endBi.idx - zs.beginBi.idx + 1);
                for (int j = zs.beginBi.idx; j <= zs.endBi.idx && j < lines.size(); j++) {
                    bl.add(lines.get(j));
                }
                zs.biLst = bl;
            }
            if (sureSegCnt > 2) {
                seg.eleInsideIsSure = true;
            }
        }
    }
}
