package io.chanflow.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chanflow.jobs.cli.Analyze;
import io.chanflow.jobs.cli.Chanflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code analyze} command line: bad input and bad arguments end with exit status 2 and a clear message. */
class AnalyzeCliTest {

    private static final String HEADER = "time,open,high,low,close,volume\n";
    private static final String GOOD = HEADER
            + "2024-01-02,10,11,9,10.5,100\n"
            + "2024-01-03,10.5,12,10,11,200\n"
            + "2024-01-04,11,11.5,10.2,10.4,150\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int analyze(String... args) {
        return Analyze.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path csv(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private int analyzeFile(Path in) {
        return analyze("--input", in.toString(), "--level", "day", "--out", dir.resolve("out.json").toString());
    }

    @Test
    void shouldWriteTheResultJsonForGoodInput() throws IOException {
        Path in = csv("good.csv", GOOD);
        Path o = dir.resolve("sub/out.json");
        int rc = analyze("--input", in.toString(), "--level", "day", "--out", o.toString(),
                "--events", dir.resolve("ev.jsonl").toString(), "--structures", dir.resolve("st.jsonl").toString());
        assertThat(rc).as(err()).isZero();
        JsonNode j = new ObjectMapper().readTree(o.toFile());
        assertThat(j.get("bars").asInt()).isEqualTo(3);
        assertThat(j.get("level").asText()).isEqualTo("day");
        assertThat(j.get("config").get("divergence_rate").asText()).isEqualTo("inf");
        for (String f : new String[] {"bi", "seg", "segseg", "zs", "bsp"}) {
            assertThat(j.get(f).isArray()).as(f).isTrue();
        }
        assertThat(j.get("counts").has("bsp_seg")).isTrue();
        assertThat(dir.resolve("ev.jsonl")).exists();
        assertThat(dir.resolve("st.jsonl")).exists();
    }

    @Test
    void shouldRejectTimesThatAreNotIncreasing() throws IOException {
        Path in = csv("unordered.csv", HEADER + "2024-01-03,10,11,9,10,1\n2024-01-02,10,11,9,10,1\n");
        assertThat(analyzeFile(in)).isEqualTo(2);
        assertThat(err()).contains("unordered.csv:3:").contains("2024-01-02").contains("not after");
    }

    @Test
    void shouldRejectEqualTimes() throws IOException {
        Path in = csv("dup.csv", HEADER + "2024-01-03,10,11,9,10,1\n2024-01-03T00:00:00Z,10,11,9,10,1\n");
        assertThat(analyzeFile(in)).isEqualTo(2);
        assertThat(err()).contains("dup.csv:3:");
    }

    @Test
    void shouldRejectHighBelowLow() throws IOException {
        Path in = csv("hl.csv", HEADER + "2024-01-02,10,11,9,10,1\n2024-01-03,10,9,11,10,1\n");
        assertThat(analyzeFile(in)).isEqualTo(2);
        assertThat(err()).contains("hl.csv:3:").contains("high 9 is below low 11");
    }

    @Test
    void shouldRejectCloseOutsideTheRange() throws IOException {
        Path in = csv("close.csv", HEADER + "2024-01-02,10,11,9,12,1\n");
        assertThat(analyzeFile(in)).isEqualTo(2);
        assertThat(err()).contains("close.csv:2:").contains("invalid bar");
    }

    @Test
    void shouldRejectNaN() throws IOException {
        Path in = csv("nan.csv", HEADER + "2024-01-02,10,11,9,10,1\n2024-01-03,10,NaN,9,10,1\n");
        assertThat(analyzeFile(in)).isEqualTo(2);
        assertThat(err()).contains("nan.csv:3:").contains("high").contains("not a finite number");
    }

    @Test
    void shouldRejectInfinity() throws IOException {
        Path in = csv("inf.csv", HEADER + "2024-01-02,10,inf,9,10,1\n");
        assertThat(analyzeFile(in)).isEqualTo(2);
        assertThat(err()).contains("inf.csv:2:").contains("not a finite number");
    }

    @Test
    void shouldRejectAMissingColumn() throws IOException {
        Path in = csv("nocol.csv", "time,open,high,low,volume\n2024-01-02,10,11,9,1\n");
        assertThat(analyzeFile(in)).isEqualTo(2);
        assertThat(err()).contains("nocol.csv:1:").contains("close");
    }

    @Test
    void shouldRejectABadNumber() throws IOException {
        Path in = csv("badnum.csv", HEADER + "2024-01-02,10,11,9,10,1\n2024-01-03,10,11,nine,10,1\n");
        assertThat(analyzeFile(in)).isEqualTo(2);
        assertThat(err()).contains("badnum.csv:3:").contains("low 'nine' is not a number");
    }

    @Test
    void shouldRejectABadTime() throws IOException {
        Path in = csv("badtime.csv", HEADER + "2024-13-02,10,11,9,10,1\n");
        assertThat(analyzeFile(in)).isEqualTo(2);
        assertThat(err()).contains("badtime.csv:2:").contains("2024-13-02");
    }

    @Test
    void shouldRejectAnEmptyFile() throws IOException {
        Path in = csv("empty.csv", "");
        assertThat(analyzeFile(in)).isEqualTo(2);
        assertThat(err()).contains("empty.csv:1:").contains("empty");
    }

    @Test
    void shouldRejectAHeaderWithoutRows() throws IOException {
        Path in = csv("header.csv", HEADER);
        assertThat(analyzeFile(in)).isEqualTo(2);
        assertThat(err()).contains("header.csv:2:").contains("no data rows");
    }

    @Test
    void shouldRejectAMissingFile() {
        assertThat(analyzeFile(dir.resolve("nope.csv"))).isEqualTo(2);
        assertThat(err()).contains("nope.csv").contains("no such file");
    }

    @Test
    void shouldReadGzipInputWithColumnsInAnyOrderAndExtraColumns() throws IOException {
        Path in = dir.resolve("bars.csv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(in))) {
            o.write(("symbol,volume,close,low,high,open,time\n"
                    + "X,1,10.5,9,11,10,2024-01-02T09:30:00Z\n"
                    + "X,2,11,10,12,10.5,2024-01-02 09:31\n"
                    + "X,3,10.4,10.2,11.5,11,1704187920000\n").getBytes(StandardCharsets.UTF_8));
        }
        int rc = analyze("--input", in.toString(), "--level", "1m", "--out", dir.resolve("gz.json").toString());
        assertThat(rc).as(err()).isZero();
        assertThat(new ObjectMapper().readTree(dir.resolve("gz.json").toFile()).get("bars").asInt()).isEqualTo(3);
    }

    @Test
    void shouldNameAnUnknownConfigKey() throws IOException {
        Path in = csv("good.csv", GOOD);
        int rc = analyze("--input", in.toString(), "--level", "day", "--set", "no_such_key=1", "--out", dir.resolve("o.json").toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err()).contains("no_such_key");
    }

    @Test
    void shouldNameABadConfigValue() throws IOException {
        Path in = csv("good.csv", GOOD);
        int rc = analyze("--input", in.toString(), "--level", "day", "--set", "bi_strict=maybe", "--out", dir.resolve("o.json").toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err()).contains("bi_strict");
    }

    @Test
    void shouldRejectAnUnknownLevelAndMissingOptions() throws IOException {
        Path in = csv("good.csv", GOOD);
        assertThat(analyze("--input", in.toString(), "--level", "2h", "--out", "o.json")).isEqualTo(2);
        assertThat(err()).contains("2h");
        assertThat(analyze("--input", in.toString(), "--out", "o.json")).isEqualTo(2);
        assertThat(err()).contains("--level");
        assertThat(analyze("--input", in.toString(), "--level", "day")).isEqualTo(2);
        assertThat(err()).contains("--out");
        assertThat(analyze("--input", in.toString(), "--level", "day", "--out", "o.json", "--bogus", "x")).isEqualTo(2);
        assertThat(err()).contains("--bogus");
    }

    @Test
    void shouldWriteOneFilePerLevelForTwoLevels() throws IOException {
        Path week = csv("w.csv", HEADER + "2024-01-05,10,12,9,11,1\n2024-01-12,11,13,10,12,1\n");
        Path day = csv("d.csv", HEADER + "2024-01-04,10,11,9,10.5,1\n2024-01-05,10.5,12,10,11,1\n"
                + "2024-01-08,11,12,10,11.5,1\n2024-01-12,11.5,13,11,12,1\n");
        Path o = dir.resolve("two.json");
        int rc = analyze("--input", "day=" + day, "--input", "week=" + week, "--out", o.toString(),
                "--events", dir.resolve("two.jsonl").toString());
        assertThat(rc).as(err()).isZero();
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readTree(dir.resolve("two.week.json").toFile()).get("bars").asInt()).isEqualTo(2);
        assertThat(m.readTree(dir.resolve("two.day.json").toFile()).get("bars").asInt()).isEqualTo(4);
        assertThat(dir.resolve("two.week.jsonl")).exists();
        assertThat(dir.resolve("two.day.jsonl")).exists();
    }

    @Test
    void shouldFailWhenParentBarsHaveNoChildren() throws IOException {
        // weeks of 01-12 and 01-19 have no day bars: 2 misaligned >= max_kl_misalgin_cnt (2)
        Path week = csv("w.csv", HEADER + "2024-01-05,10,12,9,11,1\n2024-01-12,11,13,10,12,1\n2024-01-19,11,13,10,12,1\n");
        Path day = csv("d.csv", HEADER + "2024-01-04,10,11,9,10.5,1\n2024-01-05,10.5,12,10,11,1\n");
        int rc = analyze("--input", "week=" + week, "--input", "day=" + day, "--out", dir.resolve("x.json").toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err()).contains("w.csv:4:").contains("max_kl_misalgin_cnt").contains("2024-01-19");
        // one misaligned bar is tolerated; the check can be switched off
        err.reset();
        assertThat(analyze("--input", "week=" + week, "--input", "day=" + day, "--set", "kl_data_check=false",
                "--out", dir.resolve("x.json").toString())).as(err()).isZero();
    }

    @Test
    void shouldFailWhenChildrenLieOnAnotherDay() throws IOException {
        // 60m bars stamped on the day after their day bar: every day bar is inconsistent
        StringBuilder day = new StringBuilder(HEADER);
        StringBuilder hour = new StringBuilder(HEADER);
        for (int d = 2; d <= 8; d++) {
            day.append(String.format("2024-01-%02dT16:00:00,10,12,9,11,1%n", d * 2));
            hour.append(String.format("2024-01-%02dT15:00:00,10,12,9,11,1%n", d * 2 - 1));
        }
        Path dp = csv("d.csv", day.toString());
        Path hp = csv("h.csv", hour.toString());
        int rc = analyze("--input", "day=" + dp, "--input", "60m=" + hp, "--out", dir.resolve("x.json").toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err()).contains("d.csv:").contains("max_kl_inconsistent_cnt").contains("another calendar day");
    }

    @Test
    void shouldPrintUsageAndRejectUnknownCommands() {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(Chanflow.run(new String[] {"help"}, o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("analyze");
        assertThat(Chanflow.run(new String[] {"help", "analyze"}, o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--events");
        assertThat(Chanflow.run(new String[] {"frobnicate"}, o, e)).isEqualTo(2);
        assertThat(err()).contains("frobnicate");
        assertThat(Chanflow.run(new String[0], o, e)).isEqualTo(2);
    }
}
