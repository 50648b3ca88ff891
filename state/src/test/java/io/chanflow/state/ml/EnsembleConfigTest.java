package io.chanflow.state.ml;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnsembleConfigTest {

    @Test
    void shouldGiveTheDefaultsForAnEmptyMap() {
        assertThat(EnsembleConfig.of(Map.of())).isEqualTo(EnsembleConfig.defaultConfig());
        EnsembleConfig d = EnsembleConfig.defaultConfig();
        assertThat(d.eta()).isEqualTo(4.0);
        assertThat(d.lossDecay()).isEqualTo(0.98);
        assertThat(d.adwin().delta()).isEqualTo(0.0001);
        assertThat(d.pFloor()).isEqualTo(0.02);
        assertThat(d.driftReset()).isEqualTo(EnsembleConfig.DriftReset.WORST);
    }

    @Test
    void shouldApplyEveryKnownKey() {
        Map<String, String> m = new LinkedHashMap<>();
        String[][] pairs = {{"eta", "2"}, {"loss_decay", "0.9"}, {"drift_reset", "ALL"}, {"adwin.delta", "0.01"},
                {"adwin.buckets", "7"}, {"adwin.clock", "16"}, {"ftrl.alpha", "0.2"}, {"ftrl.beta", "0.5"}, {"ftrl.l1", "3"},
                {"ftrl.l2", "0"}, {"nb.variance_floor", "1e-4"}, {"tree.grace_period", "100"}, {"tree.split_confidence", "1e-5"},
                {"tree.tie_threshold", "0.1"}, {"tree.max_depth", "4"}, {"tree.max_nodes", "15"}, {"tree.split_candidates", "7"},
                {"tree.nb_threshold", "0"}, {"tree.variance_floor", "1e-3"}, {"p_floor", "0.05"}};
        for (String[] p : pairs) {
            m.put(p[0], p[1]);
        }
        assertThat(m.keySet()).containsExactlyInAnyOrderElementsOf(EnsembleConfig.KEYS);
        EnsembleConfig c = EnsembleConfig.of(m);
        assertThat(c).isEqualTo(new EnsembleConfig(new FtrlLogistic.Config(0.2, 0.5, 3, 0), new GaussianNaiveBayes.Config(1e-4),
                new HoeffdingTree.Config(100, 1e-5, 0.1, 4, 15, 7, 0, 1e-3), new Adwin.Config(0.01, 7, 16), 2, 0.9,
                EnsembleConfig.DriftReset.ALL, 0.05));
    }

    @Test
    void shouldRejectUnknownKeysNamingThem() {
        assertThatThrownBy(() -> EnsembleConfig.of(Map.of("ftrl.gamma", "1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown ensemble option 'ftrl.gamma'");
    }

    @Test
    void shouldRejectInvalidValuesNamingTheKey() {
        assertThatThrownBy(() -> EnsembleConfig.of(Map.of("eta", "-1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ensemble option eta='-1': eta must be a finite number >= 0, got -1.0");
        assertThatThrownBy(() -> EnsembleConfig.of(Map.of("loss_decay", "1"))).hasMessageContaining("loss_decay='1': lossDecay");
        assertThatThrownBy(() -> EnsembleConfig.of(Map.of("adwin.delta", "abc"))).hasMessage("ensemble option adwin.delta='abc': not a number");
        assertThatThrownBy(() -> EnsembleConfig.of(Map.of("tree.max_nodes", "0"))).hasMessageContaining("tree.max_nodes='0': maxNodes");
        assertThatThrownBy(() -> EnsembleConfig.of(Map.of("drift_reset", "some"))).hasMessage("ensemble option drift_reset='some': must be worst or all");
        assertThatThrownBy(() -> EnsembleConfig.of(Map.of("ftrl.alpha", "0"))).hasMessageContaining("ftrl.alpha='0': alpha");
        assertThatThrownBy(() -> EnsembleConfig.of(Map.of("p_floor", "0.5"))).hasMessageContaining("p_floor='0.5': pFloor");
    }

    @Test
    void shouldRejectMissingPartsNamingTheField() {
        EnsembleConfig d = EnsembleConfig.defaultConfig();
        assertThatThrownBy(() -> new EnsembleConfig(null, d.naiveBayes(), d.tree(), d.adwin(), 1, 0.5, d.driftReset(), 0.02))
                .hasMessage("ftrl must not be null");
        assertThatThrownBy(() -> new EnsembleConfig(d.ftrl(), d.naiveBayes(), d.tree(), d.adwin(), Double.NaN, 0.5, d.driftReset(), 0.02))
                .hasMessageStartingWith("eta");
    }
}
