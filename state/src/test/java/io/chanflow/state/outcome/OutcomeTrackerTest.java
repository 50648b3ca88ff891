package io.chanflow.state.outcome;

import io.chanflow.state.Bar;
import io.chanflow.state.bars.BarLevel;
import io.chanflow.state.signals.Signal;
import io.chanflow.state.signals.SignalStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Hand-built bar sequences with answers worked out on paper. The standard buy: point price (stop)
 * 95, confirmed on a bar closing at 100, so the risk is 5 and the 2R target 110.
 */
class OutcomeTrackerTest {
    private static final OutcomeRules RULES = OutcomeRules.defaults(BarLevel.DAY).withHorizonBars(5);
    private static final long T0 = 1_000_000L;

    private static long t(int i) {
        return T0 + i * 60_000L;
    }

    private static Bar bar(int i, double o, double h, double l, double c) {
        return new Bar(t(i), o, h, l, c, 1000);
    }

    private static Signal signal(String type, boolean buy, double price, SignalStatus st, int causeBar) {
        return signal(type, buy, t(0) - 120_000L, price, st, causeBar);
    }

    private static Signal signal(String type, boolean buy, long pointTime, double price, SignalStatus st, int causeBar) {
        return new Signal(Signal.idOf("T", "day", "bi", pointTime, buy, type), "T", "day", "bi", pointTime, buy, type,
                st, 1, "test", t(causeBar), causeBar, price, "0", Signal.UNSCORED, 0, 0);
    }

    static FeatureVector features(double marker) {
        double[] v = new double[Features.NAMES.size()];
        v[0] = marker;
        return new FeatureVector(Features.SCHEMA_VERSION, v);
    }

    /** Opens the standard buy on bar 0 (close 100, stop 95), then feeds {@code after} as bars 1, 2, ... */
    private static List<LabeledPoint> buyThen(OutcomeTracker tr, Bar... after) {
        Bar entry = bar(0, 99, 101, 98, 100);
        assertThat(tr.onBar(entry)).isEmpty();
        assertThat(tr.onSignal(signal("2", true, 95, SignalStatus.CONFIRMED, 0), entry, features(1))).isEmpty();
        List<LabeledPoint> out = new ArrayList<>();
        for (Bar b : after) {
            out.addAll(tr.onBar(b));
        }
        return out;
    }

    private static TradeOutcome only(List<LabeledPoint> out) {
        assertThat(out).hasSize(1);
        return out.get(0).outcome();
    }

    @Test
    void shouldStopOutABuyWhenALaterBarsLowTouchesThePointPrice() {
        OutcomeTracker tr = new OutcomeTracker("T", "day", RULES);
        TradeOutcome o = only(buyThen(tr, bar(1, 100, 101, 96, 97), bar(2, 97, 98, 94.5, 95), bar(3, 95, 96, 90, 91)));
        assertThat(o.exitReason()).isEqualTo(ExitReason.STOP);
        assertThat(o.entryPrice()).isEqualTo(100);
        assertThat(o.stopPrice()).isEqualTo(95);
        assertThat(o.targetPrice()).isEqualTo(110);
        assertThat(o.exitPrice()).isEqualTo(95);
        assertThat(o.entryTime()).isEqualTo(t(0));
        assertThat(o.exitTime()).isEqualTo(t(2));
        assertThat(o.barsHeld()).isEqualTo(2);
        assertThat(o.returnPct()).isCloseTo(-5, within(1e-12));
        assertThat(o.mfePct()).isCloseTo(1, within(1e-12));
        assertThat(o.maePct()).isCloseTo(5.5, within(1e-12));
        assertThat(o.result()).isEqualTo(TradeResult.LOSS);
        assertThat(tr.openTrades()).isZero();
    }

    @Test
    void shouldTakeTheTargetAtEntryPlusTwiceTheRisk() {
        OutcomeTracker tr = new OutcomeTracker("T", "day", RULES);
        TradeOutcome o = only(buyThen(tr, bar(1, 100, 104, 99, 103), bar(2, 103, 111, 102, 109)));
        assertThat(o.exitReason()).isEqualTo(ExitReason.TARGET);
        assertThat(o.exitPrice()).isEqualTo(110);
        assertThat(o.returnPct()).isCloseTo(10, within(1e-12));
        assertThat(o.mfePct()).isCloseTo(11, within(1e-12));
        assertThat(o.maePct()).isCloseTo(1, within(1e-12));
        assertThat(o.barsHeld()).isEqualTo(2);
        assertThat(o.result()).isEqualTo(TradeResult.WIN);
    }

    @Test
    void shouldCloseAtTheCloseOfTheHorizonBar() {
        OutcomeTracker tr = new OutcomeTracker("T", "day", RULES);
        List<LabeledPoint> out = buyThen(tr, bar(1, 100, 102, 99, 101), bar(2, 101, 103, 100, 102),
                bar(3, 102, 102, 97, 99), bar(4, 99, 101, 98, 100.5), bar(5, 100.5, 104, 100, 103),
                bar(6, 103, 120, 80, 100));
        TradeOutcome o = only(out);
        assertThat(o.exitReason()).isEqualTo(ExitReason.HORIZON);
        assertThat(o.exitTime()).isEqualTo(t(5));
        assertThat(o.exitPrice()).isEqualTo(103);
        assertThat(o.barsHeld()).isEqualTo(5);
        assertThat(o.returnPct()).isCloseTo(3, within(1e-12));
        assertThat(o.mfePct()).isCloseTo(4, within(1e-12));
        assertThat(o.maePct()).isCloseTo(3, within(1e-12));
    }

    @Test
    void shouldCountABarTouchingBothStopAndTargetAsAStop() {
        OutcomeTracker tr = new OutcomeTracker("T", "day", RULES);
        TradeOutcome o = only(buyThen(tr, bar(1, 100, 112, 94, 100)));
        assertThat(o.exitReason()).isEqualTo(ExitReason.STOP);
        assertThat(o.exitPrice()).isEqualTo(95);
        assertThat(o.mfePct()).isCloseTo(12, within(1e-12));
        assertThat(o.maePct()).isCloseTo(6, within(1e-12));
        assertThat(o.result()).isEqualTo(TradeResult.LOSS);
    }

    @Test
    void shouldFillAGapThroughTheStopAtTheOpen() {
        OutcomeTracker tr = new OutcomeTracker("T", "day", RULES);
        TradeOutcome o = only(buyThen(tr, bar(1, 93, 94, 90, 92)));
        assertThat(o.exitReason()).isEqualTo(ExitReason.STOP);
        assertThat(o.exitPrice()).isEqualTo(93);
        assertThat(o.returnPct()).isCloseTo(-7, within(1e-12));
    }

    @Test
    void shouldNeverExitOnTheEntryBarEvenWhenItSpansStopAndTarget() {
        OutcomeTracker tr = new OutcomeTracker("T", "day", RULES);
        Bar entry = bar(0, 100, 120, 80, 100);
        assertThat(tr.onBar(entry)).isEmpty();
        assertThat(tr.onSignal(signal("1", true, 95, SignalStatus.CONFIRMED, 0), entry, features(1))).isEmpty();
        assertThat(tr.openTrades()).isEqualTo(1);
        // the entry bar's extremes are not excursions of the trade either
        TradeOutcome o = only(tr.onBar(bar(1, 100, 111, 99, 110)));
        assertThat(o.exitReason()).isEqualTo(ExitReason.TARGET);
        assertThat(o.barsHeld()).isEqualTo(1);
        assertThat(o.maePct()).isCloseTo(1, within(1e-12));
        assertThat(o.mfePct()).isCloseTo(11, within(1e-12));
        assertThatThrownBy(() -> tr.onBar(bar(1, 100, 101, 99, 100))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not after");
    }

    @Test
    void shouldRequireTheBarToBeFedBeforeItsSignals() {
        OutcomeTracker tr = new OutcomeTracker("T", "day", RULES);
        Bar entry = bar(0, 99, 101, 98, 100);
        assertThatThrownBy(() -> tr.onSignal(signal("1", true, 95, SignalStatus.CONFIRMED, 0), entry, features(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("onBar first");
        tr.onBar(entry);
        assertThatThrownBy(() -> tr.onSignal(signal("1", true, 95, SignalStatus.CONFIRMED, 3), entry, features(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("caused by the bar");
    }

    @Test
    void shouldSignASellPointsReturnSoThatAFallIsAProfit() {
        OutcomeTracker tr = new OutcomeTracker("T", "day", RULES);
        Bar entry = bar(0, 101, 102, 99, 100);
        tr.onBar(entry);
        tr.onSignal(signal("1", false, 105, SignalStatus.CONFIRMED, 0), entry, features(1));
        TradeOutcome o = only(tr.onBar(bar(1, 100, 101, 89, 90)));
        assertThat(o.buy()).isFalse();
        assertThat(o.stopPrice()).isEqualTo(105);
        assertThat(o.targetPrice()).isEqualTo(90);
        assertThat(o.exitReason()).isEqualTo(ExitReason.TARGET);
        assertThat(o.returnPct()).isCloseTo(10, within(1e-12));
        assertThat(o.mfePct()).isCloseTo(11, within(1e-12));
        assertThat(o.maePct()).isCloseTo(1, within(1e-12));
        assertThat(o.result()).isEqualTo(TradeResult.WIN);

        OutcomeTracker tr2 = new OutcomeTracker("T", "day", RULES);
        tr2.onBar(entry);
        tr2.onSignal(signal("1", false, 105, SignalStatus.CONFIRMED, 0), entry, features(1));
        TradeOutcome s = only(tr2.onBar(bar(1, 100, 106, 99, 104)));
        assertThat(s.exitReason()).isEqualTo(ExitReason.STOP);
        assertThat(s.exitPrice()).isEqualTo(105);
        assertThat(s.returnPct()).isCloseTo(-5, within(1e-12));
        assertThat(s.result()).isEqualTo(TradeResult.LOSS);
    }

    @Test
    void shouldLabelReturnsWithinTheFlatThresholdFlat() {
        OutcomeRules oneBar = RULES.withHorizonBars(1);
        assertThat(only(buyThen(new OutcomeTracker("T", "day", oneBar), bar(1, 100, 100.5, 99.5, 100.03))).result())
                .isEqualTo(TradeResult.FLAT);
        assertThat(only(buyThen(new OutcomeTracker("T", "day", oneBar), bar(1, 100, 100.5, 99.5, 99.97))).result())
                .isEqualTo(TradeResult.FLAT);
        assertThat(only(buyThen(new OutcomeTracker("T", "day", oneBar), bar(1, 100, 100.5, 99.5, 100.06))).result())
                .isEqualTo(TradeResult.WIN);
        assertThat(only(buyThen(new OutcomeTracker("T", "day", oneBar), bar(1, 100, 100.5, 99.5, 99.94))).result())
                .isEqualTo(TradeResult.LOSS);
        OutcomeRules tight = oneBar.withFlatPct(0.01);
        assertThat(only(buyThen(new OutcomeTracker("T", "day", tight), bar(1, 100, 100.5, 99.5, 100.03))).result())
                .isEqualTo(TradeResult.WIN);
        assertThat(only(buyThen(new OutcomeTracker("T", "day", tight), bar(1, 100, 100.5, 99.5, 99.97))).result())
                .isEqualTo(TradeResult.LOSS);
    }

    @Test
    void shouldFallBackToATenthOfAPercentRiskWhenThePointPriceIsNotBelowTheEntry() {
        for (double pointPrice : new double[] {100, 101}) {
            OutcomeTracker tr = new OutcomeTracker("T", "day", RULES);
            Bar entry = bar(0, 99, 101.5, 98, 100);
            tr.onBar(entry);
            tr.onSignal(signal("2", true, pointPrice, SignalStatus.CONFIRMED, 0), entry, features(1));
            TradeOutcome o = only(tr.onBar(bar(1, 100, 100.25, 99.95, 100.1)));
            assertThat(o.stopPrice()).isCloseTo(99.9, within(1e-9));
            assertThat(o.targetPrice()).isCloseTo(100.2, within(1e-9));
            assertThat(o.exitReason()).isEqualTo(ExitReason.TARGET);
            assertThat(o.returnPct()).isCloseTo(0.2, within(1e-9));
        }
    }

    @Test
    void shouldMakeOneTradePerPointAndCloseItInvalidatedOnlyWhenEveryTypeIsGone() {
        OutcomeTracker tr = new OutcomeTracker("T", "day", RULES);
        Bar entry = bar(0, 99, 101, 98, 100);
        tr.onBar(entry);
        tr.onSignal(signal("2", true, 95, SignalStatus.CONFIRMED, 0), entry, features(1));
        tr.onSignal(signal("3b", true, 95, SignalStatus.CONFIRMED, 0), entry, features(2));
        assertThat(tr.openTrades()).isEqualTo(1);
        Bar b1 = bar(1, 100, 102, 99, 101);
        assertThat(tr.onBar(b1)).isEmpty();
        assertThat(tr.onSignal(signal("2", true, 95, SignalStatus.INVALIDATED, 1), b1, null)).isEmpty();
        Bar b2 = bar(2, 101, 103, 100, 102.5);
        assertThat(tr.onBar(b2)).isEmpty();
        List<LabeledPoint> out = tr.onSignal(signal("3b", true, 95, SignalStatus.INVALIDATED, 2), b2, null);
        TradeOutcome o = only(out);
        assertThat(o.exitReason()).isEqualTo(ExitReason.INVALIDATED);
        assertThat(o.exitPrice()).isEqualTo(102.5);
        assertThat(o.exitTime()).isEqualTo(t(2));
        assertThat(o.barsHeld()).isEqualTo(2);
        assertThat(o.types()).containsExactly("2", "3b");
        assertThat(o.signalId()).endsWith("/B/2");
        assertThat(o.pointId()).isEqualTo("T/day/bi/" + (t(0) - 120_000L) + "/B");
        // the features are those of the signal that opened the trade
        assertThat(out.get(0).features()).isEqualTo(features(1));
    }

    @Test
    void shouldLetTheStopWinOverAnInvalidationOnTheSameBar() {
        OutcomeTracker tr = new OutcomeTracker("T", "day", RULES);
        List<LabeledPoint> out = buyThen(tr, bar(1, 96, 97, 94, 96.5));
        assertThat(only(out).exitReason()).isEqualTo(ExitReason.STOP);
        assertThat(tr.onSignal(signal("2", true, 95, SignalStatus.INVALIDATED, 1), bar(1, 96, 97, 94, 96.5), null))
                .isEmpty();
    }

    @Test
    void shouldIgnoreProvisionalSignals() {
        OutcomeTracker tr = new OutcomeTracker("T", "day", RULES);
        Bar entry = bar(0, 99, 101, 98, 100);
        tr.onBar(entry);
        assertThat(tr.onSignal(signal("2", true, 95, SignalStatus.PROVISIONAL, 0), entry, null)).isEmpty();
        assertThat(tr.openTrades()).isZero();
    }

    @Test
    void shouldEvictTheOldestTradeAtTheNewEntrysCloseWhenTheCapIsReached() {
        OutcomeTracker tr = new OutcomeTracker("T", "day", RULES.withMaxOpenTrades(2).withHorizonBars(50));
        List<LabeledPoint> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Bar b = bar(i, 99, 103, 98, 100 + i);
            out.addAll(tr.onBar(b));
            out.addAll(tr.onSignal(signal("1", true, t(i) - 1, 90, SignalStatus.CONFIRMED, i), b, features(i)));
            assertThat(tr.openTrades()).isLessThanOrEqualTo(2);
        }
        TradeOutcome o = only(out);
        assertThat(o.exitReason()).isEqualTo(ExitReason.EVICTED);
        assertThat(o.pointTime()).isEqualTo(t(0) - 1);
        assertThat(o.exitPrice()).isEqualTo(102);
        assertThat(o.exitTime()).isEqualTo(t(2));
        assertThat(o.barsHeld()).isEqualTo(2);
        assertThat(tr.evictions()).isEqualTo(1);
    }

    @Test
    void shouldContinueIdenticallyAfterASnapshotAndRestoreMidTrade() {
        OutcomeRules rules = RULES.withHorizonBars(8);
        OutcomeTracker a = new OutcomeTracker("T", "day", rules);
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double c = 100 + 6 * Math.sin(i / 3.0) + (i % 5) * 0.3;
            bars.add(bar(i, c - 0.2, c + 1.1, c - 1.3, c));
        }
        List<LabeledPoint> straight = new ArrayList<>();
        List<LabeledPoint> restored = new ArrayList<>();
        OutcomeTracker b = new OutcomeTracker("T", "day", rules);
        for (int i = 0; i < bars.size(); i++) {
            Bar x = bars.get(i);
            straight.addAll(a.onBar(x));
            restored.addAll(b.onBar(x));
            if (i % 3 == 0) {
                Signal s = signal("1", i % 2 == 0, t(i) - 7, x.close() + (i % 2 == 0 ? -2 : 2), SignalStatus.CONFIRMED, i);
                straight.addAll(a.onSignal(s, x, features(i)));
                restored.addAll(b.onSignal(s, x, features(i)));
            }
            byte[] bytes = b.toBytes();
            b = OutcomeTracker.fromBytes(bytes, "T", "day", rules);
            assertThat(b.toBytes()).isEqualTo(bytes);
        }
        assertThat(straight).hasSizeGreaterThan(8);
        assertThat(restored).isEqualTo(straight);
        assertThatThrownBy(() -> OutcomeTracker.fromBytes(new byte[] {1, 2, 3}, "T", "day", rules))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectInvalidRulesNamingTheField() {
        assertThatThrownBy(() -> new OutcomeRules(0, 2, 0.05, 64, 0.1)).hasMessageContaining("horizonBars");
        assertThatThrownBy(() -> new OutcomeRules(10, 0, 0.05, 64, 0.1)).hasMessageContaining("targetR");
        assertThatThrownBy(() -> new OutcomeRules(10, 2, -1, 64, 0.1)).hasMessageContaining("flatPct");
        assertThatThrownBy(() -> new OutcomeRules(10, 2, Double.NaN, 64, 0.1)).hasMessageContaining("flatPct");
        assertThatThrownBy(() -> new OutcomeRules(10, 2, 0.05, 0, 0.1)).hasMessageContaining("maxOpenTrades");
        assertThatThrownBy(() -> new OutcomeRules(10, 2, 0.05, 64, 0)).hasMessageContaining("fallbackRiskPct");
    }

    @Test
    void shouldGiveEachLevelItsDocumentedDefaultHorizon() {
        int[] expected = {60, 48, 32, 26, 20, 20, 12, 6};
        for (BarLevel l : BarLevel.values()) {
            OutcomeRules r = OutcomeRules.defaults(l.label());
            assertThat(r.horizonBars()).as(l.label()).isEqualTo(expected[l.ordinal()]);
            assertThat(r.targetR()).isEqualTo(2.0);
            assertThat(r.flatPct()).isEqualTo(0.05);
            assertThat(r.maxOpenTrades()).isEqualTo(64);
        }
    }

    @Test
    void shouldSayWhichConfirmedSignalOpenedTheTradeOfItsPointAndForgetItOnceClosed() {
        OutcomeTracker tr = new OutcomeTracker("T", "day", RULES);
        Bar entry = bar(0, 99, 101, 98, 100);
        tr.onBar(entry);
        Signal opener = signal("2", true, 95, SignalStatus.CONFIRMED, 0);
        Signal joiner = signal("2s", true, 95, SignalStatus.CONFIRMED, 0);
        tr.onSignal(opener, entry, features(1));
        tr.onSignal(joiner, entry, features(1));
        assertThat(tr.isOpen(opener.id(), t(0))).isTrue();
        assertThat(tr.isOpen(joiner.id(), t(0))).isFalse();
        assertThat(tr.isOpen(opener.id(), t(1))).isFalse();
        List<LabeledPoint> out = tr.onBar(bar(1, 100, 100, 94, 95)); // stop
        assertThat(only(out).signalId()).isEqualTo(opener.id());
        assertThat(tr.isOpen(opener.id(), t(0))).isFalse();
    }
}
