package io.chanflow.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Serialize → restore → continue equals never stopping, on whole event streams: for the golden inputs and real files
 * outside the golden folder, under the default config and the variants of the configuration table
 * ({@code event-streams.txt}), a bar-by-bar run that restores its state from bytes every 997 bars (so restores land
 * in every phase of the passes and of pruning) emits exactly the events, in the same order, and ends with exactly the
 * points of the uninterrupted run.
 */
class RestoreEquivalenceTest {

    record Stream_(String file, String config, int bars) {
        /** The config the stream runs under ("default" or space-separated key=value assignments). */
        static ChanConfig chanConfig(String config) {
            return ChanConfig.fromAssignments(config.equals("default") ? List.of() : Arrays.asList(config.split(" ")));
        }

        @Override
        public String toString() {
            return file + " [" + config + "]";
        }
    }

    static Stream<Arguments> streams() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = RestoreEquivalenceTest.class.getResourceAsStream("event-streams.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] p = line.split(" \\| ");
                out.add(Arguments.of(new Stream_(p[0], p[1], Integer.parseInt(p[2].trim()))));
            }
        }
        assertThat(out).as("streams").hasSizeGreaterThanOrEqualTo(150);
        return out.stream();
    }

    private static final Map<String, List<TestData.Row>> FILES = new HashMap<>();

    static synchronized List<TestData.Row> rows(String file) throws IOException {
        List<TestData.Row> r = FILES.get(file);
        if (r == null) {
            r = TestData.readBars(TestData.real(file));
            FILES.put(file, r);
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void restoringEvery997BarsChangesNoEvent(Stream_ s) throws Exception {
        List<TestData.Row> rows = rows(s.file());
        assertThat(rows).as("bars of " + s.file()).hasSize(s.bars());
        ChanConfig cfg = Stream_.chanConfig(s.config());
        ChanState straight = new ChanState(cfg, true);
        ChanState restored = new ChanState(cfg, true);
        long events = 0;
        for (int i = 0; i < rows.size(); i++) {
            Bar bar = rows.get(i).bar();
            List<ChanEvent> a = straight.step(bar);
            List<ChanEvent> b = restored.step(bar);
            if (!a.equals(b)) {
                assertThat(b).as("events of bar %d (%s) after restores every 997 bars", i, bar).isEqualTo(a);
            }
            events += a.size();
            if (i % 997 == 996) {
                restored = ChanState.fromBytes(restored.toBytes(), cfg);
            }
        }
        assertThat(events).as("a stream with events").isPositive();
        assertThat(restored.points()).isEqualTo(straight.points());
    }
}
