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
    static final short VERSION = 2;

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
            var(o, st.bars);
            var(o, st.lastTime);
            writeBars(o, l.k, readsVolume(st.config));
            var(o, r.bis.size());
            var(o, r.segs.size());
            var(o, r.zss.size());
            var(o, r.bsps.size());
            for (Bi b : r.bis) {
                var(o, b.idx);
                var(o, b.beginKlc);
                var(o, b.endKlc);
                o.writeByte((b.up ? 1 : 0) | (b.sure ? 2 : 0) | (b.usedToBeSure ? 4 : 0));
                var(o, b.sureEnd.size());
                for (int x = 0; x < b.sureEnd.size(); x++) {
                    var(o, b.sureEnd.get(x));
                }
                lineLinks(o, r, b);
            }
            for (Seg s : r.segs) {
                o.writeByte(s.kind);
                var(o, s.idx);
                o.writeByte((s.up ? 1 : 0) | (s.sure ? 2 : 0) | (s.usedToBeSure ? 4 : 0) | (s.hasEigen ? 8 : 0)
                        | (s.eleInsideIsSure ? 16 : 0) | (s.frozen ? 32 : 0));
                writeReason(o, s.reason);
                if (s.frozen) {
                    var(o, s.fStartIdx);
                    var(o, s.fEndIdx);
                    var(o, s.fBeginKlu);
                    var(o, s.fEndKlu);
                    for (double d : new double[] {s.fBeginVal, s.fEndVal, s.fHigh, s.fLow, s.fBeginKluHigh, s.fBeginKluLow,
                            s.fEndKluHigh, s.fEndKluLow}) {
                        price(o, d);
                    }
                    var(o, s.fBeginTime);
                    var(o, s.fEndTime);
                    var(o, s.fBiListSize);
                } else {
                    var(o, ref(r, s.startBi));
                    var(o, ref(r, s.endBi));
                    refs(o, r, s.biList);
                }
                var(o, ref(r, s.eigenLast));
                var(o, s.zsLst.size());
                for (Zs z : s.zsLst) {
                    var(o, r.ids.get(z));
                }
                lineLinks(o, r, s);
            }
            for (Zs z : r.zss) {
                o.writeBoolean(z.sure);
                var(o, z.subZsCount);
                var(o, z.begin);
                var(o, z.beginTime);
                var(o, z.end);
                var(o, z.endTime);
                price(o, z.low);
                price(o, z.high);
                price(o, z.peakLow);
                price(o, z.peakHigh);
                var(o, ref(r, z.beginBi));
                var(o, ref(r, z.endBi));
                var(o, ref(r, z.biIn));
                var(o, ref(r, z.biOut));
                refs(o, r, z.biLst);
            }
            for (Bsp p : r.bsps) {
                var(o, ref(r, p.bi));
                var(o, p.klu);
                var(o, p.time);
                price(o, p.price);
                o.writeBoolean(p.isBuy);
                price(o, p.divergenceRate);
                o.writeByte(p.types.size());
                for (BspType t : p.types) {
                    o.writeByte(t.ordinal());
                }
            }
            // lists
            var(o, l.biList.bis.base);
            var(o, l.biList.bis.localSize());
            for (Bi b : l.biList.bis.items()) {
                var(o, r.ids.get(b));
            }
            var(o, l.biList.lastEnd);
            var(o, l.biList.freeKlc.size());
            for (int x : l.biList.freeKlc) {
                var(o, x);
            }
            for (SegList sl : new SegList[] {l.segList, l.segsegList}) {
                var(o, sl.segs.base);
                var(o, sl.segs.localSize());
                for (Seg s : sl.segs.items()) {
                    var(o, r.ids.get(s));
                }
                var(o, sl.dirtyFrom);
            }
            for (ZsList zl : new ZsList[] {l.zsList, l.segzsList}) {
                var(o, zl.zsLst.base);
                var(o, zl.zsLst.localSize());
                for (Zs z : zl.zsLst.items()) {
                    var(o, r.ids.get(z));
                }
                refs(o, r, zl.freeItemLst);
                var(o, zl.lastSurePos);
                var(o, zl.lastSegIdx);
                var(o, zl.dirtyFrom);
            }
            for (BspList bl : new BspList[] {l.bspList, l.segBspList}) {
                o.writeByte(bl.store.size());
                for (var e : bl.store.entrySet()) {
                    o.writeByte(e.getKey().ordinal());
                    for (List<Bsp> side : e.getValue()) {
                        var(o, side.size());
                        for (Bsp p : side) {
                            var(o, r.ids.get(p));
                        }
                    }
                }
                var(o, bl.bsp1List.size());
                for (Bsp p : bl.bsp1List) {
                    var(o, r.ids.get(p));
                }
                var(o, bl.lastSurePos);
                var(o, bl.lastSureSegIdx);
            }
            var(o, l.lastSureSegStartBiIdx);
            var(o, l.lastSureSegsegStartBiIdx);
            o.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void lineLinks(DataOutputStream o, Refs r, Line l) throws IOException {
        var(o, l.segIdx);
        var(o, ref(r, l.parentSeg));
        var(o, ref(r, l.pre));
        var(o, ref(r, l.next));
    }

    private static void refs(DataOutputStream o, Refs r, List<Line> lines) throws IOException {
        var(o, lines.size());
        for (Line x : lines) {
            var(o, ref(r, x));
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

    /**
     * Whether a point config's metric reads bar volumes ({@code macd_algo=volumn|volumn_avg}); when none
     * does, volumes are not written and a restored state holds zeros, which nothing reads.
     */
    static boolean readsVolume(ChanConfig c) {
        for (boolean seg : new boolean[] {false, true}) {
            for (boolean buy : new boolean[] {false, true}) {
                ChanConfig.MacdAlgo a = c.point(seg, buy).macdAlgo();
                if (a == ChanConfig.MacdAlgo.VOLUMN || a == ChanConfig.MacdAlgo.VOLUMN_AVG) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void writeBars(DataOutputStream o, KBars k, boolean volumes) throws IOException {
        var(o, k.kluBase);
        var(o, k.kluCount);
        long prev = 0;
        for (int i = 0; i < k.kluCount; i++) {
            var(o, k.time[i] - prev); // bar times increase: small deltas
            prev = k.time[i];
            price(o, k.high[i]);
            price(o, k.low[i]);
            if (volumes) {
                price(o, k.volume[i]);
            }
            o.writeDouble(k.macd[i]);
        }
        o.writeBoolean(k.macdStarted);
        o.writeDouble(k.fastEma);
        o.writeDouble(k.slowEma);
        o.writeDouble(k.dea);
        var(o, k.klcBase);
        var(o, k.klcCount);
        var(o, k.klcCount > 0 ? k.klcBegin[0] : 0);
        for (int i = 0; i < k.klcCount; i++) {
            // merged bars are contiguous runs of raw bars and their extremes are those of their peak
            // bars: the run length and the two peak offsets are enough
            var(o, k.klcEnd[i] - k.klcBegin[i]);
            var(o, k.klcPeakHigh[i] - k.klcBegin[i]);
            var(o, k.klcPeakLow[i] - k.klcBegin[i]);
            o.writeByte(k.klcDir[i] | k.klcFx[i] << 4);
        }
    }

    /** The reasons {@link SegList} gives; a segment's reason is written as its position here. */
    private static final List<String> REASONS = List.of("normal", "0seg_find_high", "0seg_find_low", "0seg_collect_all",
            "collectleft_find_high", "collectleft_find_low", "collectleft_find_high_force", "collectleft_find_low_force",
            "collect_left_0", "collect_left_1", "split_first_1st", "split_first_2nd");

    private static void writeReason(DataOutputStream o, String reason) throws IOException {
        int i = reason == null ? -1 : REASONS.indexOf(reason);
        o.writeByte(i + 1);
        if (i < 0) {
            o.writeUTF(reason == null ? "" : reason);
        }
    }

    private static String readReason(DataInputStream in) throws IOException {
        int i = in.readUnsignedByte();
        if (i == 0) {
            return in.readUTF();
        }
        if (i > REASONS.size()) {
            throw new IOException("bad segment reason " + i);
        }
        return REASONS.get(i - 1);
    }

    /** Zigzag LEB128: values of small magnitude take one byte. */
    private static void var(DataOutputStream o, long v) throws IOException {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            o.writeByte((int) (z & 0x7F) | 0x80);
            z >>>= 7;
        }
        o.writeByte((int) z);
    }

    private static long readVar(DataInputStream in) throws IOException {
        long z = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            z |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (z >>> 1) ^ -(z & 1);
            }
        }
        throw new IOException("varint too long");
    }

    private static int readInt(DataInputStream in) throws IOException {
        long v = readVar(in);
        if (v != (int) v) {
            throw new IOException("int out of range: " + v);
        }
        return (int) v;
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    /** Marks a price written as its eight raw bytes. */
    private static final int RAW = 15;

    /**
     * A price with few decimals ({@code m / 10^p} exactly, p ≤ 8) as one varint of {@code m << 4 | p},
     * anything else (and -0.0, NaN, infinities) as {@link #RAW} and the raw bits. The decoder computes
     * {@code m / 10^p}; the encoder checks that this gives back the same bits.
     */
    private static void price(DataOutputStream o, double d) throws IOException {
        for (int p = 0; p < POW10.length; p++) {
            double s = d * POW10[p];
            if (!(Math.abs(s) < 1e15)) {
                break;
            }
            long m = Math.round(s);
            if (Double.doubleToRawLongBits(m / POW10[p]) == Double.doubleToRawLongBits(d)) {
                var(o, m << 4 | p);
                return;
            }
        }
        var(o, RAW);
        o.writeDouble(d);
    }

    private static double readPrice(DataInputStream in) throws IOException {
        long v = readVar(in);
        int p = (int) (v & 15);
        if (p == RAW) {
            return in.readDouble();
        }
        if (p >= POW10.length) {
            throw new IOException("bad price tag " + p);
        }
        return (v >> 4) / POW10[p];
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
            st.bars = readVar(in);
            st.lastTime = readVar(in);
            readBars(in, l.k, readsVolume(config));
            int nb = readInt(in);
            int ns = readInt(in);
            int nz = readInt(in);
            int np = readInt(in);
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
                b.idx = readInt(in);
                b.beginKlc = readInt(in);
                b.endKlc = readInt(in);
                int f = in.readByte();
                b.up = (f & 1) != 0;
                b.sure = (f & 2) != 0;
                b.usedToBeSure = (f & 4) != 0;
                int n = readInt(in);
                for (int j = 0; j < n; j++) {
                    b.sureEnd.add(readInt(in));
                }
                readLinks(in, res, b);
            }
            for (Seg s : segs) {
                s.kind = in.readByte();
                s.idx = readInt(in);
                int f = in.readByte();
                s.up = (f & 1) != 0;
                s.sure = (f & 2) != 0;
                s.usedToBeSure = (f & 4) != 0;
                s.hasEigen = (f & 8) != 0;
                s.eleInsideIsSure = (f & 16) != 0;
                s.frozen = (f & 32) != 0;
                s.reason = readReason(in);
                if (s.frozen) {
                    s.fStartIdx = readInt(in);
                    s.fEndIdx = readInt(in);
                    s.fBeginKlu = readInt(in);
                    s.fEndKlu = readInt(in);
                    s.fBeginVal = readPrice(in);
                    s.fEndVal = readPrice(in);
                    s.fHigh = readPrice(in);
                    s.fLow = readPrice(in);
                    s.fBeginKluHigh = readPrice(in);
                    s.fBeginKluLow = readPrice(in);
                    s.fEndKluHigh = readPrice(in);
                    s.fEndKluLow = readPrice(in);
                    s.fBeginTime = readVar(in);
                    s.fEndTime = readVar(in);
                    s.fBiListSize = readInt(in);
                } else {
                    s.startBi = res.line(readInt(in));
                    s.endBi = res.line(readInt(in));
                    s.biList = readRefs(in, res);
                }
                s.eigenLast = res.line(readInt(in));
                int nzl = readInt(in);
                for (int j = 0; j < nzl; j++) {
                    s.zsLst.add(zss[readInt(in)]);
                }
                readLinks(in, res, s);
            }
            for (Zs z : zss) {
                z.sure = in.readBoolean();
                z.subZsCount = readInt(in);
                z.begin = readInt(in);
                z.beginTime = readVar(in);
                z.end = readInt(in);
                z.endTime = readVar(in);
                z.low = readPrice(in);
                z.high = readPrice(in);
                z.peakLow = readPrice(in);
                z.peakHigh = readPrice(in);
                z.beginBi = res.line(readInt(in));
                z.endBi = res.line(readInt(in));
                z.biIn = res.line(readInt(in));
                z.biOut = res.line(readInt(in));
                z.biLst = readRefs(in, res);
            }
            Bsp[] bsps = new Bsp[np];
            for (int i = 0; i < np; i++) {
                Line bi = res.line(readInt(in));
                int klu = readInt(in);
                long time = readVar(in);
                double price = readPrice(in);
                boolean isBuy = in.readBoolean();
                Bsp p = new Bsp(bi, klu, time, price, isBuy);
                p.divergenceRate = readPrice(in);
                int nt = in.readByte();
                for (int j = 0; j < nt; j++) {
                    p.types.add(BspType.values()[in.readByte()]);
                }
                bsps[i] = p;
            }
            l.biList.bis.base = readInt(in);
            int n = readInt(in);
            for (int i = 0; i < n; i++) {
                l.biList.bis.add(bis[readInt(in)]);
            }
            l.biList.lastEnd = readInt(in);
            n = readInt(in);
            for (int i = 0; i < n; i++) {
                l.biList.freeKlc.add(readInt(in));
            }
            for (SegList sl : new SegList[] {l.segList, l.segsegList}) {
                sl.segs.base = readInt(in);
                n = readInt(in);
                for (int i = 0; i < n; i++) {
                    sl.segs.add(segs[readInt(in)]);
                }
                sl.dirtyFrom = readInt(in);
            }
            for (ZsList zl : new ZsList[] {l.zsList, l.segzsList}) {
                zl.zsLst.base = readInt(in);
                n = readInt(in);
                for (int i = 0; i < n; i++) {
                    zl.zsLst.add(zss[readInt(in)]);
                }
                zl.freeItemLst = readRefs(in, res);
                zl.lastSurePos = readInt(in);
                zl.lastSegIdx = readInt(in);
                zl.dirtyFrom = readInt(in);
            }
            for (BspList bl : new BspList[] {l.bspList, l.segBspList}) {
                int nt = in.readByte();
                for (int t = 0; t < nt; t++) {
                    BspType type = BspType.values()[in.readByte()];
                    List<List<Bsp>> pair = List.of(new ArrayList<>(), new ArrayList<>());
                    for (List<Bsp> side : pair) {
                        int m = readInt(in);
                        for (int j = 0; j < m; j++) {
                            Bsp p = bsps[readInt(in)];
                            side.add(p);
                            bl.storeFlat.put(p.bi.idx, p);
                        }
                    }
                    bl.store.put(type, pair);
                }
                int m = readInt(in);
                for (int j = 0; j < m; j++) {
                    Bsp p = bsps[readInt(in)];
                    bl.bsp1List.add(p);
                }
                bl.lastSurePos = readInt(in);
                bl.lastSureSegIdx = readInt(in);
            }
            l.lastSureSegStartBiIdx = readInt(in);
            l.lastSureSegsegStartBiIdx = readInt(in);
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
        l.segIdx = readInt(in);
        l.parentSeg = (Seg) res.line(readInt(in));
        l.pre = res.line(readInt(in));
        l.next = res.line(readInt(in));
    }

    private static List<Line> readRefs(DataInputStream in, Resolver res) throws IOException {
        int n = readInt(in);
        List<Line> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(res.line(readInt(in)));
        }
        return out;
    }

    private static void readBars(DataInputStream in, KBars k, boolean volumes) throws IOException {
        k.kluBase = readInt(in);
        int n = readInt(in);
        int cap = Math.max(64, Integer.highestOneBit(Math.max(1, n)) * 2);
        k.time = new long[cap];
        k.high = new double[cap];
        k.low = new double[cap];
        k.volume = new double[cap];
        k.macd = new double[cap];
        long prev = 0;
        for (int i = 0; i < n; i++) {
            prev += readVar(in);
            k.time[i] = prev;
            k.high[i] = readPrice(in);
            k.low[i] = readPrice(in);
            k.volume[i] = volumes ? readPrice(in) : 0;
            k.macd[i] = in.readDouble();
        }
        k.kluCount = n;
        k.macdStarted = in.readBoolean();
        k.fastEma = in.readDouble();
        k.slowEma = in.readDouble();
        k.dea = in.readDouble();
        k.klcBase = readInt(in);
        n = readInt(in);
        cap = Math.max(64, Integer.highestOneBit(Math.max(1, n)) * 2);
        k.klcBegin = new int[cap];
        k.klcEnd = new int[cap];
        k.klcHigh = new double[cap];
        k.klcLow = new double[cap];
        k.klcDir = new byte[cap];
        k.klcFx = new byte[cap];
        k.klcPeakHigh = new int[cap];
        k.klcPeakLow = new int[cap];
        int begin = readInt(in);
        for (int i = 0; i < n; i++) {
            int len = readInt(in);
            k.klcBegin[i] = begin;
            k.klcEnd[i] = begin + len;
            k.klcPeakHigh[i] = begin + readInt(in);
            k.klcPeakLow[i] = begin + readInt(in);
            k.klcHigh[i] = k.high(k.klcPeakHigh[i]);
            k.klcLow[i] = k.low(k.klcPeakLow[i]);
            int f = in.readByte();
            k.klcDir[i] = (byte) (f & 15);
            k.klcFx[i] = (byte) (f >> 4);
            begin = begin + len + 1;
        }
        k.klcCount = n;
    }
}
