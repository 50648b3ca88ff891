package io.chanflow.operators.chan;

import io.chanflow.state.bars.BarLevel;
import io.chanflow.state.outcome.OutcomeRules;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChanJobSettingsTest {

    @Test
    void shouldApplyOutcomeOptionsToEveryLevelThenTheLevelSpecificOnes() {
        ChanJobSettings s = ChanJobSettings.defaults().withChan(Map.of(
                "outcome.target_r", "3", "outcome.1m.horizon_bars", "90", "outcome.1m.target_r", "1.5",
                "ml.eta", "2", "divergence_rate", "0.9"));
        OutcomeRules m1 = s.outcomeRules(BarLevel.M1);
        assertThat(m1.horizonBars()).isEqualTo(90);
        assertThat(m1.targetR()).isEqualTo(1.5);
        OutcomeRules day = s.outcomeRules(BarLevel.DAY);
        assertThat(day.targetR()).isEqualTo(3.0);
        assertThat(day.horizonBars()).isEqualTo(OutcomeRules.defaults(BarLevel.DAY).horizonBars());
        assertThat(s.mlOptions()).containsExactly(Map.entry("eta", "2"));
        // the engine sees only its own keys
        assertThat(s.chanConfig().effective()).containsEntry("divergence_rate", "0.9")
                .doesNotContainKeys("outcome.target_r", "ml.eta");
    }

    @Test
    void shouldRejectBadOutcomeAndModelOptionsWhenTheJobIsBuiltNamingTheOption() {
        ChanJobSettings d = ChanJobSettings.defaults();
        assertThatThrownBy(() -> d.withChan(Map.of("outcome.horizon", "5")))
                .hasMessageContaining("outcome.horizon").hasMessageContaining("unknown outcome option");
        assertThatThrownBy(() -> d.withChan(Map.of("outcome.2m.target_r", "2")))
                .hasMessageContaining("outcome.2m.target_r").hasMessageContaining("unknown bar level '2m'");
        assertThatThrownBy(() -> d.withChan(Map.of("outcome.day.flat_pct", "abc")))
                .hasMessageContaining("outcome.day.flat_pct").hasMessageContaining("not a number");
        assertThatThrownBy(() -> d.withChan(Map.of("ml.eta", "-1"))).hasMessageContaining("eta");
        assertThatThrownBy(() -> d.withChan(Map.of("ml.nope", "1"))).hasMessageContaining("unknown ensemble option 'nope'");
    }
}
