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
    /** Walks over this level's object graph so far ({@link Refs}' visit stamps; not state). */
    int walks;
    /** Whether the last bar triggered a structure recomputation. */
    boolean calculated;
    /** Test hook: false keeps the whole history (the unpruned run is the reference for pruning). */
    boolean pruning = true;

    Level(ChanConfig cfg, boolean step) {
        this.cfg = cfg;
        this.step = step;
        this.k = new KBars(cfg.macdFast, cfg.macdSlow, cfg.macdSignal);
        this.biList = new BiList(k, cfg);
        this.segList = new SegList(k, cfg, 0);
        this.segsegList = new SegList(k, cfg, 1);
        this.zsList = new ZsList(cfg);
        this.segzsList = new ZsList(cfg);
        this.bspList = new BspList(k, cfg, false);
        this.segBspList = new BspList(k, cfg, true);
        this.skipFixedPoints = cfg.zsAlgo == ChanConfig.ZsAlgo.NORMAL;
        this.macdBuy = cfg.point(false, true).macdAlgo();
        this.macdSell = cfg.point(false, false).macdAlgo();
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
                recalculate();
            }
        } else if (step && biList.tryAddVirtualBi(k.klcSize() - 1, true)) {
            recalculate();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Recomputations that cannot change anything are skipped.
    //
    // chan.py recomputes segments, pivots and points whenever the stroke list reports a change, but
    // often the strokes come back exactly as they were (a virtual stroke is deleted and re-added at
    // the same end). Each pass rebuilds everything after its last sure position from the strokes,
    // so a recomputation that left all sure positions where they were is a fixed point: running it
    // again on the same strokes (same objects, fields, links and merged bars) gives the same state.
    // Then the strokes' previous objects (which the structures point at) are put back and the
    // recomputation is skipped. "The same" is what the passes read: a stroke that was only confirmed
    // (its sure flags changed, nothing else) counts as unchanged unless the last pass read those
    // flags (see restoreIfUnchanged). RecomputeSkipTest checks skipping = never skipping, event for event
    // and byte for byte, on real series under every config family.

    /** Test hook: false always recomputes (the reference for skipping). */
    boolean skipping = true;
    /** Test hook: false runs the segment-of-segments pass whenever a segment's values changed. */
    boolean skipSegsegPass = true;
    /** Test hook: false also recomputes when a stroke was only confirmed (its {@code sure} flag alone changed). */
    boolean skipConfirmed = true;
    /** Recomputations skipped so far (not state). */
    long skipped;
    /**
     * Only zs_algo=normal rebuilds its pivots from scratch after the last sure segment; over_seg and
     * auto extend a kept pivot in place, so running them twice is not running them once.
     */
    private final boolean skipFixedPoints;
    /** Whether the snapshot below describes the strokes a fixed-point recomputation ran on. */
    private boolean memoValid;
    private int memoFrom;
    private int memoSize;
    private final Bi[] memoBi = new Bi[MEMO];
    private final Line[] memoPre = new Line[MEMO];
    private final Line[] memoNext = new Line[MEMO];
    private final int[] memoBegin = new int[MEMO];
    private final int[] memoEnd = new int[MEMO];
    private final boolean[] memoUp = new boolean[MEMO];
    private final boolean[] memoUsedSure = new boolean[MEMO];
    private final boolean[] memoSure = new boolean[MEMO];
    private int memoKlcLast;
    private int memoKlcLastEnd;
    /** When the last stroke ends at the last merged bar: every value the passes read from it. */
    private final double[] memoLastVals = new double[9];
    private final double[] lastVals = new double[9];
    /**
     * Whether {@link #lastVals} holds the values of the current last stroke, read by the stroke check
     * of this recomputation (nothing a pass does changes them): the snapshot then copies them.
     */
    private boolean lastValsFresh;
    private final ChanConfig.MacdAlgo macdBuy;
    private final ChanConfig.MacdAlgo macdSell;
    /** Strokes kept in the snapshot (only the last strokes change between recomputations). */
    private static final int MEMO = 4;

    /** Recomputations that ran without the stroke-level segment pass (not state). */
    long segPassSkipped;
    /** Test hook: false runs the segment pass whenever a stroke changed. */
    boolean skipSegPass = true;
    private static final int STROKES_CHANGED = 0;
    private static final int STROKES_EQUAL = 1;
    /** Only stroke ends moved to other merged bars, at the same prices: the segment pass reads nothing that changed. */
    private static final int STROKE_ENDS_MOVED = 2;
    /**
     * Only flags changed, and the segment pass read some of them: it must run; the pivot and point
     * passes read no flags, so when it gives back the segments it gave before they are left out.
     */
    private static final int STROKE_FLAGS_READ = 3;
    /** Test hook: false runs every pass whenever the segment pass read a changed flag. */
    boolean skipConfirmedSegPass = true;
    /** Recomputations whose segment pass ran after a confirmation and gave back its segments (not state). */
    long confirmationsKept;
    /** Per snapshot stroke: its end price, high and low (what the segment pass reads of its end). */
    private final double[] memoEndPrices = new double[3 * MEMO];

    /** Recomputations chan.py would run so far (not state). */
    long recomputations;

    // When only the last stroke's end bar moved (same prices: the segment pass is left out, above)
    // and the type-1 divergence decisions on it come out as they did with its MACD metrics as they
    // are now (BspList#relabelKeepsDecisions), the stroke-level pivot and point passes decide exactly
    // as last time: they read prices, directions, segment indices, links and MACD metrics (the last
    // stroke's only as the outgoing line of a type-1 check), never bars. What they would rebuild
    // differs only in the bars taken from that stroke's end: the end (bar, time) of the pivots ending
    // at it and the bar, time and price (so the keys) of the points on it, and the divergence rates
    // of the type-1 points on it. Those are relabelled instead (ZsList#relabel, BspList#relabel).

    /** Recomputations whose stroke-level pivot and point passes were relabels (not state). */
    long relabelled;

    // The same when the last stroke's end *price* moved (it reached a new extreme), provided no other
    // price that the passes can compare with it lies between the old and the new price, both
    // included (see priceGapClear). Every decision the segment and pivot passes make is then a
    // comparison of prices that comes out as before: the same segments, pivots and points, the
    // pivot values that were the old price now the new one (they are maxima and minima of line
    // prices). Only two kinds of decision read more than the order of prices, the type-1 divergence
    // checks (MACD metrics) and the type-2/2s retracement ratios: the relabel needs the former to
    // stand (BspList#relabelKeepsDecisions) and the latter, where they read the last line, to come
    // out the same with the new price (BspList#ratioDecisionsStand); else the pivot and point passes run (the segment pass still is left
    // out). A segment pass that built the first segment read the lines back to the first (there is
    // no sure segment then: one would have moved the sure positions) and, with left_seg_method=peak,
    // made one decision on distances, which way from the first line's begin the lines reach further
    // (SegList#collectFirstSeg): the gap then covers every line and that decision is redone with the
    // prices as they are (SegList#firstSegDecisionStands); if it flips, all runs.

    /** Test hook: false recomputes whenever the last stroke's end price moved. */
    boolean skipPriceMoves = true;
    /** Test hook: false recomputes whenever the price moved after a segment pass that built the first segment. */
    boolean skipFirstSegMoves = true;
    /** Test hook: false compares the moved price with the lines from the pivots' horizon on, not just from the kept segment's end. */
    boolean narrowLineHorizon = true;
    /**
     * Test hook: false compares the moved price with the lines from the kept segment's end on and
     * every pivot value, not just with the prices the last runs of the passes compared the last
     * line's end with (SegList#cmp, ZsList#cmp, BspList#cmp; see {@link #recorded}).
     */
    boolean recordedLineHorizon = true;
    /** Recomputations that left out the segment pass after the last stroke's end price moved (not state). */
    long priceMoves;
    /** Set by restoreIfUnchanged: the last stroke's end price moved from movedFrom to movedTo. */
    private boolean priceMoved;
    private double movedFrom;
    private double movedTo;
    /** Set by restoreIfUnchanged: a stroke before the last one ended at another merged bar. */
    private boolean endMovedBeforeLast;

    private void recalculate() {
        recomputations++;
        priceMoved = false;
        lastValsFresh = false;
        int restored = skipping && memoValid ? restoreIfUnchanged() : STROKES_CHANGED;
        if (restored == STROKES_EQUAL) {
            skipped++;
            snapshot();
            biList.markLowWater();
            return;
        }
        if (restored != STROKE_ENDS_MOVED) {
            priceMoved = false;
        }
        SurePositions before = new SurePositions(lastSureSegStartBiIdx, zsList, bspList);
        boolean relabel = false;
        if (restored == STROKE_ENDS_MOVED) {
            segPassSkipped++;
            if (priceMoved) {
                priceMoves++;
            }
            relabel = !endMovedBeforeLast && bspList.relabelKeepsDecisions(biList.bis.last())
                    && !(priceMoved && !bspList.ratioDecisionsStand());
            if (relabel) {
                relabelled++;
            }
        }
        calSegAndZs(restored == STROKE_ENDS_MOVED, relabel, restored == STROKE_FLAGS_READ);
        memoValid = skipFixedPoints && segPositionsKept
                && before.still(lastSureSegStartBiIdx, zsList, bspList);
        if (memoValid && biList.size() > 0) {
            snapshot();
        } else {
            memoValid = false;
        }
        biList.markLowWater();
    }

    /**
     * Where one line level's passes start over on the next recomputation: the last sure segment's
     * first line, the pivot pass's and the point pass's last sure positions. A recomputation that
     * leaves them in place is a fixed point.
     */
    private record SurePositions(int segStart, int zsPos, int zsSeg, int bspPos, int bspSeg) {
        SurePositions(int segStart, ZsList z, BspList b) {
            this(segStart, z.lastSurePos, z.lastSegIdx, b.lastSurePos, b.lastSureSegIdx);
        }

        /** Whether the level's positions are still these. */
        boolean still(int segStart, ZsList z, BspList b) {
            return this.segStart == segStart && zsPos == z.lastSurePos && zsSeg == z.lastSegIdx
                    && bspPos == b.lastSurePos && bspSeg == b.lastSureSegIdx;
        }
    }

    // What the passes read of a stroke's flags besides its direction: isUsedToBeSure (sure or once
    // sure), only in the feature sequences of the segment pass, which record each line whose flag
    // they read (Line#usedSureReadRun); its sure flag alone, only where the segment pass checks the
    // feature fractal of the last sure segment (sureReadBySegPass). Its sureEnd list is read by the
    // stroke builder only, never by the passes.

    /**
     * The line whose {@code sure} flag the next segment pass reads: the last line of the feature
     * fractal of the last sure segment (chan.py do_init drops that segment when it is not sure).
     */
    private Line sureReadBySegPass() {
        LineList<Seg> segs = segList.segs;
        for (int i = segs.size() - 1; i >= segs.base; i--) {
            Seg s = segs.get(i);
            if (s.sure) {
                return s.eigenLast;
            }
        }
        return null;
    }

    private void snapshot() {
        LineList<Bi> bis = biList.bis;
        memoSize = bis.size();
        memoFrom = Math.max(bis.base, memoSize - MEMO);
        for (int i = memoFrom; i < memoSize; i++) {
            Bi b = bis.get(i);
            int j = i - memoFrom;
            memoBi[j] = b;
            memoPre[j] = b.pre;
            memoNext[j] = b.next;
            memoBegin[j] = b.beginKlc;
            memoEnd[j] = b.endKlc;
            memoUp[j] = b.up;
            memoUsedSure[j] = b.isUsedToBeSure();
            memoSure[j] = b.sure;
            memoEndPrices[3 * j] = b.endVal();
            memoEndPrices[3 * j + 1] = b.high();
            memoEndPrices[3 * j + 2] = b.low();
        }
        memoKlcLast = k.klcSize() - 1;
        memoKlcLastEnd = k.kEnd(memoKlcLast);
        if (memoEnd[memoSize - 1 - memoFrom] >= memoKlcLast) {
            if (lastValsFresh) {
                System.arraycopy(lastVals, 0, memoLastVals, 0, lastVals.length);
            } else {
                lastStrokeValues(bis.get(memoSize - 1), memoLastVals);
            }
        }
    }

    /**
     * What the passes can read from a stroke that depends on its end's merged bar: end value,
     * extremes, end bar, its high, low and time, and the MACD metrics of the stroke-level point
     * configs (of both sides; the last stroke is only ever an outgoing line).
     */
    private void lastStrokeValues(Bi b, double[] out) {
        out[0] = b.endVal();
        out[1] = b.high();
        out[2] = b.low();
        out[3] = b.endKlu();
        out[4] = b.endKluHigh();
        out[5] = b.endKluLow();
        out[6] = b.endTime();
        // the last stroke is only ever read as an outgoing line (reverse = true)
        out[7] = b.macdMetric(macdBuy, true);
        out[8] = macdSell == macdBuy ? out[7] : b.macdMetric(macdSell, true);
    }

    /** The snapshot's object for {@code l} when {@code l} is a stroke that replaced one of the snapshot's. */
    private Line memoOf(Line l, int from) {
        if (l instanceof Bi b && b.idx >= from && b.idx < memoSize && biList.bis.holds(b)) {
            return memoBi[b.idx - memoFrom];
        }
        return l;
    }

    /**
     * Whether the strokes equal those of the last recomputation (only strokes from the low-water
     * mark on can differ); if so their snapshot objects are put back in place.
     */
    private int restoreIfUnchanged() {
        LineList<Bi> bis = biList.bis;
        int size = bis.size();
        if (size != memoSize) {
            return STROKES_CHANGED;
        }
        int from = Math.max(bis.base, biList.lowWater - 1);
        if (from < memoFrom) {
            return STROKES_CHANGED;
        }
        int result = STROKES_EQUAL;
        endMovedBeforeLast = false;
        boolean flagsRead = false;
        for (int i = from; i < size; i++) {
            Bi b = bis.get(i);
            int j = i - memoFrom;
            if (b.beginKlc != memoBegin[j] || b.up != memoUp[j]
                    || memoOf(b.pre, from) != memoPre[j] || memoOf(b.next, from) != memoNext[j]) {
                return STROKES_CHANGED;
            }
            if (b.endKlc != memoEnd[j]) {
                // an end at another merged bar with the same price, high and low is no change to the
                // segment pass (it reads prices, directions, flags and links, never bars)
                if (!skipSegPass) {
                    return STROKES_CHANGED;
                }
                if (Double.compare(b.endVal(), memoEndPrices[3 * j]) != 0
                        || Double.compare(b.high(), memoEndPrices[3 * j + 1]) != 0
                        || Double.compare(b.low(), memoEndPrices[3 * j + 2]) != 0) {
                    if (i < size - 1 || !endPriceMoved(b, memoEndPrices, 3 * j)) {
                        return STROKES_CHANGED;
                    }
                }
                result = STROKE_ENDS_MOVED;
                if (i < size - 1) {
                    endMovedBeforeLast = true;
                }
            }
            // a stroke confirmed (or unconfirmed) without any other change counts only where the
            // passes read its flags (the runs skipped since the last one would have read the same)
            boolean usedSureChanged = b.isUsedToBeSure() != memoUsedSure[j];
            boolean sureChanged = b.sure != memoSure[j];
            if ((usedSureChanged || sureChanged) && !skipConfirmed) {
                return STROKES_CHANGED;
            }
            Bi old = memoBi[j];
            if (usedSureChanged && (b.usedSureReadRun == segList.run || old.usedSureReadRun == segList.run)) {
                flagsRead = true;
            }
            if (sureChanged) {
                Line read = sureReadBySegPass();
                if (read == b || read == old) {
                    flagsRead = true;
                }
            }
        }
        if (flagsRead && (result != STROKES_EQUAL || !skipConfirmedSegPass)) {
            return STROKES_CHANGED;
        }
        if (k.kEnd(memoKlcLast) != memoKlcLastEnd && memoEnd[size - 1 - memoFrom] >= memoKlcLast) {
            // bars were merged into the merged bar the last stroke ended at: compare what is read of
            // it (its price, high and low are all the segment pass reads)
            Bi last = bis.get(size - 1);
            lastStrokeValues(last, lastVals);
            lastValsFresh = true;
            for (int x = 0; x < lastVals.length; x++) {
                if (Double.compare(lastVals[x], memoLastVals[x]) != 0) {
                    if (!skipSegPass || (x <= 2 && !endPriceMoved(last, memoLastVals, 0))) {
                        return STROKES_CHANGED;
                    }
                    result = STROKE_ENDS_MOVED;
                }
            }
        }
        if (priceMoved && !priceGapClear(memoBi[size - 1 - memoFrom])) {
            return STROKES_CHANGED;
        }
        if (flagsRead && result != STROKES_EQUAL) {
            return STROKES_CHANGED;
        }
        // equal: put the snapshot's objects back (they take the current fields; the links are the
        // snapshot's, which the check above found equal). The stroke before `from` was never removed
        // or last since the mark, so nothing of it changed, its next link included.
        for (int i = from; i < size; i++) {
            Bi cur = bis.get(i);
            int j = i - memoFrom;
            Bi old = memoBi[j];
            if (cur != old) {
                old.beginKlc = cur.beginKlc;
                old.endKlc = cur.endKlc;
                old.up = cur.up;
                old.sure = cur.sure;
                old.usedToBeSure = cur.usedToBeSure;
                old.sureEnd.setTo(cur.sureEnd);
                bis.set(i, old);
            }
            // the links are almost always the ones there already; a reference store into a
            // long-lived object costs a write barrier (with G1, a fence), a compare does not
            if (old.pre != memoPre[j]) {
                old.pre = memoPre[j];
            }
            if (old.next != memoNext[j]) {
                old.next = memoNext[j];
            }
        }
        return flagsRead ? STROKE_FLAGS_READ : result;
    }

    /**
     * Whether, of the last stroke's {end price, high, low} against {@code memo[at..at+2]}, only the end
     * price (and with it the high or low on its side) moved; if so it is noted as a price move.
     */
    private boolean endPriceMoved(Bi b, double[] memo, int at) {
        if (!skipPriceMoves) {
            return false;
        }
        double from = memo[at];
        double to = b.endVal();
        if (Double.compare(from, to) == 0 || Double.compare(b.up ? b.low() : b.high(), memo[b.up ? at + 2 : at + 1]) != 0) {
            return false;
        }
        if (priceMoved && Double.compare(movedFrom, from) != 0) {
            return false;
        }
        priceMoved = true;
        movedFrom = from;
        movedTo = to;
        return true;
    }

    /**
     * The first line whose prices a pass over {@code l}'s lines can compare with the last line's end:
     * the segment pass walks from the end of the last segment chan.py's do_init keeps, which is at
     * the latest the last sure one (it drops that one when the last line of its feature fractal is
     * not sure); the pivot pass rebuilds the pivots of the segments from the last sure one (and
     * compares lines of one segment only), the point pass reads lines from its end and its pivots.
     * A margin of three lines covers the lines read before (a stroke two back, the kept segment's
     * end, a pivot's incoming line).
     */
    private static int priceHorizon(SegList l, int base) {
        for (int i = l.size() - 1; i >= l.segs.base; i--) {
            Seg s = l.segs.get(i);
            if (s.sure) {
                return Math.max(base, s.startIdx() - 3);
            }
        }
        return base;
    }

    /**
     * Whether no price the stroke-level passes can compare with the last stroke's end lies between
     * its old and new end price (both included); see {@link #gapClear}.
     */
    private boolean priceGapClear(Line last) {
        return gapClear(biList.bis, segList, zsList, bspList, movedFrom, movedTo, last);
    }

    /**
     * The same at the segment level, where the last segment's end price moved (with the last
     * stroke's, or because the segment pass rebuilt it to end at another stroke). The segment-level
     * passes read segments only through the values the segment check compares.
     */
    private boolean segPriceGapClear(Seg last) {
        return gapClear(segList.segs, segsegList, segzsList, segBspList, segMovedFrom, segMovedTo, last);
    }

    /**
     * Whether no price that the passes over {@code lines} (segments {@code l}, pivots {@code z},
     * points {@code b}) can compare with the end of {@code last}, the last line, lies between its
     * old and new end price {@code a} and {@code c}, both included: the prices of the lines from the
     * horizon on (the last one's begin), and as a safeguard the values of the pivots from there on
     * and of those the point pass reads through segments (they are maxima and minima of those
     * lines' prices). The pivots ending at {@code last} are left out. Older pivots are not compared
     * with anything the passes build: the pivot pass extends only pivots it built and merges only
     * pivots of one segment. After a segment pass that built the first segment the horizon is the
     * first line and its one decision on distances must come out as it did.
     *
     * <p>With zs_algo=normal (see {@link #recorded}) the segment, pivot and point passes note each
     * price they compare with the last line's end ({@link PriceCmp}): then only those prices and the
     * last line's begin are checked, not the lines and pivot values no pass compared with it.
     */
    private boolean gapClear(LineList<? extends Line> lines, SegList l, ZsList z, BspList b, double a, double c,
                                    Line last) {
        if (l.builtFirstSeg && !(skipFirstSegMoves && l.firstSegDecisionStands(lines))) {
            return false;
        }
        double lo = Math.min(a, c);
        double hi = Math.max(a, c);
        int n = lines.size() - 1;
        // building the first segment read the lines back to the first
        int from = l.builtFirstSeg ? lines.base : priceHorizon(l, lines.base);
        int lineFrom = l.builtFirstSeg ? from : lineHorizon(lines, l, z, from, last);
        for (int i = lineFrom; i < n; i++) {
            Line x = lines.get(i);
            if (ZsList.in(x.beginVal(), lo, hi) || ZsList.in(x.endVal(), lo, hi)) {
                return false;
            }
        }
        if (ZsList.in(lines.get(n).beginVal(), lo, hi)) {
            return false;
        }
        if (recorded(l)) {
            // the prices the segment, pivot and point passes compared with the last line's
            return !l.cmp.anyIn(lo, hi) && !z.cmp.anyIn(lo, hi) && !b.cmp.anyIn(lo, hi);
        }
        return !z.anyValueIn(lo, hi, from, last) && !segPivotValueIn(l, b.lastSureSegIdx, lo, hi, last);
    }

    /**
     * The first line whose prices the passes can compare with the last line's end price, a line's
     * own comparisons being made against the lines of its own range only:
     * <ul>
     * <li>the segment pass starts over after the segment its do_init keeps (the last sure one, or the
     * one before when the last line of its feature fractal is not sure) and of that one reads the
     * end price (collect_seg, and the begin of the next segment);</li>
     * <li>the pivot pass builds each range's pivots from that range's lines, and the last line lies in
     * a range after the kept segment (the pivots' own values are compared separately);</li>
     * <li>the point pass compares the last line with pivot values, with the lines after a segment's
     * end (type 2/2s; the segments it visits are the kept one or later), with a stroke two back
     * within its own segment (type 1p) and, through {@link Zs#outBiIsPeak}, with the lines of a
     * pivot whose outgoing line it is: those pivots' lines are included.</li>
     * </ul>
     * One more line is kept as a margin. With no kept segment, or a single segment (the type-2 pass
     * then reads the first two lines), this is {@code from}, the pivots' horizon. Where the passes
     * noted what they compared ({@link #recorded}) no line is compared here: the last one's index.
     */
    private int lineHorizon(LineList<? extends Line> lines, SegList l, ZsList z, int from, Line last) {
        if (!narrowLineHorizon || l.size() - l.segs.base < 2) {
            return from;
        }
        Seg kept = l.keptByInit();
        if (kept == null || kept.frozen) {
            return from;
        }
        if (recorded(l)) {
            // what the passes compared with the last line is checked price by price instead
            return lines.size() - 1;
        }
        int h = kept.endBi.idx - 1;
        Line cur = lines.get(lines.size() - 1);
        for (int i = z.zsLst.size() - 1; i >= z.zsLst.base; i--) {
            Zs zs = z.zsLst.get(i);
            if (zs.beginBi.idx < from) {
                break;
            }
            if (zs.biOut == last || zs.biOut == cur) {
                h = Math.min(h, zs.beginBi.idx);
            }
        }
        return Math.max(from, h);
    }

    /**
     * Whether the gap check uses the prices the last runs of the segment, pivot and point passes
     * compared with the last line ({@link SegList#cmp}, {@link ZsList#cmp}, {@link BspList#cmp})
     * instead of every line from the kept segment on and every pivot value: with zs_algo=normal (the
     * only pivot pass that notes), unless the segment pass built the first segment (that reads the
     * lines back to the first and compares distances).
     */
    private boolean recorded(SegList l) {
        return recordedLineHorizon && narrowLineHorizon && cfg.zsAlgo == ChanConfig.ZsAlgo.NORMAL && !l.builtFirstSeg;
    }

    /** Whether a pivot of a segment from {@code from} on, not ending at {@code last}, has a value in [lo, hi]. */
    private static boolean segPivotValueIn(SegList l, int from, double lo, double hi, Line last) {
        for (int i = Math.max(from, l.segs.base); i < l.size(); i++) {
            for (Zs z : l.segs.get(i).zsLst) {
                if (z.endBi != last && ZsList.valueIn(z, lo, hi)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Batch mode: add the virtual last stroke and compute everything once. */
    void finish() {
        calSegAndZs(false, false, false);
    }

    /**
     * chan.py cal_seg_and_zs. With {@code keepSegs} the stroke-level segment pass is left out: the
     * last one was a fixed point and the strokes it reads are unchanged, so the segments (the
     * snapshot's strokes are back in place under them) are what it would rebuild; their end bars
     * can have moved, so the segment-level check compares them: when only the last stroke's end
     * moved, those from the one ending at it (see {@link #firstSegEndingAtLast}), else all.
     */
    void calSegAndZs(boolean keepSegs, boolean relabel, boolean flagsOnly) {
        calculated = true;
        boolean passesKept = false;
        if (!step) {
            biList.tryAddVirtualBi(k.klcSize() - 1, false);
        }
        if (keepSegs) {
            int moved = endMovedBeforeLast ? -1 : firstSegEndingAtLast();
            segLowWater = Math.min(segLowWater, moved < 0 ? segMemoFrom : moved);
            segViewFrom = moved < 0 ? segList.dirtyFrom : moved;
        } else {
            lastSureSegStartBiIdx = calSeg(biList.bis, segList, lastSureSegStartBiIdx);
            segLowWater = Math.min(segLowWater, segList.dirtyFrom);
            segViewFrom = segList.dirtyFrom;
            if (flagsOnly && segMemoValid && segsAsBefore()) {
                // the pivot and point passes read what they read last time: fixed points
                passesKept = true;
                confirmationsKept++;
            }
        }
        if (passesKept) {
            // nothing to do at the stroke level
        } else if (relabel) {
            zsList.relabel(biList.bis.last(), priceMoved ? movedFrom : Double.NaN, movedTo);
        } else {
            // strokes below lowWater - 1 are untouched since the last recomputation (run or skipped)
            zsList.calBiZs(biList.bis, segList, skipping ? biList.lowWater - 1 : Integer.MIN_VALUE);
            updateZsInSeg(biList.bis, segList, zsList);
        }

        segValsFrom = -1;
        int restored = skipping && segMemoValid ? restoreSegsIfUnchanged() : SEGS_CHANGED;
        if (restored != SEGS_END_BARS_MOVED) {
            segPriceMoved = false;
        }
        if (restored == SEGS_EQUAL) {
            segSkipped++;
            segPositionsKept = true;
            segsegViewFrom = firstSegsegEndingFrom(segViewFrom);
        } else {
            SurePositions before = new SurePositions(lastSureSegsegStartBiIdx, segzsList, segBspList);
            if (restored == SEGS_END_BARS_MOVED) {
                // the segment-of-segments pass reads nothing that changed: as a fixed point it
                // would rebuild what is there (the snapshot's segments are back in place)
                segsegPassSkipped++;
                segsegViewFrom = firstSegsegEndingFrom(segViewFrom);
            } else {
                lastSureSegsegStartBiIdx = calSeg(segList.segs, segsegList, lastSureSegsegStartBiIdx);
                segsegViewFrom = segsegList.dirtyFrom;
            }
            if (segPriceMoved) {
                segPriceMoves++;
            }
            if (restored == SEGS_END_BARS_MOVED && !segEndMovedBeforeLast
                    && segBspList.relabelKeepsDecisions(segList.last()) && !(segPriceMoved && !segBspList.ratioDecisionsStand())) {
                // only the last segment's end bar (or, with the last stroke's, its end price) moved
                // and the type-1 decisions on it stand: the segment-level pivot and point passes
                // would decide as last time (see below)
                segRelabelled++;
                segzsList.relabel(segList.last(), segPriceMoved ? segMovedFrom : Double.NaN, segMovedTo);
                segBspList.relabel(segList.last());
            } else {
                // segments below segLowWater are the objects, with the values, of the last segment-level run
                segzsList.calBiZs(segList.segs, segsegList, skipping ? segLowWater : Integer.MIN_VALUE);
                updateZsInSeg(segList.segs, segsegList, segzsList);
                segBspList.cal(segList.segs, segsegList);
            }
            segPositionsKept = before.still(lastSureSegsegStartBiIdx, segzsList, segBspList);
            segMemoValid = step && skipFixedPoints && segList.size() > 0 && segPositionsKept;
            if (segMemoValid) {
                segSnapshot();
            }
        }
        segLowWater = segList.size();
        if (relabel) {
            bspList.relabel(biList.bis.last());
        } else if (!passesKept) {
            bspList.cal(biList.bis, segList);
        }
    }

    /**
     * The first segment and segment of segments whose view (the event diff's) the last recomputation
     * can have changed: from the segment pass's dirtyFrom when it ran, else (only the last stroke's
     * end moved) from the one ending at the last stroke; a segment of segments' view is its first
     * segment's begin (fixed) and its last segment's end. Not state.
     */
    int segViewFrom;
    int segsegViewFrom;

    /**
     * The first segment of segments whose last segment is at {@code segFrom} or later (the list's size
     * when none), when the segment-of-segments pass did not run; its dirtyFrom when one ends at a
     * segment that left the list.
     */
    private int firstSegsegEndingFrom(int segFrom) {
        LineList<Seg> ss = segsegList.segs;
        LineList<Seg> segs = segList.segs;
        int first = ss.size();
        for (int i = ss.size() - 1; i >= ss.base; i--) {
            Seg s = ss.get(i);
            if (s.frozen) {
                continue;
            }
            if (!segs.holds(s.endBi)) {
                return Math.min(first, segsegList.dirtyFrom);
            }
            int j = s.endBi.idx;
            if (j < segFrom) {
                break;
            }
            first = i;
        }
        return first;
    }

    /**
     * With only the last stroke's end moved and the segments kept: the first segment (of those the
     * segment snapshot holds) whose values can have changed, the one ending at the last stroke (a
     * segment's values are those of its first line's begin, fixed, and its last line's end), or the
     * list's size when none does; -1 when a segment ends at a stroke that left the list (chan.py keeps
     * such links; that stroke can still change): then all of them can.
     */
    private int firstSegEndingAtLast() {
        LineList<Seg> segs = segList.segs;
        LineList<Bi> bis = biList.bis;
        Line last = bis.last();
        int first = segs.size();
        for (int i = segs.size() - 1; i >= Math.max(segs.base, segMemoFrom); i--) {
            Seg s = segs.get(i);
            if (s.frozen) {
                continue;
            }
            if (!bis.holds(s.endBi)) {
                return -1;
            }
            if (s.endBi == last) {
                first = i;
            }
        }
        return first;
    }

    // The same at the segment level. The segment pass rebuilds the segments after the last sure
    // one on every recomputation; often they come back with the same values (the last stroke moved
    // inside the last segment). When the last segment-level recomputation was a fixed point, running
    // it again on segments with the same values changes nothing, so it is skipped: the rebuilt
    // segments' objects are swapped for the previous ones (which the segment-level structures point
    // at); those take the new stroke-level fields and keep their segment-level ones (seg_idx,
    // parent_seg). RecomputeSkipTest checks this together with the stroke-level skip.

    /** Segment-level recomputations skipped so far (not state). */
    long segSkipped;
    /** Segment-level recomputations that ran without the segment-of-segments pass (not state). */
    long segsegPassSkipped;
    /** Of those, the ones whose pivot and point passes were relabelled instead (not state). */
    long segRelabelled;
    /** Whether the last segment check found an end bar moved on a segment before the last one. */
    private boolean segEndMovedBeforeLast;
    /** Whether the last segment check found the last segment's end price moved, from segMovedFrom to segMovedTo. */
    private boolean segPriceMoved;
    private double segMovedFrom;
    private double segMovedTo;
    /** Segment-level recomputations that left out the segment-of-segments pass after such a price move (not state). */
    long segPriceMoves;

    /**
     * Whether, of the last segment's values against the snapshot's at {@code at}, its end price moved
     * and with it the high or low on its side only (the values of {@link #segValues} in
     * {@link #segVals}).
     */
    private boolean segEndPriceMoved(int at) {
        double from = segMemoVals[at + 4];
        double to = segVals[at + 4];
        if (Double.compare(from, to) == 0) {
            return false;
        }
        boolean up = (((int) segVals[at]) & 1) != 0;
        int end = up ? 5 : 6;
        int other = up ? 6 : 5;
        return Double.compare(segMemoVals[at + end], from) == 0 && Double.compare(segVals[at + end], to) == 0
                && Double.compare(segMemoVals[at + other], segVals[at + other]) == 0;
    }

    private static final int SEGS_CHANGED = 0;
    private static final int SEGS_EQUAL = 1;
    private static final int SEGS_END_BARS_MOVED = 2;
    /**
     * The values of {@link #segValues} that may differ for the segment-of-segments pass to be a
     * fixed point: a segment's end bar, that bar's high and low and its time. The pass reads a
     * segment's direction, flags, begin and end prices, extremes, index and links only (its begin
     * is fixed: the rebuilt segments of segments cache it).
     */
    private static final int END_BAR_VALUES = (1 << 2) | (1 << 9) | (1 << 10) | (1 << 12);
    /** The values of {@link #segValues} that are the end price: end value, high, low. */
    private static final int END_PRICE_VALUES = (1 << 4) | (1 << 5) | (1 << 6);
    /** Whether the last segment-level recomputation left its sure positions in place (or was skipped). */
    private boolean segPositionsKept;
    private boolean segMemoValid;
    /** The lowest segment index rebuilt since the segment snapshot. */
    private int segLowWater;
    private int segMemoFrom;
    private int segMemoSize;
    private final Seg[] segMemo = new Seg[SEG_MEMO];
    private final Line[] segMemoPre = new Line[SEG_MEMO];
    private final double[] segMemoVals = new double[SEG_MEMO * SEG_VALS];
    /**
     * The values of the segments the last check compared, at the snapshot's rows; when it found only
     * end bars (or the last end price) moved, the next snapshot takes them from here (rows from
     * {@link #segValsFrom} on; the rows before hold segments below the low-water mark, unchanged).
     */
    private final double[] segVals = new double[SEG_MEMO * SEG_VALS];
    /** The first row of {@link #segVals} the last check filled, or -1 when the next snapshot must compute all. */
    private int segValsFrom = -1;
    private static final int SEG_MEMO = 16;
    private static final int SEG_VALS = 15;

    /** Everything the segment-level passes read of a segment (they see it as a line). */
    private static void segValues(Seg s, double[] out, int at) {
        out[at] = (s.up ? 1 : 0) | (s.sure ? 2 : 0) | (s.isUsedToBeSure() ? 4 : 0);
        out[at + 1] = s.beginKlu();
        out[at + 2] = s.endKlu();
        out[at + 3] = s.beginVal();
        out[at + 4] = s.endVal();
        out[at + 5] = s.high();
        out[at + 6] = s.low();
        out[at + 7] = s.beginKluHigh();
        out[at + 8] = s.beginKluLow();
        out[at + 9] = s.endKluHigh();
        out[at + 10] = s.endKluLow();
        out[at + 11] = s.beginTime();
        out[at + 12] = s.endTime();
        out[at + 13] = s.idx;
        out[at + 14] = s.frozen ? 1 : 0;
    }

    /**
     * Snapshots the segments from the last sure one on: the next segment pass rebuilds nothing
     * before it (it removes the unsure segments and at most the last sure one).
     */
    private void segSnapshot() {
        LineList<Seg> segs = segList.segs;
        segMemoSize = segs.size();
        int lastSure = segMemoSize - 1;
        while (lastSure > segs.base && !segs.get(lastSure).sure) {
            lastSure--;
        }
        int memoFrom = Math.max(lastSure, segMemoSize - SEG_MEMO);
        if (segValsFrom >= 0 && memoFrom == segMemoFrom && sameSnapshotObjects()) {
            // the last check found only end bars moved and put these objects back: the values it
            // read are the new rows, the rows before its low-water mark are as they were
            int at = (segValsFrom - segMemoFrom) * SEG_VALS;
            System.arraycopy(segVals, at, segMemoVals, at, (segMemoSize - segValsFrom) * SEG_VALS);
            return;
        }
        segMemoFrom = memoFrom;
        for (int i = segMemoFrom; i < segMemoSize; i++) {
            Seg s = segs.get(i);
            int j = i - segMemoFrom;
            segMemo[j] = s;
            segMemoPre[j] = s.pre;
            segValues(s, segMemoVals, j * SEG_VALS);
        }
    }

    /** Whether the segments from the snapshot's first row on are its objects, with its links. */
    private boolean sameSnapshotObjects() {
        LineList<Seg> segs = segList.segs;
        for (int i = segMemoFrom; i < segMemoSize; i++) {
            Seg s = segs.get(i);
            int j = i - segMemoFrom;
            if (s != segMemo[j] || s.pre != segMemoPre[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the segments rebuilt since the snapshot have its values; if so the snapshot's objects
     * are put back. The links need no comparison: the segment pass keeps them consistent (each
     * segment's pre is the one before it, its next the one after it, the last one's next is null),
     * so the rebuilt ones map onto the snapshot's one for one.
     */
    private int restoreSegsIfUnchanged() {
        LineList<Seg> segs = segList.segs;
        int size = segs.size();
        int from = Math.max(segs.base, segLowWater);
        if (size != segMemoSize || from < segMemoFrom) {
            return SEGS_CHANGED;
        }
        int result = SEGS_EQUAL;
        segEndMovedBeforeLast = false;
        segPriceMoved = false;
        for (int i = from; i < size; i++) {
            int at = (i - segMemoFrom) * SEG_VALS;
            segValues(segs.get(i), segVals, at);
            boolean endPriceMoved = i == size - 1 && skipSegsegPass && skipPriceMoves && segEndPriceMoved(at);
            for (int x = 0; x < SEG_VALS; x++) {
                if (Double.compare(segVals[at + x], segMemoVals[at + x]) != 0) {
                    if (endPriceMoved && (END_PRICE_VALUES & (1 << x)) != 0) {
                        // the last segment's end price moved (with the high or low on its side)
                        segPriceMoved = true;
                        segMovedFrom = segMemoVals[at + 4];
                        segMovedTo = segVals[at + 4];
                        result = SEGS_END_BARS_MOVED;
                        continue;
                    }
                    if (!skipSegsegPass || (END_BAR_VALUES & (1 << x)) == 0) {
                        return SEGS_CHANGED;
                    }
                    result = SEGS_END_BARS_MOVED;
                    if (i < size - 1) {
                        segEndMovedBeforeLast = true;
                    }
                }
            }
        }
        if (segPriceMoved && !segPriceGapClear(segs.get(size - 1))) {
            return SEGS_CHANGED;
        }
        if (keptRefersToSwapped(from, size)) {
            return SEGS_CHANGED;
        }
        putSnapshotSegmentsBack(from, size, false);
        if (result == SEGS_END_BARS_MOVED) {
            segValsFrom = from;
        }
        return result;
    }

    /**
     * Puts the snapshot's segments back in place of those the segment pass rebuilt from {@code from}
     * on (they take the rebuilt ones' fields; with {@code keepPivots} they keep the pivots the pivot
     * pass set on them), with the snapshot's links.
     */
    private void putSnapshotSegmentsBack(int from, int size, boolean keepPivots) {
        LineList<Seg> segs = segList.segs;
        for (int i = from; i < size; i++) {
            Seg cur = segs.get(i);
            int j = i - segMemoFrom;
            Seg old = segMemo[j];
            if (cur != old) {
                if (keepPivots) {
                    old.takeSegmentPass(cur);
                } else {
                    old.takeStrokeLevel(cur);
                }
                for (Line b : old.biList) {
                    b.parentSeg = old;
                }
                segs.set(i, old);
            }
            // (stores only where the link differs: see restoreIfUnchanged)
            if (old.pre != segMemoPre[j]) {
                old.pre = segMemoPre[j];
            }
            Seg next = i + 1 < size ? segMemo[j + 1] : null;
            if (old.next != next) {
                old.next = next;
            }
        }
        if (from > segs.base && from < size && segs.get(from - 1).next != segs.get(from)) {
            segs.get(from - 1).next = segs.get(from);
        }
    }

    /**
     * After the segment pass ran on strokes whose only change is flags it read: whether it gave back
     * the snapshot's segments, value for value ({@link #segValues}; the begin and end bars name the
     * first and last lines); if so, and no kept segment-level object refers to one of them (see
     * {@link #keptRefersToSwapped}), the snapshot's objects are put back with what the pivot pass set
     * on them (their pivots), so the stroke-level pivot and point passes are fixed points.
     */
    private boolean segsAsBefore() {
        if (!skipConfirmedSegPass) {
            return false;
        }
        LineList<Seg> segs = segList.segs;
        int size = segs.size();
        int from = Math.max(segs.base, segLowWater);
        if (size != segMemoSize || from < segMemoFrom) {
            return false;
        }
        for (int i = from; i < size; i++) {
            int at = (i - segMemoFrom) * SEG_VALS;
            segValues(segs.get(i), segVals, at);
            for (int x = 0; x < SEG_VALS; x++) {
                if (Double.compare(segVals[at + x], segMemoVals[at + x]) != 0) {
                    return false;
                }
            }
        }
        if (keptRefersToSwapped(from, size)) {
            return false;
        }
        putSnapshotSegmentsBack(from, size, true);
        return true;
    }

    /**
     * Whether a segment-level object that the segment-level passes would keep (not rebuild) refers to
     * a snapshot segment that the restore is about to put back in place of a rebuilt one. Re-running
     * leaves such an object pointing at the old segment while the list holds the new one (chan.py
     * keeps those links), so putting the old one back would not be what re-running gives: the
     * segments of segments that do_init keeps (up to the last sure one, and that one while the last
     * line of its feature fractal is sure; its end, first line and that line), the pivots before
     * the pivot pass's last sure position and the points before the point pass's.
     */
    private boolean keptRefersToSwapped(int from, int size) {
        LineList<Seg> segs = segList.segs;
        int first = -1;
        for (int i = from; i < size; i++) {
            if (segs.get(i) != segMemo[i - segMemoFrom]) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return false;
        }
        LineList<Seg> ss = segsegList.segs;
        int keep = ss.size();
        while (keep > ss.base && !ss.get(keep - 1).sure) {
            keep--;
        }
        if (keep > ss.base) {
            Seg l = ss.get(keep - 1);
            if (l.frozen || l.eigenLast == null || !l.eigenLast.isSure()) {
                keep--;
            }
        }
        for (int i = ss.base; i < keep; i++) {
            Seg g = ss.get(i);
            if (!g.frozen && (swapped(g.startBi, first, size) || g.endBi.idx >= first || swapped(g.eigenLast, first, size))) {
                return true;
            }
        }
        for (int i = segzsList.zsLst.base; i < segzsList.size(); i++) {
            Zs z = segzsList.zsLst.get(i);
            if (z.beginBi.idx >= segzsList.lastSurePos) {
                break;
            }
            if (z.endBi.idx >= first || swapped(z.biIn, first, size) || swapped(z.biOut, first, size)) {
                return true;
            }
        }
        for (java.util.List<java.util.List<Bsp>> pair : segBspList.store.values()) {
            for (java.util.List<Bsp> side : pair) {
                for (Bsp b : side) {
                    if (swapped(b.bi, first, size) && b.bi.endKlu() <= segBspList.lastSurePos) {
                        return true;
                    }
                }
            }
        }
        for (Bsp b : segBspList.bsp1List) {
            if (swapped(b.bi, first, size) && b.bi.endKlu() <= segBspList.lastSurePos) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code l} is a snapshot segment from {@code first} on that the restore puts back in place of another. */
    private boolean swapped(Line l, int first, int size) {
        if (!(l instanceof Seg) || l.idx < first || l.idx >= size) {
            return false;
        }
        int j = l.idx - segMemoFrom;
        return segMemo[j] == l && segList.segs.get(l.idx) != l;
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
        // the lowest begin of a segment visited: every pivot ending at or after it gets its lines
        // (chan.py sets them once per segment visited; the values depend on the pivot only)
        int minBegin = Integer.MAX_VALUE;
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
            minBegin = Math.min(minBegin, segBegin);
            int startIdx = seg.startBi.idx;
            int endIdx = seg.endBi.idx;
            for (int zi = zsl.size() - 1; zi >= zsl.zsLst.base; zi--) {
                Zs zs = zsl.zsLst.get(zi);
                if (zs.end < segBegin) {
                    break;
                }
                int b = zs.beginBi.idx;
                if (startIdx <= b && b <= endIdx) {
                    seg.zsLst.add(0, zs);
                }
            }
            if (sureSegCnt > 2) {
                seg.eleInsideIsSure = true;
            }
        }
        for (int zi = zsl.size() - 1; zi >= zsl.zsLst.base; zi--) {
            Zs zs = zsl.zsLst.get(zi);
            if (zs.end < minBegin) {
                break;
            }
            if (zs.beginBi.idx <= 0) {
                throw new IllegalStateException("pivot starting at line 0");
            }
            Line in = lines.get(zs.beginBi.idx - 1);
            if (zs.biIn != in) {
                zs.biIn = in;
            }
            if (zs.endBi.idx + 1 < lines.size()) {
                Line out = lines.get(zs.endBi.idx + 1);
                if (zs.biOut != out) {
                    zs.biOut = out;
                }
            }
            if (!holdsLines(zs.biLst, lines, zs.beginBi.idx, zs.endBi.idx)) {
                java.util.ArrayList<Line> bl = new java.util.ArrayList<>(zs.endBi.idx - zs.beginBi.idx + 1);
                for (int j = zs.beginBi.idx; j <= zs.endBi.idx && j < lines.size(); j++) {
                    bl.add(lines.get(j));
                }
                zs.biLst = bl;
            }
        }
    }

    /** Whether {@code l} already is {@code lines[from..min(to, size - 1)]}, item for item (the same objects). */
    private static boolean holdsLines(java.util.List<Line> l, LineList<? extends Line> lines, int from, int to) {
        int end = Math.min(to, lines.size() - 1);
        if (l.size() != Math.max(0, end - from + 1)) {
            return false;
        }
        for (int j = from; j <= end; j++) {
            if (l.get(j - from) != lines.get(j)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Bounded state: drop what no later computation can read.

    /** Margin (in sure segments) kept before the oldest segment chan.py's loops can still visit. */
    static final int SEG_MARGIN = 3;
    /** Margin in lines kept before the oldest line those segments start at. */
    static final int LINE_MARGIN = 4;

    private static int lastEleInside(SegList l) {
        for (int i = l.size() - 1; i >= l.segs.base; i--) {
            if (l.segs.get(i).eleInsideIsSure) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Drops strokes, segments, pivots, points and bars that chan.py's incremental loops can no
     * longer reach. Those loops go back at most to the newest segment whose pivots are frozen
     * ({@code ele_inside_is_sure}); we keep {@link #SEG_MARGIN} more segments and
     * {@link #LINE_MARGIN} more lines. Returns whether anything was dropped.
     */
    boolean prune() {
        if (!step || !pruning) {
            return false;
        }
        // stroke-level horizon
        int e = lastEleInside(segList);
        if (e < 0) {
            return false;
        }
        int segFrom = e - SEG_MARGIN;
        if (segFrom <= segList.segs.base) {
            return false;
        }
        int biKeep = segList.segs.get(segFrom).startIdx() - LINE_MARGIN;
        boolean overSeg = cfg.zsAlgo != ChanConfig.ZsAlgo.NORMAL;
        if (overSeg) {
            biKeep = Math.min(biKeep, overSegLineHorizon(zsList, segList.segs.get(segFrom).startIdx()));
        }
        if (biKeep <= biList.bis.base) {
            return false;
        }
        // segment-level horizon: the segseg computations read segments
        int segKeep;
        int segsegKeep = segsegList.segs.base;
        int e2 = lastEleInside(segsegList);
        if (e2 < 0 || e2 - SEG_MARGIN <= segsegList.segs.base) {
            segKeep = segList.segs.base;
        } else {
            segsegKeep = e2 - SEG_MARGIN;
            int segBoundary = segsegList.segs.get(segsegKeep).startIdx();
            segKeep = Math.max(segList.segs.base, segBoundary - LINE_MARGIN);
            if (overSeg) {
                segKeep = Math.max(segList.segs.base, Math.min(segKeep, overSegLineHorizon(segzsList, segBoundary)));
            }
        }
        segKeep = Math.min(segKeep, segFrom);
        if (overSeg) {
            // over_seg pivots read the parent segment of every line they are fed
            segKeep = Math.max(segList.segs.base, parentSegIdx(biList.bis.get(biKeep), segKeep));
            segsegKeep = Math.max(segsegList.segs.base, parentSegIdx(segList.segs.get(segKeep), segsegKeep));
        }

        // freeze every reachable segment whose lines are about to go
        Refs reachable = Refs.reachable(this);
        for (Seg s : reachable.segs) {
            if (!s.frozen && s.startIdx() < (s.kind == 0 ? biKeep : segKeep)) {
                s.freeze();
            }
        }
        memoValid = false;
        segMemoValid = false;
        zsList.forgetRanges();
        segzsList.forgetRanges();
        int klcKeep = Math.max(k.klcBase, biList.bis.get(biKeep).beginKlc - 2);
        int kluKeep = k.kBegin(klcKeep);

        biList.bis.pruneBefore(biKeep);
        biList.freeKlc.clear();
        segList.segs.pruneBefore(segKeep);
        segsegList.segs.pruneBefore(segsegKeep);
        pruneZs(zsList, biKeep);
        pruneZs(segzsList, segKeep);
        pruneBsp(bspList, biKeep);
        pruneBsp(segBspList, segKeep);
        k.pruneBefore(klcKeep, kluKeep);
        reachable.cutPruned();
        return true;
    }

    /**
     * zs_algo=over_seg / auto: pivots cross segments, so a pivot that a later pass still reads
     * (extends, re-attaches to a segment, or restarts after) can begin long before the segment
     * horizon. Keep the last pivot that begins before {@code boundary} (the line index the other
     * rules keep from) and everything after it, with the line before it (its incoming line);
     * the over_seg pass restarts after that pivot's end, so the lines in between stay too.
     * Returns the line index to keep from ({@code Integer.MAX_VALUE} when no pivot limits it).
     */
    private static int overSegLineHorizon(ZsList z, int boundary) {
        for (int i = z.zsLst.size() - 1; i >= z.zsLst.base; i--) {
            Zs zs = z.zsLst.get(i);
            if (zs.beginBi.idx < boundary) {
                return zs.beginBi.idx - 1 - LINE_MARGIN;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** The index of the segment holding {@code line} (at most {@code keep}), so its parent_seg survives pruning. */
    private static int parentSegIdx(Line line, int keep) {
        return line.parentSeg == null ? keep : Math.min(keep, line.parentSeg.idx);
    }

    private static void pruneZs(ZsList z, int lineKeep) {
        int n = z.zsLst.base;
        while (n < z.zsLst.size() && z.zsLst.get(n).beginBi.idx < lineKeep) {
            z.zsLst.get(n).pruned = true;
            n++;
        }
        z.zsLst.pruneBefore(n);
    }

    private static void pruneBsp(BspList b, int lineKeep) {
        for (java.util.List<java.util.List<Bsp>> pair : b.store.values()) {
            for (java.util.List<Bsp> l : pair) {
                int n = 0;
                while (n < l.size() && l.get(n).bi.idx < lineKeep) {
                    n++;
                }
                l.subList(0, n).clear();
            }
        }
        b.storeFlat.removeBelow(lineKeep);
        int n = 0;
        while (n < b.bsp1List.size() && b.bsp1List.get(n).bi.idx < lineKeep) {
            n++;
        }
        b.bsp1List.subList(0, n).clear();
    }
}
