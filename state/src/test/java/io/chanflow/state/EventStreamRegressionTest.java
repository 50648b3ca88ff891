package io.chanflow.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
 * Pins the engine's complete event stream (every stroke, segment, pivot and point event, bar by
 * bar) on the golden inputs and on real files outside the golden folder, with the default config
 * and the variants of the configuration table. The digests were written by the engine before the
 * speed work (see the resource's header), so an optimisation that changes any event, or the
 * order of events, fails here. Every stream is also replayed with a serialize → restore every
 * 997 bars, which must not change it.
 */
class EventStreamRegressionTest {

    record Pinned(String file, String config, int bars, long events, String digest) {
        @Override
        public String toString() {
            return file + " [" + config + "]";
        }
    }

    static Stream<Arguments> pinned() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = EventStreamRegressionTest.class.getResourceAsStream("event-digests.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] p = line.split(" \\| ");
                String[] r = p[2].split(" ");
                out.add(Arguments.of(new Pinned(p[0], p[1], Integer.parseInt(r[0]), Long.parseLong(r[1]), r[2])));
            }
        }
        assertThat(out).as("pinned streams").hasSizeGreaterThanOrEqualTo(150);
        return out.stream();
    }

    private static final Map<String, List<TestData.Row>> FILES = new HashMap<>();

    private static synchronized List<TestData.Row> rows(String file) throws IOException {
        List<TestData.Row> r = FILES.get(file);
        if (r == null) {
            r = TestData.readBars(TestData.real(file));
            FILES.put(file, r);
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pinned")
    void shouldReproduceThePinnedEventStream(Pinned p) throws Exception {
        List<TestData.Row> rows = rows(p.file());
        assertThat(rows).hasSize(p.bars());
        ChanConfig cfg = ChanConfig.fromAssignments(p.config().equals("default") ? List.of() : Arrays.asList(p.config().split(" ")));
        assertThat(run(rows, cfg, 0)).as("events, digest").isEqualTo(p.events() + " " + p.digest());
        assertThat(run(rows, cfg, 997)).as("events, digest with a restore every 997 bars").isEqualTo(p.events() + " " + p.digest());
    }

    /** The event count and digest of a bar-by-bar run (restoring from bytes every {@code restoreEvery} bars, 0 = never). */
    static String run(List<TestData.Row> rows, ChanConfig cfg, int restoreEvery) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        ChanState st = new ChanState(cfg, true);
        long n = 0;
        for (int i = 0; i < rows.size(); i++) {
            List<ChanEvent> ev = st.step(rows.get(i).bar());
            n += ev.size();
            for (ChanEvent e : ev) {
                md.update(e.toString().getBytes(StandardCharsets.UTF_8));
            }
            if (restoreEvery > 0 && i % restoreEvery == restoreEvery - 1) {
                st = ChanState.fromBytes(st.toBytes(), cfg);
            }
        }
        md.update(st.points().toString().getBytes(StandardCharsets.UTF_8));
        byte[] d = md.digest();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(String.format("%02x", d[i]));
        }
        return n + " " + sb;
    }
}
