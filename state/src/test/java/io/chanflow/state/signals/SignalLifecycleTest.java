package io.chanflow.state.signals;

import io.chanflow.state.Bar;
import io.chanflow.state.BspType;
import io.chanflow.state.ChanConfig;
import io.chanflow.state.ChanEngine;
import io.chanflow.state.ChanEvent;
import io.chanflow.state.ChanState;
import io.chanflow.state.ChanHistory;
import io.chanflow.state.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signal lifecycles on real series, checked against the engine's own event stream and final
 * picture (ChanHistory), which are exact against chan.py.
 */
class SignalLifecycleTest {

    private static List<Bar> bars(String file) throws Exception {
        List<Bar> out = new ArrayList<>();
        for (TestData.Row r : TestData.readBars(TestData.real(file))) {
            out.add(r.bar());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"backtrader/2006-01-02-volume-min-001.csv", "backtrader/nvda-1999-2014.csv",
            "quantconnect-lean/SPY_1m_20131004_20131011.norm.csv"})
    void shouldGiveEveryPointTypeOneLifecycleWhoseEndStateMatchesTheEngine(String file) throws Exception {
        ChanConfig cfg = ChanConfig.of(Map.of("divergence_rate", "0.9"));
        LevelChan lc = LevelChan.create("X", "1m", cfg);
        // an independent engine run gives the full picture, buy/sell points included
        ChanEngine engine = new ChanEngine(cfg);
        ChanState raw = engine.newState();
        ChanHistory history = new ChanHistory();
        Map<String, Signal> last = new HashMap<>();
        int adds = 0;
        int confirms = 0;
        int invalidations = 0;
        for (Bar b : bars(file)) {
            long index = lc.barCount();
            LevelChan.Output out = lc.onBar(b);
            List<ChanEvent> ev = engine.step(raw, b).events();
            history.accept(ev);
            List<ChanEvent> nonBsp = ev.stream().filter(e -> !(e instanceof ChanEvent.BspEvent)).toList();
            assertThat(out.structures().stream().map(Structure::event).toList()).isEqualTo(nonBsp);
            for (Signal s : out.signals()) {
                assertThat(s.causeBar()).isEqualTo(index);
                assertThat(s.causeTime()).isEqualTo(b.time());
                assertThat(s.pointTime()).isLessThanOrEqualTo(b.time());
                Signal prev = last.get(s.id());
                // revisions grow by exactly one per published change of an id
                assertThat(s.revision()).as(s.id()).isEqualTo(prev == null ? 1 : prev.revision() + 1);
                if (prev != null) {
                    // every revision changes the status, and a confirmed point is never downgraded
                    assertThat(s.status()).as("no-op revision of " + s.id()).isNotEqualTo(prev.status());
                    if (prev.status() == SignalStatus.CONFIRMED) {
                        assertThat(s.status()).as(s.id()).isEqualTo(SignalStatus.INVALIDATED);
                    }
                }
                switch (s.status()) {
                    case PROVISIONAL -> adds++;
                    case CONFIRMED -> confirms++;
                    case INVALIDATED -> invalidations++;
                }
                last.put(s.id(), s);
            }
        }
        assertThat(lc.tracker().unknownRemovals()).isZero();
        assertThat(adds).isPositive();
        assertThat(confirms).isPositive();
        assertThat(invalidations).isPositive();

        // ids alive at the end == the engine's final points, type by type
        Set<String> alive = new HashSet<>();
        for (Signal s : last.values()) {
            if (s.status() != SignalStatus.INVALIDATED) {
                alive.add(s.id());
            }
        }
        Set<String> expected = new HashSet<>();
        for (ChanHistory.Point p : history.points()) {
            for (BspType t : p.types()) {
                expected.add(Signal.idOf("X", "1m", p.level() == ChanEvent.BspLevel.BI ? "bi" : "seg", p.time(),
                        p.isBuy(), t.label()));
            }
        }
        assertThat(alive).isEqualTo(expected);

        // points at the end of a sure line are CONFIRMED, on the last unsure line PROVISIONAL
        for (ChanEvent.LineLevel ll : List.of(ChanEvent.LineLevel.BI, ChanEvent.LineLevel.SEG)) {
            List<ChanEvent.Line> lines = history.lines(ll);
            String scope = ll == ChanEvent.LineLevel.BI ? "bi" : "seg";
            for (Signal s : last.values()) {
                if (!s.scope().equals(scope) || s.status() == SignalStatus.INVALIDATED) {
                    continue;
                }
                ChanEvent.Line at = lines.stream().filter(l -> l.endTime() == s.pointTime()).findFirst().orElseThrow(
                        () -> new AssertionError("no " + scope + " line ends at point " + s.id()));
                assertThat(s.status()).as(s.id()).isEqualTo(at.sure() ? SignalStatus.CONFIRMED : SignalStatus.PROVISIONAL);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 97, 1000, 4001})
    void shouldContinueIdenticallyAfterSerializeAndRestore(int split) throws Exception {
        ChanConfig cfg = ChanConfig.defaults();
        List<Bar> bars = bars("backtrader/2006-01-02-volume-min-001.csv").subList(0, 6000);
        LevelChan a = LevelChan.create("X", "1m", cfg);
        LevelChan b = LevelChan.create("X", "1m", cfg);
        List<Object> outA = new ArrayList<>();
        List<Object> outB = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            LevelChan.Output oa = a.onBar(bars.get(i));
            outA.addAll(oa.signals());
            outA.addAll(oa.structures());
            if (i == split) {
                b = LevelChan.fromBytes(b.toBytes(), "X", "1m", cfg);
            }
            LevelChan.Output ob = b.onBar(bars.get(i));
            outB.addAll(ob.signals());
            outB.addAll(ob.structures());
        }
        assertThat(outB).isEqualTo(outA);
        assertThat(b.toBytes()).isEqualTo(a.toBytes());
    }
}
