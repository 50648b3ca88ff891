package io.chanflow.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chanflow.jobs.cli.Chanflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chanflow bench-rag} at tiny sizes against a real Chroma it starts itself (from infra/chroma/node_modules):
 * the table has a chroma and a cached row per size with positive latencies, and the JSON has the same figures. No
 * timing assertions.
 */
class BenchRagCliTest {

    @TempDir
    Path dir;

    @Test
    void benchRagPrintsBothPathsAtEverySizeAndWritesJson() throws Exception {
        Path json = dir.resolve("rag.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Chanflow.run(new String[] {"bench-rag", "--sizes", "500,200", "--k", "3", "--queries", "50",
                        "--json", json.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(text + err.toString(StandardCharsets.UTF_8)).isZero();

        Pattern row = Pattern.compile("(?m)^(\\d+)\\s+(chroma|cached)\\s+\\d+\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)"
                + "\\s+([\\d.]+)$");
        Matcher m = row.matcher(text);
        StringBuilder seen = new StringBuilder();
        while (m.find()) {
            seen.append(m.group(1)).append(' ').append(m.group(2)).append(';');
            assertThat(Double.parseDouble(m.group(3))).as(m.group()).isPositive();
            assertThat(Double.parseDouble(m.group(4))).as(m.group()).isGreaterThanOrEqualTo(
                    Double.parseDouble(m.group(3)));
            assertThat(Double.parseDouble(m.group(7))).as(m.group()).isBetween(0.0, 1.0);
        }
        assertThat(seen.toString()).as(text).isEqualTo("200 chroma;200 cached;500 chroma;500 cached;");
        assertThat(text).contains("recall@3").contains("chroma/cached median").contains("p99 goal 10 ms");

        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("k").asInt()).isEqualTo(3);
        assertThat(j.get("runs")).hasSize(2);
        assertThat(j.get("runs").get(1).get("trades").asInt()).isEqualTo(500);
        for (JsonNode r : j.get("runs")) {
            assertThat(r.get("chroma").get("p99Ms").asDouble()).isPositive();
            assertThat(r.get("cached").get("medianMs").asDouble()).isPositive();
            assertThat(r.get("insertSeconds").asDouble()).isPositive();
        }
    }

    @Test
    void benchRagRejectsBadOptionsWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Chanflow.run(new String[] {"bench-rag", "--sizes", "10,x"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--sizes expects an integer").contains("Usage:");
    }
}
