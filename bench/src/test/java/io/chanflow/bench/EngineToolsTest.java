package io.chanflow.bench;

import io.chanflow.jobs.io.BarCsv;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The developer tools that compare two engine builds: both sides load the state module's classes
 * (built by the reactor before this module) in class loaders of their own.
 */
class EngineToolsTest {
    private static final Path STATE_CLASSES = Path.of("..", "state", "target", "classes");

    private static List<BarCsv.Row> nvda() {
        Path f = EngineBench.shared().resolve("data/real/backtrader/nvda-1999-2014.csv");
        assertThat(f).as("real data under ../shared").exists();
        return BarCsv.read(f);
    }

    @Test
    void twoLoadsOfOneBuildAreEqualEventForEventAndStateForState() {
        assertThat(Files.isDirectory(STATE_CLASSES)).as(STATE_CLASSES + " (built by the reactor)").isTrue();
        EngineBuild a = new EngineBuild(STATE_CLASSES);
        EngineBuild b = new EngineBuild(STATE_CLASSES);
        List<BarCsv.Row> rows = nvda().subList(0, 2_500);
        for (List<String> cfg : List.of(List.<String>of(), List.of("zs_algo=over_seg"), List.of("divergence_rate=0.9"))) {
            assertThat(EngineDiff.firstDifference(a, b, rows, cfg, cfg)).as("config %s", cfg).isNull();
        }
    }

    @Test
    void aBehaviourChangeIsReportedAtTheFirstBarItShowsIn() {
        EngineBuild a = new EngineBuild(STATE_CLASSES);
        EngineBuild b = new EngineBuild(STATE_CLASSES);
        // the same build under two configs stands in for two builds that compute differently
        String diff = EngineDiff.firstDifference(a, b, nvda(), List.of(), List.of("divergence_rate=0.9"));
        assertThat(diff).isNotNull().startsWith("bar ").contains("events A [").contains(" B [");
        int bar = Integer.parseInt(diff.substring(4, diff.indexOf(' ', 4)));
        // no event differs before that bar (the serialized states always differ here: they carry the config)
        assertThat(EngineDiff.firstDifference(a, b, nvda().subList(0, bar), List.of(), List.of("divergence_rate=0.9")))
                .isEqualTo("bar " + (bar - 1) + " (line " + (bar + 1) + "): serialized states differ");
    }

    @Test
    void thePairedRunTimesBothBuildsOnTheSameBars() {
        EngineBuild a = new EngineBuild(STATE_CLASSES);
        EngineBuild b = new EngineBuild(STATE_CLASSES);
        List<BarCsv.Row> rows = nvda().subList(0, 1_000);
        EnginePair.Result r = EnginePair.compare(a, b, rows, 4, List.of());
        assertThat(r.bars()).isEqualTo(1_000);
        assertThat(r.eventsA()).isPositive().isEqualTo(r.eventsB());
        assertThat(r.barsPerSecA()).isPositive();
        assertThat(r.barsPerSecB()).isPositive();
        assertThat(r.line("nvda")).contains("B/A").doesNotContain("DIFFERENT");
    }

    @Test
    void theCostBreakdownGroupsEveryBarByTheEnginesOwnCounters() {
        List<BarCsv.Row> rows = nvda();
        io.chanflow.state.Bar[] bars = rows.stream().map(BarCsv.Row::bar).toArray(io.chanflow.state.Bar[]::new);
        io.chanflow.state.ChanEngine engine = new io.chanflow.state.ChanEngine(io.chanflow.state.ChanConfig.defaults());
        EngineCost.Costs c = EngineCost.measure(engine, bars, 2);
        io.chanflow.state.ChanState s = engine.newState();
        for (io.chanflow.state.Bar b : bars) {
            s = engine.step(s, b).state();
        }
        io.chanflow.state.ChanState.Recomputations r = s.recomputations();
        int seg = EngineCost.SEGMENT.length;
        long[] n = new long[EngineCost.STROKE.length * seg];
        for (int g : c.group()) {
            n[g]++;
        }
        assertThat(n[0]).as("bars without a recomputation").isEqualTo(bars.length - r.requested());
        assertThat(n[seg]).as("recomputations skipped whole").isEqualTo(r.skipped());
        long relabelled = 0;
        long segSkipped = 0;
        for (int k = 0; k < seg; k++) {
            relabelled += n[2 * seg + k];
        }
        for (int st = 2; st < EngineCost.STROKE.length; st++) {
            segSkipped += n[st * seg];
        }
        assertThat(relabelled).as("stroke-level relabels").isEqualTo(r.relabelled()).isPositive();
        assertThat(segSkipped).as("segment level skipped").isEqualTo(r.segmentLevelSkipped());
        assertThat(c.minNanos()).hasSize(bars.length);
        for (long t : c.minNanos()) {
            assertThat(t).isPositive().isLessThan(Long.MAX_VALUE);
        }
        assertThat(c.report("nvda")).startsWith("nvda: 4012 bars, sum of per-bar minima ").contains("relabel, segment level");
    }

    @Test
    void theQuantilesAreNearestRankOverTheLastPasses() {
        double[] v = {100, 1, 5, 3, 4, 2};
        // the last half: {3, 4, 2}
        assertThat(EnginePair.quantile(v, 3, 0.0)).isEqualTo(2);
        assertThat(EnginePair.quantile(v, 3, 0.5)).isEqualTo(3);
        assertThat(EnginePair.quantile(v, 3, 1.0)).isEqualTo(4);
    }

    @Test
    void aMissingBuildIsAClearError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EngineBuild(Path.of("no-such.jar")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such.jar");
    }
}
