package io.chanflow.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chanflow.jobs.cli.Analyze;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs {@code chanflow analyze} in-process on the inputs of every chan.py reference in
 * {@code ../shared/golden/chanpy/ref} (default config) and {@code ref/variants/div09}
 * ({@code divergence_rate=0.9}) and scores the output the way {@code compare_project.py} and
 * {@code compare_events.py} do. The target is 100% agreement on every family and every event.
 */
class GoldenChanpyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Golden README table: dataset -> inputs (level -> file under data/real), highest level first. */
    private static final Map<String, Map<String, String>> INPUTS = new LinkedHashMap<>();

    static {
        INPUTS.put("2006-day-001", Map.of("day", "backtrader/2006-day-001.csv"));
        INPUTS.put("2006-week-001", Map.of("week", "backtrader/2006-week-001.csv"));
        INPUTS.put("2006-01-02-volume-min-001", Map.of("1m", "backtrader/2006-01-02-volume-min-001.csv"));
        INPUTS.put("nvda-1999-2014", Map.of("day", "backtrader/nvda-1999-2014.csv"));
        INPUTS.put("2006-001-multi", linked("week", "backtrader/2006-week-001.csv", "day", "backtrader/2006-day-001.csv"));
        INPUTS.put("nvda-1999-2014-multi", linked("week", "backtrader/derived/nvda-1999-2014.week.csv",
                "day", "backtrader/nvda-1999-2014.csv"));
    }

    /** Variant directory -> extra {@code --set} options. */
    private static final Map<String, List<String>> VARIANTS = Map.of("", List.of(), "div09", List.of("divergence_rate=0.9"));

    @TempDir
    static Path work;

    /** One analyze run per (dataset, variant), shared by its batch and step refs. */
    private static final Map<String, Path> RUNS = new HashMap<>();

    /** A reference file: path relative to golden/chanpy/ref, dataset, level, variant, step or batch. */
    record Ref(String rel, String dataset, String level, String variant, boolean step) {
        boolean multi() {
            return INPUTS.get(dataset).size() > 1;
        }

        @Override
        public String toString() {
            return rel;
        }
    }

    static Stream<Ref> allRefs() throws IOException {
        Path refDir = SharedData.dir().resolve("golden/chanpy/ref");
        List<Ref> refs = new ArrayList<>();
        for (String variant : List.of("", "div09")) {
            Path dir = variant.isEmpty() ? refDir : refDir.resolve("variants").resolve(variant);
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(p -> {
                    String name = p.getFileName().toString().replaceFirst("\\.json$", "");
                    String[] parts = name.split("__");
                    if (!INPUTS.containsKey(parts[0])) {
                        throw new AssertionError("reference " + p + " names dataset '" + parts[0]
                                + "' that this test has no input for: add it to GoldenChanpyTest.INPUTS");
                    }
                    String rel = refDir.relativize(p).toString();
                    refs.add(new Ref(rel, parts[0], parts[1], variant, parts.length > 2 && parts[2].equals("step")));
                });
            }
        }
        // 16 default + 4 div09 refs when this was written; fewer means a broken shared directory
        assertThat(refs).as("references under %s", refDir).hasSizeGreaterThanOrEqualTo(20);
        return refs.stream();
    }

    static Stream<Ref> singleLevelStepRefs() throws IOException {
        return allRefs().filter(r -> r.step() && !r.multi());
    }

    @Test
    void sharedGoldenDirectoryIsPresent() {
        Path shared = SharedData.dir();
        assertThat(shared.resolve("golden/chanpy/tools/compare_project.py")).exists();
        assertThat(shared.resolve("data/real/backtrader")).isDirectory();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allRefs")
    void finalStructuresAgreeWithChanpy(Ref ref) throws IOException {
        JsonNode expected = read(ref);
        checkInput(ref, expected);
        Path out = output(ref, ".json");
        Map<String, ChanpyScore.FamilyScore> scores = ChanpyScore.compareProject(expected, JSON.readTree(out.toFile()));
        double agreement = ChanpyScore.agreement(scores);
        if (agreement != 100.0 || scores.values().stream().anyMatch(s -> !s.pass())) {
            StringBuilder sb = new StringBuilder(ref + ": AGREEMENT " + agreement + " (output " + out + ")");
            for (ChanpyScore.FamilyScore s : scores.values()) {
                sb.append("\n  ").append(ChanpyScore.describe(s));
                if (!s.pass()) {
                    sb.append("\n    first missing in output: ").append(first(s.missingInOut()));
                    sb.append("\n    first extra in output:   ").append(first(s.extraInOut()));
                }
            }
            fail(sb.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleLevelStepRefs")
    void bspEventsAgreeWithChanpy(Ref ref) throws IOException {
        JsonNode expected = read(ref);
        Path events = output(ref, ".jsonl");
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(events, StandardCharsets.UTF_8)) {
            if (!l.isBlank() && !l.strip().startsWith("#")) {
                lines.add(JSON.readTree(l));
            }
        }
        ChanpyScore.EventScore s = ChanpyScore.compareEvents(expected, lines);
        if (s.agreement() != 100.0 || s.f1() != 1.0) {
            fail(ref + ": EVENT_AGREEMENT " + s.agreement() + " (ref " + s.ref() + " events, out " + s.out()
                    + ", matched " + s.matched() + "; output " + events + ")"
                    + "\n  first missing in output [event, bar_time, time, is_buy, type, level]: " + first(s.missingInOut())
                    + "\n  first extra in output:   " + first(s.extraInOut()));
        }
    }

    private static JsonNode read(Ref ref) throws IOException {
        return JSON.readTree(SharedData.dir().resolve("golden/chanpy/ref").resolve(ref.rel()).toFile());
    }

    /** The ref records its own input; it must be the file the README table (and this test) uses. */
    private static void checkInput(Ref ref, JsonNode expected) {
        String file = INPUTS.get(ref.dataset()).get(ref.level());
        assertThat(file).as("input of level %s in %s", ref.level(), ref).isNotNull();
        if (expected.hasNonNull("input")) {
            assertThat(expected.get("input").asText()).as("input recorded in %s", ref).endsWith(file);
        }
    }

    /** The output file of this ref's level ({@code ext} .json or .jsonl), running analyze once per dataset+variant. */
    private static synchronized Path output(Ref ref, String ext) {
        String key = ref.dataset() + (ref.variant().isEmpty() ? "" : "." + ref.variant());
        Path base = RUNS.computeIfAbsent(key, k -> runAnalyze(k, ref));
        String name = key + (ref.multi() ? "." + ref.level() : "") + ext;
        Path p = base.resolve(name);
        assertThat(p).as("output of %s", ref).exists();
        return p;
    }

    private static Path runAnalyze(String key, Ref ref) {
        Path shared = SharedData.dir();
        Path dir = work.resolve(key);
        List<String> args = new ArrayList<>(List.of("analyze"));
        Map<String, String> inputs = INPUTS.get(ref.dataset());
        if (inputs.size() == 1) {
            Map.Entry<String, String> e = inputs.entrySet().iterator().next();
            args.addAll(List.of("--input", shared.resolve("data/real").resolve(e.getValue()).toString(), "--level", e.getKey()));
        } else {
            inputs.forEach((lv, f) -> args.addAll(List.of("--input", lv + "=" + shared.resolve("data/real").resolve(f))));
        }
        for (String s : VARIANTS.get(ref.variant())) {
            args.addAll(List.of("--set", s));
        }
        args.addAll(List.of("--out", dir.resolve(key + ".json").toString(), "--events", dir.resolve(key + ".jsonl").toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Analyze.run(args.subList(1, args.size()).toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            fail("chanflow " + String.join(" ", args) + "\nexited " + rc + "\n" + err.toString(StandardCharsets.UTF_8));
        }
        return dir;
    }

    private static Object first(List<?> items) {
        return items.isEmpty() ? "(none)" : items.get(0);
    }

    private static Map<String, String> linked(String k1, String v1, String k2, String v2) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
