package io.chanflow.state.outcome;

import io.chanflow.state.Bar;
import io.chanflow.state.signals.LevelChan;
import io.chanflow.state.signals.Signal;
import io.chanflow.state.signals.SignalStatus;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LevelOutcomesTest {

    @Test
    void shouldAskForTheHigherViewOnlyOnBarsThatConfirmAPointAndScoreEachConfirmedSignal() throws Exception {
        List<Bar> bars = TwoLevelRun.bars("quantconnect-lean/SPY_daily.norm.csv");
        LevelChan lc = LevelChan.create("SPY", "day", TwoLevelRun.CONFIG);
        LevelOutcomes lo = LevelOutcomes.create("SPY", "day", OutcomeRules.defaults("day"));
        int[] asked = {0};
        int confirmingBars = 0;
        int confirmedSignals = 0;
        int scored = 0;
        for (Bar b : bars) {
            LevelChan.Output res = lc.onBar(b);
            long n = res.signals().stream().filter(s -> s.status() == SignalStatus.CONFIRMED).count();
            confirmingBars += n > 0 ? 1 : 0;
            confirmedSignals += (int) n;
            LevelOutcomes.Output o = lo.onBar(b, res.signals(), lc, () -> {
                asked[0]++;
                return HigherLevelView.NONE;
            });
            scored += o.confirmed().size();
            // the signals of one point on one bar share one vector
            Map<String, FeatureVector> byPoint = new HashMap<>();
            for (LevelOutcomes.ConfirmedPoint c : o.confirmed()) {
                Signal s = c.signal();
                FeatureVector prev = byPoint.putIfAbsent(s.scope() + s.pointTime() + s.buy(), c.features());
                if (prev != null) {
                    assertThat(c.features()).isSameAs(prev);
                }
            }
            for (LabeledPoint p : o.closed()) {
                assertThat(p.outcome().exitTime()).isEqualTo(b.time());
            }
        }
        assertThat(confirmingBars).isGreaterThan(100);
        assertThat(asked[0]).isEqualTo(confirmingBars);
        assertThat(scored).isEqualTo(confirmedSignals);
    }

    @Test
    void shouldRefuseABarItsEngineHasNotBeenGiven() {
        LevelChan lc = LevelChan.create("SPY", "day", TwoLevelRun.CONFIG);
        LevelOutcomes lo = LevelOutcomes.create("SPY", "day", OutcomeRules.defaults("day"));
        Bar b = new Bar(86_400_000L, 10, 11, 9, 10.5, 100);
        assertThatThrownBy(() -> lo.onBar(b, List.of(), lc, () -> HigherLevelView.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LevelChan first");
        LevelChan other = LevelChan.create("QQQ", "day", TwoLevelRun.CONFIG);
        other.onBar(b);
        assertThatThrownBy(() -> lo.onBar(b, List.of(), other, () -> HigherLevelView.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QQQ");
        assertThatThrownBy(() -> LevelOutcomes.fromBytes(new byte[20], "SPY", "day", OutcomeRules.defaults("day")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad magic");
    }
}
