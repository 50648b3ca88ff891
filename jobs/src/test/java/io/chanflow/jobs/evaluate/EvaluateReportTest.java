package io.chanflow.jobs.evaluate;

import io.chanflow.state.bars.BarLevel;
import io.chanflow.state.ml.EnsembleConfig;
import io.chanflow.state.outcome.ExitReason;
import io.chanflow.state.outcome.FeatureVector;
import io.chanflow.state.outcome.Features;
import io.chanflow.state.outcome.TradeOutcome;
import io.chanflow.state.outcome.TradeResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The report's figures on hand-made points, worked out on paper. */
class EvaluateReportTest {
    private static final FeatureVector X = new FeatureVector(Features.SCHEMA_VERSION, new double[Features.NAMES.size()]);

    private static Evaluation.Point point(int i, double p, double base, TradeResult result, double ret) {
        TradeOutcome o = result == null ? null : new TradeOutcome("S/day/bi/" + i + "/B/1", "S", "day", "bi", i, true,
                List.of("1"), i, 100, 95, 110, i + 5, 100 + ret, ret, Math.max(ret, 0), Math.max(-ret, 0), 5, result,
                ExitReason.HORIZON);
        return new Evaluation.Point("S", BarLevel.DAY, "S/day/bi/" + i + "/B/1", List.of("1"), i, X, p, base, o,
                o == null ? Long.MIN_VALUE : i + 5);
    }

    @Test
    void shouldComputeTheMetricsOfTheLabelledPointsAndOnlyCountTheOpenOnes() {
        List<Evaluation.Point> pts = new ArrayList<>();
        pts.add(point(1, 0.9, 0.5, TradeResult.WIN, 4));
        pts.add(point(2, 0.6, 0.5, TradeResult.LOSS, -2));
        pts.add(point(3, 0.4, 0.5, TradeResult.WIN, 3));
        pts.add(point(4, 0.2, 0.5, TradeResult.FLAT, 0.01));
        pts.add(point(5, 0.99, 0.5, null, 0)); // open: in no metric
        EvaluationReport.Stats s = EvaluationReport.Stats.of(pts, 0.5);
        assertThat(s.points()).isEqualTo(4);
        assertThat(s.open()).isEqualTo(1);
        assertThat(s.taken()).isEqualTo(2);
        // positives 0.9, 0.4; negatives 0.6, 0.2: pairs won 0.9>0.6, 0.9>0.2, 0.4>0.2; lost 0.4<0.6
        assertThat(s.auc()).isEqualTo(0.75);
        assertThat(s.accuracy()).isEqualTo(0.5);
        double ll = -(Math.log(0.9) + Math.log(0.4) + Math.log(0.4) + Math.log(0.8)) / 4;
        assertThat(s.logLoss()).isCloseTo(ll, within(1e-12));
        assertThat(s.baseAuc()).isEqualTo(0.5);
        assertThat(s.baseLogLoss()).isCloseTo(Math.log(2), within(1e-12));
        assertThat(s.winRateAll()).isEqualTo(0.5);
        assertThat(s.winRateTaken()).isEqualTo(0.5);
        assertThat(s.meanReturnAll()).isCloseTo((4 - 2 + 3 + 0.01) / 4, within(1e-12));
        assertThat(s.meanReturnTaken()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void shouldLeaveMetricsUndefinedWithoutLabelledPoints() {
        EvaluationReport.Stats s = EvaluationReport.Stats.of(List.of(point(1, 0.7, 0.5, null, 0)), 0.5);
        assertThat(s.points()).isZero();
        assertThat(s.open()).isEqualTo(1);
        assertThat(s.auc()).isNaN();
        assertThat(s.winRateTaken()).isNaN();
        assertThat(EvaluationReport.table(List.of(new Evaluation.LevelResult(BarLevel.DAY, BarLevel.WEEK, List.of("S"),
                10, 2, 0, 0, List.of(point(1, 0.7, 0.5, null, 0)), Map.of())), 0.5)).contains(" - ");
    }

    @Test
    void shouldDescribeTheModelWithEveryEnsembleKeySoThatTheConfigCanBeRebuiltFromIt() {
        EnsembleConfig c = EnsembleConfig.of(Map.of("eta", "2.5", "ftrl.alpha", "0.05", "drift_reset", "all",
                "tree.max_depth", "5"));
        Map<String, Object> options = EvaluationReport.modelOptions(c);
        assertThat(options.keySet()).containsExactlyElementsOf(EnsembleConfig.KEYS);
        Map<String, String> text = new LinkedHashMap<>();
        options.forEach((k, v) -> text.put(k, String.valueOf(v)));
        assertThat(EnsembleConfig.of(text)).isEqualTo(c);
        assertThat(EvaluationReport.modelOptions(EnsembleConfig.defaultConfig())).isNotEqualTo(options);
    }
}
