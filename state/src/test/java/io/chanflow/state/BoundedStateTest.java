package io.chanflow.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The serialized state stays flat over a long real 1-minute series (239,550 bars). */
class BoundedStateTest {

    @Test
    void shouldKeepTheSerializedStateFlatOverTheLongMinuteSeries() throws Exception {
        List<TestData.Row> rows = TestData.readBars(TestData.real("waditu-czsc/000001.XSHG_1m_20150105_20190212.norm.csv.gz"));
        assertThat(rows).hasSize(239_550);
        ChanState st = new ChanState(ChanConfig.defaults(), true);
        List<Integer> sizes = new ArrayList<>();
        int max = 0;
        for (int i = 0; i < rows.size(); i++) {
            st.step(rows.get(i).bar());
            if ((i + 1) % 20_000 == 0) {
                sizes.add(st.toBytes().length);
            }
            if ((i + 2) % ChanState.PRUNE_EVERY == 0) {
                // the last bar before a pruning pass: the state is at its largest
                max = Math.max(max, st.toBytes().length);
            }
        }
        int end = st.toBytes().length;
        System.out.println("serialized state bytes every 20k bars: " + sizes + ", at the end: " + end + ", max before pruning: " + max);
        assertThat(max).as("largest state, sampled before every pruning pass").isLessThan(100_000);
        // does not grow with history: the last third is no bigger than 2x the first samples' max, and small
        int early = Math.max(sizes.get(0), sizes.get(1));
        assertThat(end).isLessThan(100_000);
        for (int s : sizes.subList(sizes.size() / 2, sizes.size())) {
            assertThat(s).isLessThan(2 * early + 20_000);
        }
        assertThat(st.level.k.kluCount).as("raw bars kept").isLessThan(20_000);
    }
}
