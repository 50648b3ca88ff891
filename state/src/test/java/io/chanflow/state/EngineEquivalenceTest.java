package io.chanflow.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property tests on real series: bar-by-bar equals a fresh (batch) run on every checked prefix,
 * and serialize → restore → continue equals never stopping.
 */
class EngineEquivalenceTest {

    static List<TestData.Row> rows(String rel) throws Exception {
        return TestData.readBars(TestData.real(rel));
    }

    @ParameterizedTest
    @ValueSource(strings = {"backtrader/orcl-1995-2014.csv", "quantconnect-lean/SPY_1m_20131004_20131011.norm.csv",
            "backtrader/2006-01-02-volume-min-001.csv"})
    void shouldEqualAFreshBatchRunOnEveryCheckedPrefix(String file) throws Exception {
        List<TestData.Row> rows = rows(file);
        ChanState st = new ChanState(ChanConfig.defaults(), true);
        ChanHistory hist = new ChanHistory();
        int checks = 0;
        int step = Math.max(1, rows.size() / 12);
        for (int i = 0; i < rows.size(); i++) {
            hist.accept(st.step(rows.get(i).bar()));
            int n = i + 1;
            if (n % step == 0 || n == rows.size() || n == 37) {
                ChanState batch = new ChanState(ChanConfig.defaults(), false);
                ChanHistory bh = new ChanHistory();
                for (int j = 0; j < n; j++) {
                    bh.accept(batch.step(rows.get(j).bar()));
                }
                bh.accept(batch.finishBatch());
                for (ChanEvent.LineLevel lv : ChanEvent.LineLevel.values()) {
                    assertThat(hist.lines(lv)).as("%s after %d bars", lv, n).isEqualTo(bh.lines(lv));
                }
                for (ChanEvent.PivotLevel lv : ChanEvent.PivotLevel.values()) {
                    assertThat(hist.pivots(lv)).as("pivots %s after %d bars", lv, n).isEqualTo(bh.pivots(lv));
                }
                assertThat(hist.points()).as("points after %d bars", n).isEqualTo(bh.points());
                checks++;
            }
        }
        assertThat(checks).isGreaterThanOrEqualTo(12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"backtrader/nvda-1999-2014.csv", "quantconnect-lean/SPY_1m_20131004_20131011.norm.csv",
            "backtrader/2006-01-02-volume-min-001.csv", "chenc319-silverlight/XLE_daily.norm.csv"})
    void shouldContinueIdenticallyAfterSerializeAndRestore(String file) throws Exception {
        List<TestData.Row> rows = rows(file);
        ChanConfig cfg = ChanConfig.defaults();
        ChanState a = new ChanState(cfg, true);
        ChanState b = new ChanState(cfg, true);
        int restores = 0;
        for (int i = 0; i < rows.size(); i++) {
            Bar bar = rows.get(i).bar();
            List<ChanEvent> ea = a.step(bar);
            List<ChanEvent> eb = b.step(bar);
            assertThat(eb).as("events of bar %d", i).isEqualTo(ea);
            if (i % 53 == 7) {
                assertThat(a.checkPublished()).as("published view complete at bar %d", i).isNull();
                byte[] bytes = b.toBytes();
                b = ChanState.fromBytes(bytes, cfg);
                assertThat(b.toBytes()).as("round trip is stable at bar %d", i).isEqualTo(bytes);
                restores++;
            }
        }
        assertThat(restores).isGreaterThan(10);
        // the goal for one level at steady state (the 1-minute file ends at about 46 KB)
        assertThat(a.toBytes().length).as("serialized state after the last bar").isLessThanOrEqualTo(100_000);
    }

    /**
     * The per-bar diff looks only where something can have changed (the last strokes; segments
     * only after a recomputation, a stroke change or when a segment ends at a line that left its
     * list). After every bar the published view must equal a full comparison of every line,
     * pivot and point; gap_as_kl makes segments end at removed strokes that still take bars.
     */
    @ParameterizedTest
    @ValueSource(strings = {"marcusschiesser-intraday/XLB_1m_20191217_20191224.norm.csv|gap_as_kl=true",
            "quantconnect-lean/IBM_1m_20131004_20131011.norm.csv|gap_as_kl=true",
            "quantconnect-lean/IBM_1m_20131004_20131011.norm.csv|",
            "backtrader/nvda-1999-2014.csv|"})
    void shouldPublishEveryChangeOnTheBarItHappens(String spec) throws Exception {
        String[] p = spec.split("\\|", -1);
        ChanConfig cfg = ChanConfig.fromAssignments(p[1].isEmpty() ? List.of() : List.of(p[1]));
        ChanState st = new ChanState(cfg, true);
        List<TestData.Row> rows = rows(p[0]);
        for (int i = 0; i < rows.size(); i++) {
            st.step(rows.get(i).bar());
            assertThat(st.checkPublished()).as("%s: published view complete after bar %d", spec, i).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"backtrader/orcl-1995-2014.csv"})
    void shouldRejectAStateWrittenWithAnotherConfig(String file) throws Exception {
        ChanState a = new ChanState(ChanConfig.defaults(), true);
        for (TestData.Row r : rows(file).subList(0, 500)) {
            a.step(r.bar());
        }
        byte[] bytes = a.toBytes();
        ChanConfig other = ChanConfig.fromAssignments(List.of("divergence_rate=0.9"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChanState.fromBytes(bytes, other))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another config");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChanState.fromBytes(new byte[] {1, 2, 3, 4}, ChanConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad magic");
    }

}
