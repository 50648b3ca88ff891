package io.chanflow.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Skipping a recomputation whose strokes come back unchanged or only confirmed ({@code Level#recalculate}), and the segment-level part of
 * one whose segments come back with the same values ({@code Level#restoreSegsIfUnchanged}), is exact: on the streams of
 * {@link RestoreEquivalenceTest} (golden inputs and real files outside the golden folder, default config and the
 * configuration-table variants) a run that skips emits the same events, bar for bar, as a run that recomputes every
 * time chan.py does, and its serialized state is byte for byte the same every 997 bars and at the end.
 */
class RecomputeSkipTest {

    static Stream<Arguments> streams() throws Exception {
        return RestoreEquivalenceTest.streams();
    }

    private static long[] run(List<TestData.Row> rows, ChanConfig cfg) {
        return run(rows, cfg, true);
    }

    private static long[] run(List<TestData.Row> rows, ChanConfig cfg, boolean skipConfirmed) {
        ChanState always = new ChanState(cfg, true);
        always.level.skipping = false;
        ChanState skipping = new ChanState(cfg, true);
        skipping.level.skipConfirmed = skipConfirmed;
        long events = 0;
        for (int i = 0; i < rows.size(); i++) {
            Bar bar = rows.get(i).bar();
            List<ChanEvent> a = always.step(bar);
            List<ChanEvent> b = skipping.step(bar);
            if (!a.equals(b)) {
                assertThat(b).as("events of bar %d (%s)", i, bar).isEqualTo(a);
            }
            events += a.size();
            if (i % 997 == 996 || i == rows.size() - 1) {
                assertThat(skipping.toBytes()).as("state after bar %d", i).isEqualTo(always.toBytes());
            }
        }
        ChanState.Recomputations a = always.recomputations();
        ChanState.Recomputations b = skipping.recomputations();
        assertThat(a.skipped()).isZero();
        assertThat(a.segmentLevelSkipped()).isZero();
        assertThat(a.segsegPassSkipped()).isZero();
        assertThat(a.segPassSkipped()).isZero();
        assertThat(a.relabelled()).isZero();
        assertThat(a.segmentLevelRelabelled()).isZero();
        assertThat(a.keptPivots()).isZero();
        assertThat(a.priceMoves()).isZero();
        assertThat(a.segmentLevelPriceMoves()).isZero();
        assertThat(a.confirmationsKept()).isZero();
        // skipping changes what a recomputation does, never when chan.py asks for one
        assertThat(b.requested()).isEqualTo(a.requested());
        assertThat(b.skipped() + b.segPassSkipped()).isLessThanOrEqualTo(b.requested());
        assertThat(b.segmentLevelSkipped() + b.segsegPassSkipped()).isLessThanOrEqualTo(b.requested() - b.skipped());
        // relabelling is a kind of leaving out the segment pass
        assertThat(b.relabelled()).isLessThanOrEqualTo(b.segPassSkipped());
        assertThat(b.segmentLevelRelabelled()).isLessThanOrEqualTo(b.segsegPassSkipped());
        // a price move is a kind of leaving out the segment pass, at either level
        assertThat(b.priceMoves()).isLessThanOrEqualTo(b.segPassSkipped());
        assertThat(b.segmentLevelPriceMoves()).isLessThanOrEqualTo(b.segsegPassSkipped());
        return new long[] {events, b.skipped(), b.segmentLevelSkipped(), b.segsegPassSkipped(), b.segPassSkipped(), b.relabelled(), b.keptPivots(),
            b.segmentLevelRelabelled(), b.confirmationsKept()};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void skippingChangesNoEventAndNoStateByte(RestoreEquivalenceTest.Stream_ s) throws Exception {
        List<TestData.Row> rows = RestoreEquivalenceTest.rows(s.file());
        long[] r = run(rows, RestoreEquivalenceTest.Stream_.chanConfig(s.config()));
        assertThat(r[0]).as("a stream with events").isPositive();
    }

    /** Runs a stream skipping and never skipping, comparing the events and the serialized state after every bar. */
    private static ChanState.Recomputations everyBar(String file, String config, int bars) throws Exception {
        List<TestData.Row> rows = RestoreEquivalenceTest.rows(file);
        ChanConfig cfg = RestoreEquivalenceTest.Stream_.chanConfig(config);
        ChanState always = new ChanState(cfg, true);
        always.level.skipping = false;
        ChanState skipping = new ChanState(cfg, true);
        for (int i = 0; i < Math.min(bars, rows.size()); i++) {
            Bar bar = rows.get(i).bar();
            assertThat(skipping.step(bar)).as("events of bar %d", i).isEqualTo(always.step(bar));
            assertThat(skipping.toBytes()).as("state after bar %d", i).isEqualTo(always.toBytes());
        }
        return skipping.recomputations();
    }

    @Test
    void keptPivotsAreNewObjectsLikeRebuiltOnes() throws Exception {
        // a segment whose pivots are no longer refreshed can still refer to a pivot the pass rebuilds:
        // after a rebuild it holds the old object beside the new one, so a kept pivot must be a copy.
        // Here that lasts 26 bars (8,998-9,023), between the every-997-bars checks above, so every
        // bar is compared.
        ChanState.Recomputations r = everyBar("quantconnect-lean/IBM_60m_19980102_20210331.norm.csv", "bi_algo=fx", 10_000);
        assertThat(r.keptPivots()).isPositive();
    }

    @Test
    void relabelledSegmentLevelEqualsRebuildingEveryBar() throws Exception {
        // the segment-level pivot and point passes are relabelled after the last segment's end moved
        // at an equal price, with the type-1 divergence rates on it recomputed; with a finite
        // divergence rate a decision can flip, and then they run. Every bar's state is compared. The
        // same run covers price moves (below) where the type-1 decisions on the last line do flip.
        String config = "macd_algo=area divergence_rate=0.8";
        ChanState.Recomputations r = everyBar("marcusschiesser-intraday/XLV_1m_20191216_20200106.norm.csv", config, Integer.MAX_VALUE);
        System.out.println("XLV 1-minute, " + config + ": " + r);
        assertThat(r.segmentLevelRelabelled()).isGreaterThan(300);
        assertThat(r.priceMoves()).as("price moves").isGreaterThan(200);
    }

    @Test
    void priceMovesEqualRebuildingEveryBar() throws Exception {
        // after the last stroke's end price moved with no other compared price in between, the segment
        // pass (and the segment-of-segments pass) is left out and the pivot and point passes are
        // relabelled, the pivot values that were the old price now the new one. Every bar's state is
        // compared with rebuilding, on NVDA daily (default config; XLV 1-minute with a finite
        // divergence rate is the test above).
        ChanState.Recomputations nvda = everyBar("backtrader/nvda-1999-2014.csv", "default", Integer.MAX_VALUE);
        System.out.println("NVDA daily, default config: " + nvda);
        assertThat(nvda.priceMoves()).as("price moves").isGreaterThan(500);
        assertThat(nvda.segmentLevelPriceMoves()).as("segment-level price moves").isGreaterThan(250);
        assertThat(nvda.relabelled()).as("relabelled").isGreaterThan(500);
    }

    @Test
    void keptSegmentsOfSegmentsKeepTheirOldSegments() throws Exception {
        // XLE daily, bi_allow_sub_peak=false, bar 4,907: the segment pass rebuilds the last sure
        // segment (the last line of its feature fractal was not sure) with the same values, and the
        // last segment's end price moved. A sure segment of segments that do_init keeps has the old
        // segment as the last line of its feature fractal; re-running leaves it pointing there while
        // the list holds the new one, so the old one must not be put back (Level#keptRefersToSwapped).
        ChanState.Recomputations r = everyBar("chenc319-silverlight/XLE_daily.norm.csv", "bi_allow_sub_peak=false", Integer.MAX_VALUE);
        assertThat(r.segmentLevelPriceMoves()).isGreaterThan(500);
    }

    /**
     * Runs NVDA daily (default config) as is and with a hook turned off by {@code hookOff}, asserting the
     * same events bar for bar and the same final state; returns {on, off}.
     */
    private static ChanState[] withAndWithout(java.util.function.Consumer<Level> hookOff) throws Exception {
        List<TestData.Row> rows = RestoreEquivalenceTest.rows("backtrader/nvda-1999-2014.csv");
        ChanState on = new ChanState(ChanConfig.defaults(), true);
        ChanState off = new ChanState(ChanConfig.defaults(), true);
        hookOff.accept(off.level);
        for (TestData.Row r : rows) {
            assertThat(on.step(r.bar())).isEqualTo(off.step(r.bar()));
        }
        assertThat(on.toBytes()).isEqualTo(off.toBytes());
        return new ChanState[] {on, off};
    }

    @Test
    void priceMovesAreLeftToTheFullRunWhenTheHookIsOff() throws Exception {
        ChanState[] r = withAndWithout(l -> l.skipPriceMoves = false);
        ChanState on = r[0];
        ChanState off = r[1];
        assertThat(off.recomputations().priceMoves()).isZero();
        assertThat(off.recomputations().segmentLevelPriceMoves()).isZero();
        assertThat(on.recomputations().relabelled()).isGreaterThan(off.recomputations().relabelled() + 400);
    }

    @Test
    void priceMovesOverKeptLinesAreRelabelled() throws Exception {
        // a last stroke whose end price moves past the price of a line the segment pass keeps (at or
        // before the end of the segment its do_init keeps, bar the one before that end and the lines
        // of a pivot it leaves) changes no decision of the passes: they compare it with the kept
        // segment's end, the lines after it and pivot values only (Level#lineHorizon). With the hook
        // off those moves run the passes; the results are equal.
        ChanState[] r = withAndWithout(l -> l.narrowLineHorizon = false);
        ChanState on = r[0];
        ChanState off = r[1];
        System.out.println("NVDA daily, moved prices compared from the kept segment's end: " + on.recomputations()
                + "; from the pivots' horizon: " + off.recomputations());
        assertThat(on.recomputations().priceMoves()).isGreaterThan(off.recomputations().priceMoves() + 30);
        assertThat(on.recomputations().relabelled()).isGreaterThan(off.recomputations().relabelled() + 30);
    }

    @Test
    void pricesThePassesComparedLetPriceMovesRelabel() throws Exception {
        // with zs_algo=normal the segment and point passes note every price they compare with the last
        // line's end (SegList#cmp, BspList#cmp: feature elements, peaks, the last segment's end, pivot
        // values, the lines of a type-2s walk); a move of that price past none of them, and past no
        // line of the pivot pass's range, changes no decision, however many other lines lie in
        // between. With the hook off the gap check compares every line from the kept segment's end
        // and every pivot value; the results are equal, the relabels are not.
        ChanState[] r = withAndWithout(l -> l.recordedLineHorizon = false);
        ChanState on = r[0];
        ChanState off = r[1];
        System.out.println("NVDA daily, compared prices recorded: " + on.recomputations() + "; lines from the kept segment: "
                + off.recomputations());
        assertThat(on.recomputations().relabelled()).isGreaterThan(off.recomputations().relabelled() + 100);
        assertThat(on.recomputations().segmentLevelRelabelled()).isGreaterThan(off.recomputations().segmentLevelRelabelled() + 20);
    }

    @Test
    void thePivotPassNotesWhatItComparesTheLastLineWith() throws Exception {
        // the pivot pass meets the last line only where a pivot can end at it; on the real data that
        // is one_bi_zs=true, where the last line alone is a pivot and its range compares its two ends
        // (ZsList#noteBuilt). Extending or merging a pivot with the last line (noteAddToEnd,
        // noteCombine) does not occur there at all: those notes complete the rule, no run needs them.
        List<TestData.Row> rows = RestoreEquivalenceTest.rows("backtrader/nvda-1999-2014.csv");
        ChanState st = new ChanState(ChanConfig.fromAssignments(List.of("one_bi_zs=true")), true);
        ZsList zl = st.level.zsList;
        int checked = 0;
        for (TestData.Row r : rows) {
            st.step(r.bar());
            Bi last = st.level.biList.size() == 0 ? null : st.level.biList.last();
            // (the last stroke's object can be the snapshot's that a skip put back: compare places)
            if (last == null || zl.cmp.last == null || zl.cmp.last.idx != last.idx || zl.size() == 0) {
                continue;
            }
            Zs z = zl.zsLst.last();
            if (z.beginBi.idx == last.idx && z.endBi.idx == last.idx) {
                double begin = last.beginVal();
                assertThat(zl.cmp.anyIn(begin, begin)).as("bar %s: the one-line pivot's range", r.time()).isTrue();
                checked++;
            }
        }
        System.out.println("NVDA daily, one_bi_zs=true: pivot notes checked after " + checked + " one-line pivots on the last stroke");
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void recordedComparisonsAreTheOnesThatCanFlip() {
        PriceCmp c = new PriceCmp();
        c.reset(null, 10.0);
        c.note(10.0, 12.0); // the last line's price against another: 12 is noted
        c.note(7.0, 9.0);   // neither side is the last line's price: nothing
        c.note(8.0, 10.0);  // either side
        assertThat(c.anyIn(10.0, 11.5)).isFalse();
        assertThat(c.anyIn(10.0, 12.0)).isTrue();
        assertThat(c.anyIn(8.5, 10.0)).isFalse();
        assertThat(c.anyIn(8.0, 10.0)).isTrue();
        assertThat(c.anyIn(9.0, 9.5)).isFalse();
        // within a feature-sequence walk only once the last line was read
        c.reset(null, 10.0);
        c.noteIfRead(10.0, 12.0);
        assertThat(c.anyIn(10.0, 12.0)).isFalse();
        c.read = true;
        c.noteIfRead(10.0, 12.0);
        assertThat(c.anyIn(10.0, 12.0)).isTrue();
        c.reset(null); // no last line: nothing is ever noted
        c.note(Double.NaN, 1.0);
        assertThat(c.anyIn(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)).isFalse();
    }

    @Test
    void ratioDecisionsThatStandLetPriceMovesRelabel() throws Exception {
        // a type-2 or 2s retracement ratio that read the last line (its amplitude, or its end's distance
        // from the break line's end) is the one decision of the point pass that reads a difference of
        // the moved end price; when each such decision of the last pass comes out the same with the
        // new price, the pivot and point passes are relabelled (BspList#ratioDecisionsStand) at both
        // line levels. With the hook off those moves run the passes; the results are equal.
        ChanState[] r = withAndWithout(l -> {
            l.bspList.reuseRatioDecisions = false;
            l.segBspList.reuseRatioDecisions = false;
        });
        ChanState on = r[0];
        ChanState off = r[1];
        System.out.println("NVDA daily, ratio decisions re-checked: " + on.recomputations() + "; without: " + off.recomputations());
        assertThat(on.recomputations().relabelled()).isGreaterThan(off.recomputations().relabelled() + 50);
        assertThat(on.recomputations().segmentLevelRelabelled()).isGreaterThan(off.recomputations().segmentLevelRelabelled() + 50);
    }

    @Test
    void priceMovesAfterBuildingTheFirstSegmentRedoItsDistanceDecision() throws Exception {
        // NVDA daily has no sure segment of segments for most of its bars, so the segment-of-segments
        // pass builds the first one every time it runs; a price move then needs that pass's one
        // decision on distances (which way the segments reach further from the first one's begin) to
        // come out as before. With the hook off every such move runs the passes; the results are equal
        // (every bar's state against rebuilding is priceMovesEqualRebuildingEveryBar's), the passes
        // left out are not.
        ChanState[] r = withAndWithout(l -> l.skipFirstSegMoves = false);
        ChanState on = r[0];
        ChanState off = r[1];
        System.out.println("NVDA daily, first-segment distance decision redone: " + on.recomputations() + "; without: " + off.recomputations());
        assertThat(on.recomputations().segmentLevelPriceMoves()).isGreaterThan(off.recomputations().segmentLevelPriceMoves() + 150);
        assertThat(on.recomputations().segsegPassSkipped()).isGreaterThan(off.recomputations().segsegPassSkipped() + 150);
        assertThat(on.recomputations().priceMoves()).isGreaterThan(off.recomputations().priceMoves() + 30);
    }

    @Test
    void confirmationsTheSegmentPassReadLeaveThePivotAndPointPassesOutWhenItGivesBackItsSegments() throws Exception {
        // a stroke confirmed where the segment pass reads its flag: that pass runs; the pivot and point
        // passes read no flags, so when it gives back the segments it gave before (value for value)
        // they are fixed points. With the hook off they run; the results are equal (and every bar's
        // state against rebuilding is priceMovesEqualRebuildingEveryBar's).
        ChanState[] r = withAndWithout(l -> l.skipConfirmedSegPass = false);
        ChanState on = r[0];
        ChanState off = r[1];
        System.out.println("NVDA daily, confirmations kept: " + on.recomputations().confirmationsKept());
        assertThat(off.recomputations().confirmationsKept()).isZero();
        assertThat(on.recomputations().confirmationsKept()).isGreaterThan(100);
    }

    @Test
    void theMinuteFileSkipsOftenAndOverSegNever() throws Exception {
        List<TestData.Row> rows = RestoreEquivalenceTest.rows("backtrader/2006-01-02-volume-min-001.csv");
        long[] r = run(rows, RestoreEquivalenceTest.Stream_.chanConfig("default"));
        System.out.println("minute file, default config: " + r[1] + " recomputations and " + r[2]
                + " segment-level recomputations skipped in " + rows.size() + " bars");
        assertThat(r[1]).as("recomputations skipped").isGreaterThan(1000);
        assertThat(r[2]).as("segment-level recomputations skipped").isGreaterThan(2000);
        // most segment-level runs that do run follow a segment end moved to a later bar at an
        // equal price: the segment-of-segments pass is left out of those
        System.out.println("minute file, default config: segment-of-segments pass left out in " + r[3] + " more");
        assertThat(r[3]).as("segment-of-segments passes left out").isGreaterThan(3000);
        // and most stroke-level runs follow a last stroke whose end moved at an equal price: the
        // segment pass is left out of those
        System.out.println("minute file, default config: segment pass left out in " + r[4]);
        assertThat(r[4]).as("segment passes left out").isGreaterThan(3000);
        // in most of those the type-1 decisions on the last stroke stand: its pivots and points are relabelled
        System.out.println("minute file, default config: stroke-level pivot and point passes relabelled in " + r[5]);
        assertThat(r[5]).as("relabelled").isGreaterThan(3000);
        // and so are the segment-level ones after a last segment's end moved at an equal price
        System.out.println("minute file, default config: segment-level pivot and point passes relabelled in " + r[7]);
        assertThat(r[7]).as("segment level relabelled").isGreaterThan(3000);
        // many pivots of a re-run that does run are those of segments whose lines did not change: they
        // are kept (2,826 now that the price moves of priceMovesOverKeptLinesAreRelabelled,
        // ratioDecisionsThatStandLetPriceMovesRelabel and pricesThePassesComparedLetPriceMovesRelabel
        // are relabelled instead of re-run)
        System.out.println("minute file, default config: pivots kept instead of rebuilt: " + r[6]);
        assertThat(r[6]).as("pivots kept").isGreaterThan(2_500);
        // a confirmation the segment pass read runs it, but when it gives back its segments the pivot
        // and point passes are left out
        System.out.println("minute file, default config: pivot and point passes left out after a confirmation: " + r[8]);
        assertThat(r[8]).as("confirmations kept").isGreaterThan(300);
        // a stroke confirmed without any other change does not stop a skip (the passes read its
        // sure flag only through the last sure segment's feature fractal)
        long[] strict = run(rows, RestoreEquivalenceTest.Stream_.chanConfig("default"), false);
        System.out.println("minute file, default config, recomputing whenever a stroke is confirmed: " + strict[1] + " skipped");
        assertThat(r[1]).as("recomputations skipped").isGreaterThan(strict[1] + 500);
        // over_seg extends kept pivots in place: a second run is not a no-op there, so it never skips
        long[] o = run(rows, RestoreEquivalenceTest.Stream_.chanConfig("zs_algo=over_seg"));
        assertThat(o[1]).isZero();
        assertThat(o[2]).isZero();
        assertThat(o[3]).isZero();
        assertThat(o[4]).isZero();
        assertThat(o[5]).isZero();
        assertThat(o[6]).isZero();
        assertThat(o[7]).isZero();
    }
}
