package io.chanflow.state.outcome;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegimeTest {
    private static double[] features(double hasPivot, double pivotPos, double higherDir, double segDir) {
        double[] f = new double[Features.NAMES.size()];
        f[Features.NAMES.indexOf("has_pivot")] = hasPivot;
        f[Features.NAMES.indexOf("pivot_pos")] = pivotPos;
        f[Features.NAMES.indexOf("higher_dir")] = higherDir;
        f[Features.NAMES.indexOf("seg_dir")] = segDir;
        return f;
    }

    @Test
    void shouldCallItARangeInsideTheLastPivotAndATrendByTheHigherLevelOutsideIt() {
        int v = Features.SCHEMA_VERSION;
        assertThat(Regime.of(features(1, 0.4, 1, 1), v)).isEqualTo(Regime.RANGE);
        assertThat(Regime.of(features(1, 1.0, -1, 1), v)).isEqualTo(Regime.RANGE);
        assertThat(Regime.of(features(1, 1.3, 1, -1), v)).as("above the pivot, higher level up").isEqualTo(Regime.TREND_UP);
        assertThat(Regime.of(features(1, -0.2, -1, 1), v)).isEqualTo(Regime.TREND_DOWN);
        assertThat(Regime.of(features(0, 0.5, 0, -1), v)).as("no pivot, no higher level: the segment").isEqualTo(Regime.TREND_DOWN);
        assertThat(Regime.of(features(0, 0, 0, 0), v)).isEmpty();
        assertThat(Regime.of(features(1, 0.5, 1, 1), v + 1)).as("unknown schema").isEmpty();
        assertThat(Regime.of(null, v)).isEmpty();
    }
}
