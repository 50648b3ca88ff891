package io.chanflow.state.outcome;

import io.chanflow.state.Bar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Features and outcomes on a real series: SPY hourly bars (QuantConnect Lean sample data,
 * ../shared/data/real/quantconnect-lean, see PROVENANCE.md) with SPY daily bars as the next-higher
 * level. The data must be there: a missing file fails the test.
 */
class RealSeriesOutcomeTest {
    private static final String HOURLY = "quantconnect-lean/SPY_60m_19980102_20210331.norm.csv";
    private static final String DAILY = "quantconnect-lean/SPY_daily.norm.csv";
    /** About nine years of hourly bars (1998 to 2007). */
    private static final int BARS = 15_000;

    private static List<Bar> hourly;
    private static List<Bar> daily;

    @BeforeAll
    static void load() throws Exception {
        hourly = TwoLevelRun.bars(HOURLY).subList(0, BARS);
        daily = TwoLevelRun.bars(DAILY);
    }

    private static TwoLevelRun.Result run(List<Bar> lower, List<Bar> higher, OutcomeRules rules, int restoreEvery) {
        return TwoLevelRun.run("SPY", "60m", lower, "day", higher, rules, restoreEvery);
    }

    /** Every bar after {@code t} scaled by 1.37 and shaken by 2% noise per bar; volumes re-drawn. */
    private static List<Bar> alterAfter(List<Bar> bars, long t, long seed) {
        Random r = new Random(seed);
        List<Bar> out = new ArrayList<>(bars.size());
        for (Bar b : bars) {
            if (b.time() <= t) {
                out.add(b);
            } else {
                double f = 1.37 * (1 + 0.02 * r.nextGaussian());
                out.add(new Bar(b.time(), b.open() * f, b.high() * f, b.low() * f, b.close() * f,
                        b.volume() * (0.5 + r.nextDouble())));
            }
        }
        return out;
    }

    @Test
    void shouldNotLetAnyBarAfterTimeTChangeTheFeaturesOrOutcomesKnownByT() {
        long t = hourly.get(9_000).time();
        OutcomeRules rules = OutcomeRules.defaults("60m");
        TwoLevelRun.Result a = run(hourly, daily, rules, 0);
        TwoLevelRun.Result b = run(alterAfter(hourly, t, 1), alterAfter(daily, t, 2), rules, 0);

        List<TwoLevelRun.Confirmed> ca = a.confirmed().stream().filter(c -> c.causeTime() <= t).toList();
        List<TwoLevelRun.Confirmed> cb = b.confirmed().stream().filter(c -> c.causeTime() <= t).toList();
        List<TwoLevelRun.Closed> oa = a.closed().stream().filter(c -> c.point().outcome().exitTime() <= t).toList();
        List<TwoLevelRun.Closed> ob = b.closed().stream().filter(c -> c.point().outcome().exitTime() <= t).toList();
        assertThat(ca).hasSizeGreaterThan(300);
        assertThat(oa).hasSizeGreaterThan(300);
        assertThat(cb).isEqualTo(ca);
        assertThat(ob).isEqualTo(oa);
        // everything is stamped with the bar that produced it: nothing about time <= t comes out later
        for (TwoLevelRun.Result r : List.of(a, b)) {
            for (TwoLevelRun.Confirmed c : r.confirmed()) {
                assertThat(c.emittedAt()).isEqualTo(c.causeTime());
            }
            for (TwoLevelRun.Closed c : r.closed()) {
                assertThat(c.emittedAt()).isEqualTo(c.point().outcome().exitTime());
            }
        }
        // and the alteration did change what came after t
        assertThat(b.closed().stream().filter(c -> c.point().outcome().exitTime() > t).toList())
                .isNotEqualTo(a.closed().stream().filter(c -> c.point().outcome().exitTime() > t).toList());
        // the higher level is wired in: both directions and some nested-interval confirmations occur
        int dir = Features.NAMES.indexOf("higher_dir");
        int nested = Features.NAMES.indexOf("nested");
        assertThat(ca.stream().map(c -> c.features().get(dir)).distinct()).contains(1.0, -1.0);
        assertThat(ca.stream().filter(c -> c.features().get(nested) == 1).count()).isGreaterThan(10);

        Map<TradeResult, Integer> counts = new EnumMap<>(TradeResult.class);
        Map<ExitReason, Integer> reasons = new EnumMap<>(ExitReason.class);
        for (TwoLevelRun.Closed c : a.closed()) {
            counts.merge(c.point().outcome().result(), 1, Integer::sum);
            reasons.merge(c.point().outcome().exitReason(), 1, Integer::sum);
        }
        System.out.printf("SPY 60m, %d bars: %d confirmed signals, %d outcomes %s %s%n", BARS, a.confirmed().size(),
                a.closed().size(), counts, reasons);
        assertThat(counts.keySet()).containsExactlyInAnyOrder(TradeResult.values());
    }

    @Test
    void shouldContinueIdenticallyWhenEveryStateIsRestoredFromItsBytesEvery97Bars() {
        List<Bar> lower = hourly.subList(0, 8_000);
        OutcomeRules rules = OutcomeRules.defaults("60m");
        TwoLevelRun.Result straight = run(lower, daily, rules, 0);
        TwoLevelRun.Result restored = run(lower, daily, rules, 97);
        assertThat(straight.closed()).hasSizeGreaterThan(200);
        assertThat(restored.confirmed()).isEqualTo(straight.confirmed());
        assertThat(restored.closed()).isEqualTo(straight.closed());
    }

    @Test
    void shouldKeepOpenTradesUnderTheCapAndTheStateBytesBounded() {
        OutcomeRules rules = OutcomeRules.defaults("60m").withHorizonBars(400).withMaxOpenTrades(3);
        TwoLevelRun.Result r = run(hourly.subList(0, 6_000), daily, rules, 50);
        assertThat(r.maxOpen()).isLessThanOrEqualTo(3);
        assertThat(r.evictions()).isGreaterThan(0);
        assertThat(r.closed().stream().filter(c -> c.point().outcome().exitReason() == ExitReason.EVICTED).count())
                .isEqualTo(r.evictions());
        // 3 trades of ~330 bytes (id, prices, 30 features) plus a header
        assertThat(r.trackerBytesMax()).isLessThan(1_100);
        assertThat(r.windowBytes()).isEqualTo(IndicatorWindow.DEFAULT_CAPACITY * 40 + 21);
    }

    @Test
    void shouldComputeRsiAndAtrFeaturesFromExactlyTheLast200BarsUpToTheConfirmingBar() {
        List<Bar> lower = hourly.subList(0, 3_000);
        TwoLevelRun.Result r = run(lower, daily, OutcomeRules.defaults("60m"), 0);
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < lower.size(); i++) {
            index.put(lower.get(i).time(), i);
        }
        int rsi = Features.NAMES.indexOf("rsi14");
        int atr = Features.NAMES.indexOf("atr14_pct");
        assertThat(r.confirmed()).hasSizeGreaterThan(50);
        for (TwoLevelRun.Confirmed c : r.confirmed()) {
            int i = index.get(c.causeTime());
            List<Bar> w = lower.subList(Math.max(0, i - 199), i + 1);
            double gain = 0;
            double loss = 0;
            double atrV = w.get(0).high() - w.get(0).low();
            for (int j = 1; j < w.size(); j++) {
                Bar x = w.get(j);
                double pc = w.get(j - 1).close();
                double d = x.close() - pc;
                gain += (Math.max(d, 0) - gain) / 14;
                loss += (Math.max(-d, 0) - loss) / 14;
                double tr = Math.max(x.high() - x.low(), Math.max(Math.abs(x.high() - pc), Math.abs(pc - x.low())));
                atrV += (tr - atrV) / 14;
            }
            double expectedRsi = loss == 0 ? (gain == 0 ? 0 : 100) : 100 - 100 / (1 + gain / loss);
            assertThat(c.features().get(rsi)).as(c.signalId()).isCloseTo(expectedRsi, within(1e-9));
            assertThat(c.features().get(atr)).as(c.signalId())
                    .isCloseTo(atrV / w.get(w.size() - 1).close() * 100, within(1e-9));
        }
    }
}
