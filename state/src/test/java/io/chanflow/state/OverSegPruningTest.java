package io.chanflow.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With {@code zs_algo=over_seg} (and {@code auto}) pivots cross segments, so a pivot that the
 * pivot pass still reads can begin before the segment horizon the pruning uses. Pruning used to
 * drop the stroke before such a pivot ("item N was pruned") on these files; the pruned run must
 * equal a run that keeps the whole history, event for event, and stay bounded.
 */
class OverSegPruningTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "chenc319-silverlight/XLI_daily.norm.csv, zs_algo=over_seg",
            "chenc319-silverlight/XLI_daily.norm.csv, zs_algo=auto",
            "marcusschiesser-intraday/XLV_1m_20191216_20200106.norm.csv, zs_algo=over_seg",
            "marcusschiesser-intraday/XLV_1m_20191216_20200106.norm.csv, zs_algo=auto",
            "backtrader/2006-01-02-volume-min-001.csv, zs_algo=over_seg"})
    void shouldPruneOnlyWhatOverSegPivotsNoLongerRead(String file, String setting) throws Exception {
        List<TestData.Row> rows = TestData.readBars(TestData.real(file));
        ChanConfig cfg = ChanConfig.fromAssignments(List.of(setting));
        ChanState pruned = new ChanState(cfg, true);
        ChanState full = new ChanState(cfg, true);
        full.level.pruning = false;
        int prunedBars = 0;
        for (int i = 0; i < rows.size(); i++) {
            Bar bar = rows.get(i).bar();
            List<ChanEvent> expected = full.step(bar);
            assertThat(pruned.step(bar)).as("events of bar %d", i).isEqualTo(expected);
            if (i % 997 == 500) {
                // restore must also work with the over_seg horizon
                pruned = ChanState.fromBytes(pruned.toBytes(), cfg);
            }
        }
        prunedBars = pruned.level.k.kluBase;
        assertThat(prunedBars).as("raw bars pruned").isGreaterThan(0);
        assertThat(pruned.toBytes().length).as("serialized state after the last bar").isLessThan(100_000);
    }
}
