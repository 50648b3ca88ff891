package io.chanflow.jobs.evaluate;

import io.chanflow.jobs.SharedData;
import io.chanflow.jobs.io.BarCsv;
import io.chanflow.state.Bar;
import io.chanflow.state.bars.BarLevel;
import io.chanflow.state.ml.EnsembleConfig;
import io.chanflow.state.outcome.TradeOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluation's protocol on real daily bars (XLK and XLF, chenc319-silverlight in ../shared):
 * labels are learned only once the event time has reached their exit, scores depend on nothing
 * after their confirmation, and the baseline is the (Laplace) WIN share of the labels learned before.
 */
class EvaluateNoLookAheadTest {

    private static List<Series> real;
    private static Evaluation.LevelResult straight;

    @BeforeAll
    static void evaluateTwoSectors() {
        real = List.of(daily("XLK"), daily("XLF"));
        straight = only(Evaluation.run(real, Evaluation.Settings.defaults(),
                Evaluation.ensemble(EnsembleConfig.defaultConfig())));
    }

    static Series daily(String symbol) {
        List<BarCsv.Row> rows = BarCsv.read(SharedData.real("chenc319-silverlight/" + symbol + "_daily.norm.csv"));
        List<Bar> bars = new ArrayList<>();
        List<LocalDate> days = new ArrayList<>();
        for (BarCsv.Row r : rows) {
            bars.add(r.bar());
            days.add(r.time().calendarDay());
        }
        return new Series(symbol, symbol, BarLevel.DAY, bars, days, rows.get(0).timeText(),
                rows.get(rows.size() - 1).timeText());
    }

    private static Evaluation.LevelResult only(List<Evaluation.LevelResult> r) {
        assertThat(r).hasSize(1);
        return r.get(0);
    }

    /** One call the evaluation made on the model, with the evaluation's clock at that moment. */
    private record Call(boolean learn, double[] x, boolean win, long clock) { }

    /** The real ensemble, with every call recorded. */
    private static final class Recording implements Evaluation.Model {
        final Evaluation.Model inner;
        final LongSupplier clock;
        final List<Call> calls = new ArrayList<>();

        Recording(Evaluation.Model inner, LongSupplier clock) {
            this.inner = inner;
            this.clock = clock;
        }

        @Override
        public double score(double[] x) {
            calls.add(new Call(false, x.clone(), false, clock.getAsLong()));
            return inner.score(x);
        }

        @Override
        public void learn(double[] x, boolean win) {
            calls.add(new Call(true, x.clone(), win, clock.getAsLong()));
            inner.learn(x, win);
        }
    }

    @Test
    void shouldLearnEachLabelOnlyOnceTheClockHasReachedItsExitTimeAndAfterItsPointWasScored() {
        List<Recording> models = new ArrayList<>();
        Evaluation.ModelFactory real = Evaluation.ensemble(EnsembleConfig.defaultConfig());
        Evaluation.LevelResult r = only(Evaluation.run(EvaluateNoLookAheadTest.real, Evaluation.Settings.defaults(),
                (level, dim, clock) -> {
                    Recording m = new Recording(real.create(level, dim, clock), clock);
                    models.add(m);
                    return m;
                }));
        assertThat(models).hasSize(1);
        List<Call> calls = models.get(0).calls;
        List<Evaluation.Point> labelled = r.points().stream().filter(p -> !p.open())
                .sorted(Comparator.comparingLong((Evaluation.Point p) -> p.outcome().exitTime())
                        .thenComparing(Evaluation.Point::symbol).thenComparing(Evaluation.Point::signalId)
                        .thenComparingLong(Evaluation.Point::confirmTime))
                .toList();
        List<Integer> learnAt = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).learn()) {
                learnAt.add(i);
            }
        }
        assertThat(labelled).hasSizeGreaterThan(500);
        assertThat(learnAt).hasSize(labelled.size());
        // the recording model saw the scores the evaluation reports
        assertThat(calls.size() - learnAt.size()).isEqualTo(r.points().size());
        for (int k = 0; k < labelled.size(); k++) {
            Evaluation.Point p = labelled.get(k);
            Call learn = calls.get(learnAt.get(k));
            TradeOutcome o = p.outcome();
            assertThat(learn.x()).as(p.signalId()).isEqualTo(p.features().toArray());
            assertThat(learn.win()).isEqualTo(p.win());
            assertThat(learn.clock()).as("never learned before its exit time").isGreaterThanOrEqualTo(o.exitTime());
            assertThat(learn.clock()).as("and learned as soon as its exit bar closed").isEqualTo(o.exitTime());
            assertThat(learn.clock()).isEqualTo(p.learnedAt());
            assertThat(o.exitTime()).isGreaterThanOrEqualTo(p.confirmTime());
            boolean scoredBefore = false;
            for (int i = 0; i < learnAt.get(k); i++) {
                Call c = calls.get(i);
                scoredBefore |= !c.learn() && c.clock() == p.confirmTime() && Arrays.equals(c.x(), learn.x());
            }
            assertThat(scoredBefore).as(p.signalId() + " scored at its confirmation before it was learned").isTrue();
        }
    }

    /** Every bar after {@code t} scaled by 1.37 with 2% noise per bar, volumes re-drawn. */
    private static Series alterAfter(Series s, long t, long seed) {
        Random r = new Random(seed);
        List<Bar> out = new ArrayList<>();
        for (Bar b : s.bars()) {
            if (b.time() <= t) {
                out.add(b);
            } else {
                double f = 1.37 * (1 + 0.02 * r.nextGaussian());
                out.add(new Bar(b.time(), b.open() * f, b.high() * f, b.low() * f, b.close() * f,
                        b.volume() * (0.5 + r.nextDouble())));
            }
        }
        return new Series(s.source(), s.symbol(), s.level(), out, s.days(), s.firstTime(), s.lastTime());
    }

    /** What a point's score rests on: everything known at its confirmation. */
    private record Scored(String symbol, String signalId, long confirmTime, List<String> types, double p,
                          double baselineP, List<Double> features) {
        static Scored of(Evaluation.Point p) {
            return new Scored(p.symbol(), p.signalId(), p.confirmTime(), p.types(), p.p(), p.baselineP(),
                    Arrays.stream(p.features().toArray()).boxed().toList());
        }
    }

    @Test
    void shouldGiveIdenticalScoresAndLabelsUpToTimeTWhenEveryBarAfterTIsAltered() {
        long t = real.get(0).bars().get(4_000).time(); // 2014 of 1998..2025
        List<Series> altered = List.of(alterAfter(real.get(0), t, 1), alterAfter(real.get(1), t, 2));
        Evaluation.LevelResult b = only(Evaluation.run(altered, Evaluation.Settings.defaults(),
                Evaluation.ensemble(EnsembleConfig.defaultConfig())));

        List<Scored> scoredA = straight.points().stream().filter(p -> p.confirmTime() <= t).map(Scored::of).toList();
        List<Scored> scoredB = b.points().stream().filter(p -> p.confirmTime() <= t).map(Scored::of).toList();
        List<TradeOutcome> labelsA = straight.points().stream()
                .filter(p -> !p.open() && p.outcome().exitTime() <= t).map(Evaluation.Point::outcome).toList();
        List<TradeOutcome> labelsB = b.points().stream()
                .filter(p -> !p.open() && p.outcome().exitTime() <= t).map(Evaluation.Point::outcome).toList();
        assertThat(scoredA).hasSizeGreaterThan(500);
        assertThat(labelsA).hasSizeGreaterThan(500);
        assertThat(scoredB).isEqualTo(scoredA);
        assertThat(labelsB).isEqualTo(labelsA);
        // the alteration did reach the model: scores after t differ
        List<Double> afterA = straight.points().stream().filter(p -> p.confirmTime() > t).map(Evaluation.Point::p).toList();
        List<Double> afterB = b.points().stream().filter(p -> p.confirmTime() > t).map(Evaluation.Point::p).toList();
        assertThat(afterA).isNotEmpty();
        assertThat(afterB).isNotEqualTo(afterA);
    }

    @Test
    void shouldGiveTheBaselineTheLaplaceWinShareOfTheLabelsLearnedBeforeEachPointWasConfirmed() {
        List<Evaluation.Point> pts = straight.points();
        for (Evaluation.Point p : pts) {
            int n = 0;
            int wins = 0;
            for (Evaluation.Point q : pts) {
                if (!q.open() && q.learnedAt() < p.confirmTime()) {
                    n++;
                    wins += q.win() ? 1 : 0;
                }
            }
            double expected = (wins + 1.0) / (n + 2.0);
            assertThat(p.baselineP()).as(p.signalId()).isEqualTo(expected);
        }
    }

    @Test
    void shouldScoreEachTradeOnceAndLeaveOnlyTheTradesOpenAtTheEndWithoutALabel() {
        long last = Math.max(real.get(0).bars().get(real.get(0).bars().size() - 1).time(),
                real.get(1).bars().get(real.get(1).bars().size() - 1).time());
        Map<String, Long> perTrade = straight.points().stream().collect(Collectors.groupingBy(
                p -> p.symbol() + p.signalId() + p.confirmTime(), Collectors.counting()));
        assertThat(perTrade.values()).containsOnly(1L);
        for (Evaluation.Point p : straight.points()) {
            if (p.open()) {
                // a trade still open was opened within the horizon (20 bars) of the end
                assertThat(p.confirmTime()).isGreaterThan(last - 40L * 86_400_000L);
                assertThat(p.learnedAt()).isEqualTo(Long.MIN_VALUE);
            } else {
                assertThat(p.outcome().entryTime()).isEqualTo(p.confirmTime());
                assertThat(p.outcome().types()).isEqualTo(p.types());
            }
        }
    }
}
