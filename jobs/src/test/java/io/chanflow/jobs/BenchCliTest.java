package io.chanflow.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chanflow.jobs.cli.Chanflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code chanflow bench} on a few real ticks: the table has its four rows with positive rates (no timing asserts). */
class BenchCliTest {

    @TempDir
    Path dir;

    @Test
    void benchPrintsFourRowsAndLatency() throws Exception {
        Path spy = SharedData.real("quantconnect-lean/SPY_trades_20131007_20131011.norm.csv.gz");
        Path aig = SharedData.real("quantconnect-lean/AIG_trades_20131007_20131011.norm.csv.gz");
        Path json = dir.resolve("bench.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Chanflow.run(new String[] {"bench", "--ticks", spy.toString(), "--ticks", aig.toString(),
                        "--limit", "20000", "--repeat", "1", "--checkpoint-interval", "1000", "--json", json.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(text + err.toString(StandardCharsets.UTF_8)).isZero();

        Pattern row = Pattern.compile("(?m)^(ceiling|chan)\\s+(hashmap|rocksdb)\\s+(\\d+)\\s+([\\d.]+)\\s+(\\d+)\\s+([\\d.]+)%$");
        Matcher m = row.matcher(text);
        int rows = 0;
        while (m.find()) {
            rows++;
            assertThat(Long.parseLong(m.group(3))).isEqualTo(20000);
            assertThat(Long.parseLong(m.group(5))).as(m.group()).isPositive();
            assertThat(Double.parseDouble(m.group(6))).as(m.group()).isPositive();
        }
        assertThat(rows).as(text).isEqualTo(4);
        assertThat(text).contains("tick-to-signal latency ms: p50");

        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("runs")).hasSize(4);
        for (JsonNode r : j.get("runs")) {
            assertThat(r.get("ticksPerSecond").asDouble()).isPositive();
        }
        assertThat(j.get("latency").get("signals").asLong()).isNotNegative();
    }
}
