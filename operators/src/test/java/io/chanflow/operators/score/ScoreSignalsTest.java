package io.chanflow.operators.score;

import io.chanflow.operators.chan.OutcomeEvent;
import io.chanflow.operators.chan.SignalEvent;
import io.chanflow.state.ml.Ensemble;
import io.chanflow.state.ml.EnsembleConfig;
import io.chanflow.state.outcome.ExitReason;
import io.chanflow.state.outcome.Features;
import io.chanflow.state.outcome.TradeOutcome;
import io.chanflow.state.outcome.TradeResult;
import io.chanflow.state.signals.Signal;
import io.chanflow.state.signals.SignalStatus;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ScoreSignals} in Flink's keyed two-input operator harness on RocksDB: the ordering rule
 * (delayed labels, same-bar trades, fixed order within an instant), pass-through of unconfirmed
 * revisions, snapshot → new operator → restore, and no state or timers left behind.
 */
class ScoreSignalsTest {
    private static final long MIN = 60_000L;
    private static final long T0 = 1_381_152_600_000L; // 2013-10-07 13:30 UTC
    private static final int DIM = Features.NAMES.size();

    private static final KeySelector<SignalEvent, String> SIGNAL_LEVEL = e -> e.signal().level();
    private static final KeySelector<OutcomeEvent, String> OUTCOME_LEVEL = e -> e.outcome().level();

    private static KeyedTwoInputStreamOperatorTestHarness<String, SignalEvent, OutcomeEvent, Signal> harness(
            long lateness) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new ScoreSignals(lateness, Map.of())), SIGNAL_LEVEL, OUTCOME_LEVEL,
                Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    /** Feature vectors that differ from bar to bar, deterministic. */
    private static double[] x(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    /** A revision of a buy point of {@code symbol} caused by the 1m bar starting at {@code causeTime}. */
    private static Signal signal(String symbol, String type, long causeTime, SignalStatus st, int revision) {
        long point = causeTime - 5 * MIN;
        return new Signal(Signal.idOf(symbol, "1m", "bi", point, true, type), symbol, "1m", "bi", point, true, type, st,
                revision, "test", causeTime, (causeTime - T0) / MIN, 100.0, "0123456789abcdef", Signal.UNSCORED, 0, 0);
    }

    private static SignalEvent event(Signal s, double[] f) {
        return new SignalEvent(s, f, f == null ? 0 : Features.SCHEMA_VERSION, s.causeTime() + MIN);
    }

    private static SignalEvent confirmed(String symbol, long causeTime, double[] f) {
        return event(signal(symbol, "2", causeTime, SignalStatus.CONFIRMED, 2), f);
    }

    /** A trade of {@code symbol} entered at the 1m bar {@code entryTime}, closed by the bar {@code exitTime}. */
    private static OutcomeEvent outcome(String symbol, long entryTime, long exitTime, boolean win, double[] f) {
        long point = entryTime - 5 * MIN;
        TradeOutcome o = new TradeOutcome(Signal.idOf(symbol, "1m", "bi", point, true, "2"), symbol, "1m", "bi", point,
                true, List.of("2"), entryTime, 100, 99, 102, exitTime, win ? 102 : 99, win ? 2 : -1, win ? 2 : 0,
                win ? 0 : 1, (int) ((exitTime - entryTime) / MIN), win ? TradeResult.WIN : TradeResult.LOSS,
                win ? ExitReason.TARGET : ExitReason.STOP);
        return new OutcomeEvent(o, f, Features.SCHEMA_VERSION, exitTime + MIN);
    }

    private static Ensemble fresh() {
        return new Ensemble(DIM, EnsembleConfig.defaultConfig());
    }

    private static void learn(Ensemble m, OutcomeEvent o) {
        m.learn(o.features(), o.win());
    }

    @Test
    void shouldNotLearnAnOutcomeBeforeTheSignalsKnownEarlierAreScored() throws Exception {
        OutcomeEvent early = outcome("SPY", T0, T0 + 4 * MIN, true, x(1));        // known at T0+5m
        SignalEvent atEarly = confirmed("AIG", T0 + 4 * MIN, x(2));              // known at T0+5m: learns `early` first
        SignalEvent s = confirmed("SPY", T0 + 6 * MIN, x(3));                    // known at T0+7m
        OutcomeEvent later = outcome("SPY", T0 + 2 * MIN, T0 + 7 * MIN, false, x(4)); // known at T0+8m: after s

        try (var h = harness(0)) {
            h.open();
            // the label that comes later in event time arrives first
            h.processElement2(new StreamRecord<>(later, later.knownAt()));
            h.processElement1(new StreamRecord<>(s, s.knownAt()));
            h.processElement2(new StreamRecord<>(early, early.knownAt()));
            h.processElement1(new StreamRecord<>(atEarly, atEarly.knownAt()));
            assertThat(h.extractOutputValues()).isEmpty();
            h.processBothWatermarks(new Watermark(T0 + 10 * MIN));
            List<Signal> out = h.extractOutputValues();

            Ensemble ref = fresh();
            learn(ref, early);
            double pAtEarly = ref.score(atEarly.features()).p();
            double pS = ref.score(s.features()).p();
            Ensemble leaked = fresh();
            learn(leaked, early);
            learn(leaked, later);
            assertThat(leaked.score(s.features()).p()).as("the test can tell a leak").isNotEqualTo(pS);

            assertThat(out).extracting(Signal::id).containsExactly(atEarly.signal().id(), s.signal().id());
            assertThat(out.get(0).score()).isEqualTo(pAtEarly);
            assertThat(out.get(1).score()).isEqualTo(pS);
            assertThat(out).allSatisfy(o -> {
                assertThat(o.modelVersion()).isZero();
                assertThat(o.featureSchemaVersion()).isEqualTo(Features.SCHEMA_VERSION);
            });
            assertThat(out.get(1).withScore(Signal.UNSCORED, 0, 0)).isEqualTo(s.signal());
            assertNothingLeft(h, 1);
        }
    }

    @Test
    void shouldScoreOnlyOnceTheWatermarkPassesTheBarEndPlusTheAllowedLateness() throws Exception {
        SignalEvent s = confirmed("SPY", T0, x(5)); // known at T0+1m, due at T0+1m+30s
        try (var h = harness(30_000)) {
            h.open();
            h.processElement1(new StreamRecord<>(s, s.knownAt()));
            h.processBothWatermarks(new Watermark(s.knownAt() + 29_999));
            assertThat(h.extractOutputValues()).isEmpty();
            h.processBothWatermarks(new Watermark(s.knownAt() + 30_000));
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(o -> assertThat(o.score()).isEqualTo(fresh().score(s.features()).p()));
            assertNothingLeft(h, 0);
        }
    }

    @Test
    void shouldScoreASignalBeforeLearningATradeThatClosedOnItsOwnEntryBar() throws Exception {
        SignalEvent s = confirmed("SPY", T0 + 3 * MIN, x(6));
        OutcomeEvent other = outcome("AIG", T0, T0 + 3 * MIN, true, x(7));            // same instant, earlier entry
        OutcomeEvent own = outcome("SPY", T0 + 3 * MIN, T0 + 3 * MIN, false, x(8));   // closed on its entry bar
        try (var h = harness(0)) {
            h.open();
            h.processElement2(new StreamRecord<>(own, own.knownAt()));
            h.processElement2(new StreamRecord<>(other, other.knownAt()));
            h.processElement1(new StreamRecord<>(s, s.knownAt()));
            h.processBothWatermarks(new Watermark(s.knownAt()));
            Ensemble ref = fresh();
            learn(ref, other);
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(o -> assertThat(o.score()).isEqualTo(ref.score(s.features()).p()));
            // both were learned afterwards, `own` last
            learn(ref, own);
            SignalEvent next = confirmed("SPY", T0 + 4 * MIN, x(9));
            h.processElement1(new StreamRecord<>(next, next.knownAt()));
            h.processBothWatermarks(new Watermark(next.knownAt()));
            assertThat(h.extractOutputValues().get(1).score()).isEqualTo(ref.score(next.features()).p());
            assertNothingLeft(h, 1);
        }
    }

    @Test
    void shouldPassUnconfirmedRevisionsThroughUnscoredInAFixedOrderWithinAnInstant() throws Exception {
        long t = T0 + 10 * MIN;
        List<SignalEvent> in = List.of(
                event(signal("SPY", "3b", t, SignalStatus.INVALIDATED, 3), null),
                confirmed("SPY", t, x(10)),
                event(signal("AIG", "1", t, SignalStatus.PROVISIONAL, 1), null),
                event(signal("SPY", "3b", t, SignalStatus.PROVISIONAL, 2), null),
                confirmed("AIG", t, x(11)));
        try (var h = harness(0)) {
            h.open();
            for (SignalEvent e : in) {
                h.processElement1(new StreamRecord<>(e, e.knownAt()));
            }
            h.processBothWatermarks(new Watermark(t + MIN));
            List<Signal> out = h.extractOutputValues();
            List<Signal> expected = in.stream().sorted(ScoreSignals.scoreOrder()).map(SignalEvent::signal).toList();
            assertThat(out).extracting(o -> o.symbol() + " " + o.type() + " r" + o.revision()).containsExactly(
                    "AIG 1 r1", "AIG 2 r2", "SPY 2 r2", "SPY 3b r2", "SPY 3b r3");
            assertThat(out).extracting(o -> o.withScore(Signal.UNSCORED, 0, 0)).containsExactlyElementsOf(expected);
            for (Signal o : out) {
                assertThat(o.featureSchemaVersion()).isEqualTo(Features.SCHEMA_VERSION);
                assertThat(o.modelVersion()).isZero();
                if (o.status() == SignalStatus.CONFIRMED) {
                    assertThat(o.score()).isStrictlyBetween(0.0, 1.0);
                } else {
                    assertThat(o.score()).isNaN();
                }
            }
            assertNothingLeft(h, 0);
        }
    }

    /** A long mixed stream: signals and outcomes of three symbols over 300 minutes, in a scrambled arrival order per minute. */
    private static List<Object> stream() {
        SplittableRandom r = new SplittableRandom(42);
        List<Object> out = new ArrayList<>();
        String[] symbols = {"SPY", "AIG", "BAC"};
        for (int m = 10; m < 310; m++) {
            List<Object> minute = new ArrayList<>();
            for (String sym : symbols) {
                long t = T0 + m * MIN;
                if (r.nextInt(3) == 0) {
                    minute.add(confirmed(sym, t, x(m * 31L + sym.hashCode())));
                }
                if (r.nextInt(4) == 0) {
                    minute.add(event(signal(sym, "3a", t, SignalStatus.PROVISIONAL, 1), null));
                }
                if (r.nextInt(3) == 0) {
                    long entry = t - (1 + r.nextInt(9)) * MIN;
                    double[] f = x(entry * 7 + sym.hashCode());
                    minute.add(outcome(sym, entry, t, f[0] + 0.5 * f[1] > 0, f));
                }
            }
            // arrival order within a minute is free (two upstream subtasks)
            for (int i = minute.size() - 1; i > 0; i--) {
                java.util.Collections.swap(minute, i, r.nextInt(i + 1));
            }
            out.addAll(minute);
            out.add(new Watermark(T0 + (m + 1) * MIN));
        }
        return out;
    }

    private static void feed(KeyedTwoInputStreamOperatorTestHarness<String, SignalEvent, OutcomeEvent, Signal> h,
                             List<Object> items) throws Exception {
        for (Object o : items) {
            if (o instanceof SignalEvent e) {
                h.processElement1(new StreamRecord<>(e, e.knownAt()));
            } else if (o instanceof OutcomeEvent e) {
                h.processElement2(new StreamRecord<>(e, e.knownAt()));
            } else {
                h.processBothWatermarks((Watermark) o);
            }
        }
    }

    @Test
    void shouldGiveIdenticalScoresAfterSnapshotAndRestoreIntoANewOperator() throws Exception {
        List<Object> all = stream();
        List<Signal> uninterrupted;
        try (var h = harness(0)) {
            h.open();
            feed(h, all);
            uninterrupted = h.extractOutputValues();
            assertNothingLeft(h, 1);
        }
        assertThat(uninterrupted).hasSizeGreaterThan(200);
        assertThat(uninterrupted.stream().filter(Signal::scored).map(Signal::score).distinct().count())
                .as("the model learns: scores vary").isGreaterThan(50);

        // reference: a plain Ensemble fed in the documented order (no same-bar trades in this stream)
        Ensemble ref = fresh();
        List<Signal> expected = new ArrayList<>();
        List<OutcomeEvent> outcomes = new ArrayList<>();
        List<SignalEvent> signals = new ArrayList<>();
        for (Object o : all) {
            if (o instanceof OutcomeEvent e) {
                outcomes.add(e);
            } else if (o instanceof SignalEvent e) {
                signals.add(e);
            }
        }
        outcomes.sort(ScoreSignals.learnOrder());
        signals.sort(ScoreSignals.scoreOrder());
        int oi = 0;
        for (SignalEvent s : signals) {
            while (oi < outcomes.size() && outcomes.get(oi).knownAt() <= s.knownAt()) {
                learn(ref, outcomes.get(oi++));
            }
            double p = s.features() == null ? Signal.UNSCORED : ref.score(s.features()).p();
            expected.add(s.signal().withScore(p, ref.modelVersion(), Features.SCHEMA_VERSION));
        }
        assertThat(uninterrupted).containsExactlyElementsOf(expected);

        for (int cut : new int[] {1, all.size() / 3, all.size() / 2 + 7, all.size() - 2}) {
            List<Signal> out = new ArrayList<>();
            OperatorSubtaskState snap;
            try (var h = harness(0)) {
                h.open();
                feed(h, all.subList(0, cut));
                out.addAll(h.extractOutputValues());
                snap = h.snapshot(1L, 1L);
            }
            try (var h = harness(0)) {
                h.setup();
                h.initializeState(snap);
                h.open();
                feed(h, all.subList(cut, all.size()));
                out.addAll(h.extractOutputValues());
                assertNothingLeft(h, 1);
            }
            assertThat(out).as("cut at " + cut).containsExactlyElementsOf(uninterrupted);
        }
    }

    /** No waiting inputs, no timers; only the model of each level that learned something. */
    private static void assertNothingLeft(
            KeyedTwoInputStreamOperatorTestHarness<String, SignalEvent, OutcomeEvent, Signal> h, int models) {
        assertThat(h.numEventTimeTimers()).isZero();
        var backend = h.getOperator().getKeyedStateBackend();
        for (String state : List.of("pending-signals", "pending-outcomes")) {
            try (Stream<Object> keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
                assertThat(keys.count()).as(state).isZero();
            }
        }
        try (Stream<Object> keys = backend.getKeys("model", VoidNamespace.INSTANCE)) {
            assertThat(keys.count()).as("levels with a model").isEqualTo(models);
        }
    }
}
