package io.chanflow.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chanflow.jobs.cli.Chanflow;
import io.chanflow.jobs.cli.Evaluate;
import io.chanflow.state.ml.EnsembleConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code chanflow evaluate} end to end on real daily sector ETFs (../shared, chenc319-silverlight):
 * the report's keys and ranges, byte-identical reruns, and usage errors with exit status 2.
 */
class EvaluateCliTest {

    private static final String[] DAILY = {"XLC_daily.norm.csv", "XLRE_daily.norm.csv", "XLK_daily.norm.csv"};
    private static final String HEADER = "time,open,high,low,close,volume\n";

    @TempDir
    static Path dir;

    private static String[] files;
    private static JsonNode report;
    private static byte[] reportBytes;
    private static String table;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs the three files once; tests read the result. */
    @BeforeAll
    static void evaluateThreeDailyFiles() throws IOException {
        files = new String[DAILY.length];
        for (int i = 0; i < DAILY.length; i++) {
            files[i] = SharedData.real("chenc319-silverlight/" + DAILY[i]).toString();
        }
        Path json = dir.resolve("report.json");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = Evaluate.run(args("--bars", files, "--report", json.toString()), print(o), print(e));
        assertThat(rc).as(e.toString(StandardCharsets.UTF_8)).isZero();
        reportBytes = Files.readAllBytes(json);
        report = new ObjectMapper().readTree(reportBytes);
        table = o.toString(StandardCharsets.UTF_8);
    }

    private static String[] args(String opt, String[] values, String... rest) {
        List<String> a = new ArrayList<>();
        a.add(opt);
        a.addAll(List.of(values));
        a.addAll(List.of(rest));
        return a.toArray(new String[0]);
    }

    private static PrintStream print(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }

    private int evaluate(String... args) {
        return Evaluate.run(args, print(out), print(err));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path csv(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void shouldReportEveryTopLevelKeyWithNumbersInRange() {
        for (String k : List.of("auc", "log_loss", "accuracy", "baseline", "points", "open", "taken", "win_rate_all",
                "win_rate_taken", "mean_return_pct_all", "mean_return_pct_taken", "by_level", "by_type",
                "feature_schema_version", "model", "files", "series", "take", "outcome_rules")) {
            assertThat(report.has(k)).as(k).isTrue();
        }
        int points = report.get("points").asInt();
        assertThat(points).isGreaterThan(100);
        assertThat(report.get("taken").asInt()).isBetween(0, points);
        assertThat(report.get("auc").asDouble()).isBetween(0.0, 1.0);
        assertThat(report.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(report.get("log_loss").asDouble()).isPositive();
        assertThat(report.get("win_rate_all").asDouble()).isBetween(0.05, 0.95);
        JsonNode base = report.get("baseline");
        assertThat(base.get("auc").asDouble()).isBetween(0.0, 1.0);
        // the running base rate is never 0 or 1 for long on real data, so its log-loss stays near ln 2
        assertThat(base.get("log_loss").asDouble()).isBetween(0.5, 0.8);
        assertThat(report.get("feature_schema_version").asInt()).isEqualTo(1);
        assertThat(report.get("take").asDouble()).isEqualTo(0.5);
        assertThat(report.get("files").get("bars")).hasSize(3);
        assertThat(report.get("model").get("config").get("eta").asDouble())
                .isEqualTo(EnsembleConfig.defaultConfig().eta());
    }

    @Test
    void shouldTakeTheSymbolFromTheFileNameAndInferTheDailyLevel() {
        List<String> symbols = new ArrayList<>();
        for (JsonNode s : report.get("series")) {
            symbols.add(s.get("symbol").asText());
            assertThat(s.get("level").asText()).isEqualTo("day");
        }
        assertThat(symbols).containsExactly("XLC", "XLRE", "XLK");
        JsonNode day = report.get("by_level").get("day");
        assertThat(day.get("higher_level").asText()).isEqualTo("week");
        assertThat(day.get("symbols")).hasSize(3);
        assertThat(day.get("higher_bars").asInt()).isGreaterThan(1_000);
        assertThat(day.get("model_state").get("samples_seen").asInt()).isEqualTo(day.get("points").asInt());
    }

    @Test
    void shouldSplitThePointsByTypeWithEachMultiTypePointCountedUnderEachType() {
        JsonNode byType = report.get("by_level").get("day").get("by_type");
        assertThat(byType.fieldNames()).toIterable().containsExactly("1", "1p", "2", "2s", "3a", "3b");
        int sum = 0;
        for (JsonNode t : byType) {
            sum += t.get("points").asInt();
        }
        // every point has at least one type; some have several
        assertThat(sum).isGreaterThanOrEqualTo(report.get("points").asInt());
        assertThat(report.get("by_type")).isEqualTo(byType); // one level: overall = that level
    }

    @Test
    void shouldPrintTheTableWithTheOverallLevelAndTypeRows() {
        assertThat(table).contains("AUC").contains("base AUC").contains("win% tkn");
        assertThat(table.lines().filter(l -> l.startsWith("all ") || l.startsWith("day ")).count()).isEqualTo(8);
    }

    @Test
    void shouldWriteAByteIdenticalReportOnASecondRun() throws IOException {
        Path again = dir.resolve("again.json");
        assertThat(evaluate(args("--bars", files, "--report", again.toString()))).as(err()).isZero();
        assertThat(Files.readAllBytes(again)).isEqualTo(reportBytes);
    }

    @Test
    void shouldBeReachableFromTheMainCommandLine() {
        assertThat(Chanflow.run(new String[] {"help"}, print(out), print(err))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("evaluate");
    }

    @Test
    void shouldExitWithStatus2NamingAMissingFile() {
        Path missing = dir.resolve("NOPE_daily.csv");
        assertThat(evaluate("--bars", missing.toString())).isEqualTo(2);
        assertThat(err()).contains("--bars " + missing).contains("no such readable file");
    }

    @Test
    void shouldExitWithStatus2NamingABadLevel() throws IOException {
        Path f = csv("AAA_x.csv", HEADER + "2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,12,10,11,200\n");
        assertThat(evaluate("--bars", f.toString(), "--level", "2h")).isEqualTo(2);
        assertThat(err()).contains("--level").contains("'2h'").contains("1m, 5m, 15m, 30m, 60m, day, week, month");
    }

    @Test
    void shouldExitWithStatus2WhenTheLevelCannotBeInferred() throws IOException {
        Path f = csv("BBB_x.csv", HEADER + "2024-01-02T00:00Z,10,11,9,10.5,100\n2024-01-02T02:00Z,10.5,12,10,11,200\n");
        assertThat(evaluate("--bars", f.toString())).isEqualTo(2);
        assertThat(err()).contains(f.toString()).contains("median bar spacing (2.0 h)").contains("--level");
    }

    @Test
    void shouldExitWithStatus2NamingFileAndLineOfABadRow() throws IOException {
        Path f = csv("CCC_x.csv", HEADER + "2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,9,10,11,200\n");
        assertThat(evaluate("--bars", f.toString(), "--level", "day")).isEqualTo(2);
        assertThat(err()).contains("CCC_x.csv:3:").contains("high 9 is below low 10");
    }

    @Test
    void shouldExitWithStatus2OnBadOptionValues() {
        String file = files[0];
        assertThat(evaluate("--bars", file, "--take", "1.5")).isEqualTo(2);
        assertThat(err()).contains("--take must be a number in [0, 1]");
        assertThat(evaluate("--bars", file, "--higher", "maybe")).isEqualTo(2);
        assertThat(err()).contains("--higher must be auto or none");
        assertThat(evaluate("--bars", file, "--set", "ml.nope=1")).isEqualTo(2);
        assertThat(err()).contains("unknown ensemble option 'nope'");
        assertThat(evaluate("--bars", file, "--set", "outcome.horizon_bars=0")).isEqualTo(2);
        assertThat(err()).contains("horizonBars must be >= 1");
        assertThat(evaluate()).isEqualTo(2);
        assertThat(err()).contains("give at least one --bars or --ticks file");
    }

    @Test
    void shouldExitWithStatus2WhenTwoInputsGiveTheSameSymbolAndLevel() {
        assertThat(evaluate("--bars", files[0], files[0])).isEqualTo(2);
        assertThat(err()).contains("symbol XLC on level day comes from two inputs");
    }

    @Test
    void shouldReadOneSeriesPerSymbolFromASymbolColumn() throws IOException {
        StringBuilder sb = new StringBuilder("time,symbol,open,high,low,close,volume\n");
        LocalDate d = LocalDate.of(2020, 1, 6);
        double a = 100;
        double b = 50;
        for (int i = 0; i < 300; i++, d = d.plusDays(1)) {
            a *= 1 + 0.03 * Math.sin(i / 5.0);
            b *= 1 + 0.04 * Math.cos(i / 7.0);
            sb.append(d).append(",AAA,").append(a).append(',').append(a * 1.01).append(',').append(a * 0.99).append(',')
                    .append(a).append(",1000\n");
            sb.append(d).append(",BBB,").append(b).append(',').append(b * 1.01).append(',').append(b * 0.99).append(',')
                    .append(b).append(",2000\n");
        }
        Path f = csv("long_format.csv", sb.toString());
        Path json = dir.resolve("long.json");
        assertThat(evaluate("--bars", "day=" + f, "--report", json.toString(), "--higher", "none")).as(err()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("series")).hasSize(2);
        assertThat(r.get("series").get(0).get("symbol").asText()).isEqualTo("AAA");
        assertThat(r.get("series").get(1).get("symbol").asText()).isEqualTo("BBB");
        assertThat(r.get("series").get(1).get("bars").asInt()).isEqualTo(300);
        assertThat(r.get("by_level").get("day").get("higher_level").isNull()).isTrue();
    }
}
