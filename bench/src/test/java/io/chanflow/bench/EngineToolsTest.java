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
    void aMissingBuildIsAClearError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EngineBuild(Path.of("no-such.jar")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such.jar");
    }
}
