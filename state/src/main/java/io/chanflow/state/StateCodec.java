package io.chanflow.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compact, versioned binary form of {@link ChanState} (what RocksDB holds). The object graph is
 * written as tables (strokes, segments, pivots, points) with references as table indices, so
 * shared and stale references survive a round trip exactly. The published views are not written:
 * they equal the state's own view after every step and are rebuilt on restore.
 */
final class StateCodec {
    static final int MAGIC = 0x43484631; // "CHF1"
    static final short VERSION = 1;

    private StateCodec() {
    }

    static byte[] write(ChanState st) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(4096);
            DataOutputStream o = new DataOutputStream(bos);
            Level l = st.level;
            Refs r = Refs.enumerate(l);
            o.writeInt(MAGIC);
            o.writeShort(VERSION);
            o.writeLong(st.config.hash64());
            o.writeLong(st.bars);
            o.writeLong(st.lastTime);
            writeBars(o, l.k);
            o.writeInt(r.bis.size());
            o.writeInt(r.segs.size());
            o.writeInt(r.zss.size());
            o.writeInt(r.bsps.size());
            for (Bi b : r.bis) {
                o.writeInt(b.idx);
                o.writeInt(b.beginKlc);
                o.writeInt(b.endKlc);
                o.writeByte((b.up ? 1 : 0) | (b.sure ? 2 : 0) | (b.usedToBeSure ? 4 : 0));
                o.writeShort(b.sureEnd.size());
                for (int x : b.sureEnd) {
                    o.writeInt(x);
                }
                lineLinks(o, r, b);
            }
            for (Seg s : r.segs) {
                o.writeByte(s.kind);
                o.writeInt(s.idx);
                o.writeByte((s.up ? 1 : 0) | (s.sure ? 2 : 0) | (s.usedToBeSure ? 4 : 0) | (s.hasEigen ? 8 : 0)
                        | (s.eleInsideIsSure ? 16 : 0) | (s.frozen ? 32 : 0));
                o.writeUTF(s.reason == null ? "" : s.reason);
                if (s.frozen) {
                    o.writeInt(s.fStartIdx);
                    o.writeInt(s.fEndIdx);
                    o.writeInt(s.fBeginKlu);
                    o.writeInt(s.fEndKlu);
                    for (double d : new double[] {s.fBeginVal, s.fEndVal, s.fHigh, s.fLow, s.fBeginKluHigh, s.fBeginKluLow,
                            s.fEndKluHigh, s.fEndKluLow}) {
                        o.writeDouble(d);
                    }
                    o.writeLong(s.fBeginTime);
                    o.writeLong(s.fEndTime);
                    o.writeInt(s.fBiListSize);
                } else {
                    o.writeInt(ref(r, s.startBi));
                    o.writeInt(ref(r, s.endBi));
                    refs(o, r, s.biList);
                }
                o.writeInt(ref(r, s.eigenLast));
                o.writeShort(s.zsLst.size());
                for (Zs z : s.zsLst) {
                    o.writeInt(r.ids.get(z));
                }
                lineLinks(o, r, s);
            }
            for (Zs z : r.zss) {
                o.writeBoolean(z.sure);
                o.writeInt(z.subZsCount);
                o.writeInt(z.begin);
                o.writeLong(z.beginTime);
                o.writeInt(z.end);
                o.writeLong(z.endTime);
                o.writeDouble(z.low);
                o.writeDouble(z.high);
                o.writeDouble(z.peakLow);
                o.writeDouble(z.peakHigh);
                o.writeInt(ref(r, z.beginBi));
                o.writeInt(ref(r, z.endBi));
                o.writeInt(ref(r, z.biIn));
                o.writeInt(ref(r, z.biOut));
                refs(o, r, z.biLst);
            }
            for (Bsp p : r.bsps) {
                o.writeInt(ref(r, p.bi));
                o.writeInt(p.klu);
                o.writeLong(p.time);
                o.writeDouble(p.price);
                o.writeBoolean(p.isBuy);
                o.writeDouble(p.divergenceRate);
                o.writeByte(p.types.size());
                for (BspType t : p.types) {
                    o.writeByte(t.ordinal());
                }
            }
            // lists
            o.writeInt(l.biList.bis.base);
            o.writeInt(l.biList.bis.localSize());
            for (Bi b : l.biList.bis.items) {
                o.writeInt(r.ids.get(b));
            }
            o.writeInt(l.biList.lastEnd);
            o.writeInt(l.biList.freeKlc.size());
            for (int x : l.biList.freeKlc) {
                o.writeInt(x);
            }
            for (SegList sl : new SegList[] {l.segList, l.segsegList}) {
                o.writeInt(sl.segs.base);
                o.writeInt(sl.segs.localSize());
                for (Seg s : sl.segs.items) {
                    o.writeInt(r.ids.get(s));
                }
                o.writeInt(sl.dirtyFrom);
            }
            for (ZsList zl : new ZsList[] {l.zsList, l.segzsList}) {
                o.writeInt(zl.zsLst.base);
                o.writeInt(zl.zsLst.localSize());
                for (Zs z : zl.zsLst.items) {
                    o.writeInt(r.ids.get(z));
                }
                refs(o, r, zl.freeItemLst);
                o.writeInt(zl.lastSurePos);
                o.writeInt(zl.lastSegIdx);
                o.writeInt(zl.dirtyFrom);
            }
            for (BspList bl : new BspList[] {l.bspList, l.segBspList}) {
                o.writeByte(bl.store.size());
                for (var e : bl.store.entrySet()) {
                    o.writeByte(e.getKey().ordinal());
                    for (List<Bsp> side : e.getValue()) {
                        o.writeInt(side.size());
                        for (Bsp p : side) {
                            o.writeInt(r.ids.get(p));
                        }
                    }
                }
                o.writeInt(bl.bsp1List.size());
                for (Bsp p : bl.bsp1List) {
                    o.writeInt(r.ids.get(p));
                }
                o.writeInt(bl.lastSurePos);
                o.writeInt(bl.lastSureSegIdx);
            }
            o.writeInt(l.lastSureSegStartBiIdx);
            o.writeInt(l.lastSureSegsegStartBiIdx);
            o.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void lineLinks(DataOutputStream o, Refs r, Line l) throws IOException {
        o.writeInt(l.segIdx);
        o.writeInt(ref(r, l.parentSeg));
        o.writeInt(ref(r, l.pre));
        o.writeInt(ref(r, l.next));
    }

    private static void refs(DataOutputStream o, Refs r, List<Line> lines) throws IOException {
        o.writeInt(lines.size());
        for (Line x : lines) {
            o.writeInt(ref(r, x));
        }
    }

    private static int ref(Refs r, Line l) {
        if (l == null) {
            return 0;
        }
        Integer id = r.ids.get(l);
        if (id == null) {
            throw new IllegalStateException("unreachable reference to " + l);
        }
        return l instanceof Bi ? 1 + 2 * id : 2 + 2 * id;
    }

    private static void writeBars(DataOutputStream o, KBars k) throws IOException {
        o.writeInt(k.kluBase);
        o.writeInt(k.kluCount);
        for (int i = 0; i < k.kluCount; i++) {
            o.writeLong(k.time[i]);
            o.writeDouble(k.high[i]);
            o.writeDouble(k.low[i]);
            o.writeDouble(k.volume[i]);
            o.writeDouble(k.macd[i]);
        }
        o.writeBoolean(k.macdStarted);
        o.writeDouble(k.fastEma);
        o.writeDouble(k.slowEma);
        o.writeDouble(k.dea);
        o.writeInt(k.klcBase);
        o.writeInt(k.klcCount);
        o.writeInt(k.klcCount > 0 ? k.klcBegin[0] : 0);
        for (int i = 0; i < k.klcCount; i++) {
            // merged bars are contiguous runs of raw bars: only the run length is written
            o.writeShort(Math.min(k.klcEnd[i] - k.klcBegin[i], Short.MAX_VALUE));
            if (k.klcEnd[i] - k.klcBegin[i] >= Short.MAX_VALUE) {
                o.writeInt(k.klcEnd[i] - k.klcBegin[i]);
            }
            o.writeDouble(k.klcHigh[i]);
            o.writeDouble(k.klcLow[i]);
            o.writeByte(k.klcDir[i]);
            o.writeByte(k.klcFx[i]);
        }
    }

    // ---------------------------------------------------------------------------------------------

    static ChanState read(byte[] bytes, ChanConfig config) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a ChanFlow engine state (bad magic)");
            }
            short v = in.readShort();
            if (v != VERSION) {
                throw new IllegalArgumentException("unsupported engine state version " + v + " (this build reads " + VERSION + ")");
            }
            long h = in.readLong();
            if (h != config.hash64()) {
                throw new IllegalArgumentException("engine state was written with another config (hash " + Long.toHexString(h)
                        + ", expected " + Long.toHexString(config.hash64()) + ")");
            }
            ChanState st = new ChanState(config, true);
            Level l = st.level;
            st.bars = in.readLong();
            st.lastTime = in.readLong();
            readBars(in, l.k);
            int nb = in.readInt();
            int ns = in.readInt();
            int nz = in.readInt();
            int np = in.readInt();
            Bi[] bis = new Bi[nb];
            for (int i = 0; i < nb; i++) {
                bis[i] = new Bi(l.k);
            }
            Seg[] segs = new Seg[ns];
            for (int i = 0; i < ns; i++) {
                segs[i] = Seg.frozenShell(l.k);
            }
            Zs[] zss = new Zs[nz];
            for (int i = 0; i < nz; i++) {
                zss[i] = new Zs();
            }
            Resolver res = new Resolver(bis, segs);
            for (Bi b : bis) {
                b.idx = in.readInt();
                b.beginKlc = in.readInt();
                b.endKlc = in.readInt();
                int f = in.readByte();
                b.up = (f & 1) != 0;
                b.sure = (f & 2) != 0;
                b.usedToBeSure = (f & 4) != 0;
                int n = in.readShort();
                for (int j = 0; j < n; j++) {
                    b.sureEnd.add(in.readInt());
                }
                readLinks(in, res, b);
            }
            for (Seg s : segs) {
                s.kind = in.readByte();
                s.idx = in.readInt();
                int f = in.readByte();
                s.up = (f & 1) != 0;
                s.sure = (f & 2) != 0;
                s.usedToBeSure = (f & 4) != 0;
                s.hasEigen = (f & 8) != 0;
                s.eleInsideIsSure = (f & 16) != 0;
                s.frozen = (f & 32) != 0;
                s.reason = in.readUTF();
                if (s.frozen) {
                    s.fStartIdx = in.readInt();
                    s.fEndIdx = in.readInt();
                    s.fBeginKlu = in.readInt();
                    s.fEndKlu = in.readInt();
                    s.fBeginVal = in.readDouble();
                    s.fEndVal = in.readDouble();
                    s.fHigh = in.readDouble();
                    s.fLow = in.readDouble();
                    s.fBeginKluHigh = in.readDouble();
                    s.fBeginKluLow = in.readDouble();
                    s.fEndKluHigh = in.readDouble();
                    s.fEndKluLow = in.readDouble();
                    s.fBeginTime = in.readLong();
                    s.fEndTime = in.readLong();
                    s.fBiListSize = in.readInt();
                } else {
                    s.startBi = res.line(in.readInt());
                    s.endBi = res.line(in.readInt());
                    s.biList = readRefs(in, res);
                }
                s.eigenLast = res.line(in.readInt());
                int nzl = in.readShort();
                for (int j = 0; j < nzl; j++) {
                    s.zsLst.add(zss[in.readInt()]);
                }
                readLinks(in, res, s);
            }
            for (Zs z : zss) {
                z.sure = in.readBoolean();
                z.subZsCount = in.readInt();
                z.begin = in.readInt();
                z.beginTime = in.readLong();
                z.end = in.readInt();
                z.endTime = in.readLong();
                z.low = in.readDouble();
                z.high = in.readDouble();
                z.peakLow = in.readDouble();
                z.peakHigh = in.readDouble();
                z.beginBi = res.line(in.readInt());
                z.endBi = res.line(in.readInt());
                z.biIn = res.line(in.readInt());
                z.biOut = res.line(in.readInt());
                z.biLst = readRefs(in, res);
            }
            Bsp[] bsps = new Bsp[np];
            for (int i = 0; i < np; i++) {
                Line bi = res.line(in.readInt());
                int klu = in.readInt();
                long time = in.readLong();
                double price = in.readDouble();
                boolean isBuy = in.readBoolean();
                Bsp p = new Bsp(bi, klu, time, price, isBuy);
                p.divergenceRate = in.readDouble();
                int nt = in.readByte();
                for (int j = 0; j < nt; j++) {
                    p.types.add(BspType.values()[in.readByte()]);
                }
                bsps[i] = p;
            }
            l.biList.bis.base = in.readInt();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                l.biList.bis.add(bis[in.readInt()]);
            }
            l.biList.lastEnd = in.readInt();
            n = in.readInt();
            for (int i = 0; i < n; i++) {
                l.biList.freeKlc.add(in.readInt());
            }
            for (SegList sl : new SegList[] {l.segList, l.segsegList}) {
                sl.segs.base = in.readInt();
                n = in.readInt();
                for (int i = 0; i < n; i++) {
                    sl.segs.add(segs[in.readInt()]);
                }
                sl.dirtyFrom = in.readInt();
            }
            for (ZsList zl : new ZsList[] {l.zsList, l.segzsList}) {
                zl.zsLst.base = in.readInt();
                n = in.readInt();
                for (int i = 0; i < n; i++) {
                    zl.zsLst.add(zss[in.readInt()]);
                }
                zl.freeItemLst = readRefs(in, res);
                zl.lastSurePos = in.readInt();
                zl.lastSegIdx = in.readInt();
                zl.dirtyFrom = in.readInt();
            }
            for (BspList bl : new BspList[] {l.bspList, l.segBspList}) {
                int nt = in.readByte();
                for (int t = 0; t < nt; t++) {
                    BspType type = BspType.values()[in.readByte()];
                    List<List<Bsp>> pair = List.of(new ArrayList<>(), new ArrayList<>());
                    for (List<Bsp> side : pair) {
                        int m = in.readInt();
                        for (int j = 0; j < m; j++) {
                            Bsp p = bsps[in.readInt()];
                            side.add(p);
                            bl.storeFlat.put(p.bi.idx, p);
                        }
                    }
                    bl.store.put(type, pair);
                }
                int m = in.readInt();
                for (int j = 0; j < m; j++) {
                    Bsp p = bsps[in.readInt()];
                    bl.bsp1List.add(p);
                    bl.bsp1Dict.put(p.bi.idx, p);
                }
                bl.lastSurePos = in.readInt();
                bl.lastSureSegIdx = in.readInt();
            }
            l.lastSureSegStartBiIdx = in.readInt();
            l.lastSureSegsegStartBiIdx = in.readInt();
            if (in.available() != 0) {
                throw new IllegalArgumentException("engine state has " + in.available() + " trailing bytes");
            }
            st.rebuildPublished();
            return st;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt engine state: " + e.getMessage(), e);
        }
    }

    private static final class Resolver {
        final Bi[] bis;
        final Seg[] segs;

        Resolver(Bi[] bis, Seg[] segs) {
            this.bis = bis;
            this.segs = segs;
        }

        Line line(int ref) {
            if (ref == 0) {
                return null;
            }
            return (ref & 1) == 1 ? bis[(ref - 1) / 2] : segs[(ref - 2) / 2];
        }
    }

    private static void readLinks(DataInputStream in, Resolver res, Line l) throws IOException {
        l.segIdx = in.readInt();
        l.parentSeg = (Seg) res.line(in.readInt());
        l.pre = res.line(in.readInt());
        l.next = res.line(in.readInt());
    }

    private static List<Line> readRefs(DataInputStream in, Resolver res) throws IOException {
        int n = in.readInt();
        List<Line> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(res.line(in.readInt()));
        }
        return out;
    }

    private static void readBars(DataInputStream in, KBars k) throws IOException {
        k.kluBase = in.readInt();
        int n = in.readInt();
        int cap = Math.max(64, Integer.highestOneBit(Math.max(1, n)) * 2);
        k.time = new long[cap];
        k.high = new double[cap];
        k.low = new double[cap];
        k.volume = new double[cap];
        k.macd = new double[cap];
        for (int i = 0; i < n; i++) {
            k.time[i] = in.readLong();
            k.high[i] = in.readDouble();
            k.low[i] = in.readDouble();
            k.volume[i] = in.readDouble();
            k.macd[i] = in.readDouble();
        }
        k.kluCount = n;
        k.macdStarted = in.readBoolean();
        k.fastEma = in.readDouble();
        k.slowEma = in.readDouble();
        k.dea = in.readDouble();
        k.klcBase = in.readInt();
        n = in.readInt();
        cap = Math.max(64, Integer.highestOneBit(Math.max(1, n)) * 2);
        k.klcBegin = new int[cap];
        k.klcEnd = new int[cap];
        k.klcHigh = new double[cap];
        k.klcLow = new double[cap];
        k.klcDir = new byte[cap];
        k.klcFx = new byte[cap];
        k.klcPeakHigh = new int[cap];
        k.klcPeakLow = new int[cap];
        int begin = in.readInt();
        for (int i = 0; i < n; i++) {
            int len = in.readShort();
            if (len == Short.MAX_VALUE) {
                len = in.readInt();
            }
            k.klcBegin[i] = begin;
            k.klcEnd[i] = begin + len;
            begin = begin + len + 1;
            k.klcHigh[i] = in.readDouble();
            k.klcLow[i] = in.readDouble();
            k.klcDir[i] = in.readByte();
            k.klcFx[i] = in.readByte();
        }
        k.klcCount = n;
        k.rebuildPeaks();
    }
}
