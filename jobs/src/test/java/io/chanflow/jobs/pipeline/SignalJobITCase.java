package io.chanflow.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chanflow.jobs.SharedData;
import io.chanflow.jobs.cli.Chanflow;
import io.chanflow.operators.chan.ChanJobSettings;
import io.chanflow.operators.ticks.TickParser;
import io.chanflow.testing.EmbeddedKafka;
import io.chanflow.testing.FlinkTestConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signal job end to end on real trades: real Kafka broker (in-JVM KRaft), MiniCluster at
 * parallelism 2 with RocksDB, exactly-once sinks, read_committed consumers.
 *
 * <p>Input: every SPY and AIG trade of 2013-10-07 (pre- and post-market included, which must come
 * out as OUTSIDE_SESSION dead letters). One uninterrupted run is the baseline; a run with an
 * injected failure and a run stopped with a savepoint and resumed at another parallelism must
 * equal it record for record.
 */
class SignalJobITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final String DAY = "2013-10-07";

    @TempDir
    static Path tmp;
    static EmbeddedKafka kafka;
    /** The day's trades as CSV lines {@code time,symbol,price,size}, per symbol in file order. */
    static List<String> trades;
    static Outputs baseline;

    /**
     * One run's four topics, each as key -> values in partition order; signals as "key level" -> values: each
     * level is scored by one subtask, and different levels of one symbol interleave freely in its partition.
     */
    record Outputs(Map<String, List<String>> signals, Map<String, List<String>> structures,
                   Map<String, List<String>> deadLetters, Map<String, List<String>> bars) { }

    @BeforeAll
    static void startKafkaAndRunBaseline() throws Exception {
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
        trades = new ArrayList<>();
        for (String f : List.of("SPY_trades_20131007_20131011.norm.csv.gz", "AIG_trades_20131007_20131011.norm.csv.gz")) {
            Path p = SharedData.real("quantconnect-lean/" + f);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(p)), StandardCharsets.UTF_8))) {
                r.readLine();
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith(DAY)) {
                        trades.add(line);
                    }
                }
            }
        }
        // one market: both symbols' trades merged in time order (stable, so each symbol keeps its file order)
        trades.sort(Comparator.comparing((String l) -> l.substring(0, l.indexOf(','))));
        kafka.createTopic("ticks", 2);
        produce("ticks", trades);
        baseline = runBounded("base", "ticks", conf("base", 2), UnaryOperator.identity());
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Ticks as JSON with ISO-8601 times, keyed by symbol; SPY in partition 0, AIG in partition 1. */
    static void produce(String topic, List<String> csvLines) {
        List<ProducerRecord<String, String>> recs = new ArrayList<>(csvLines.size());
        for (String l : csvLines) {
            String[] p = l.split(",");
            recs.add(new ProducerRecord<>(topic, p[1].equals("SPY") ? 0 : 1, p[1], "{\"symbol\":\"" + p[1] + "\",\"ts\":\"" + p[0] + "\",\"price\":"
                    + p[2] + ",\"size\":" + p[3] + "}"));
        }
        kafka.produce(topic, recs);
    }

    static Configuration conf(String name, int parallelism) {
        return FlinkTestConfig.create(tmp.resolve("flink-" + name), parallelism, FlinkTestConfig.Backend.ROCKSDB);
    }

    static ChanJobSettings settings() {
        // idleness far beyond any test's duration: a busy (backpressured) split is never taken for idle
        return ChanJobSettings.defaults().withWatermarks(2_000, 600_000);
    }

    static Edges.Topics topics(String run) {
        return new Edges.Topics("unused", run + "-signals", run + "-structures", run + "-dead-letters", run + "-bars",
                run + "-trade-outcomes");
    }

    static JobClient start(String run, String ticksTopic, Configuration conf, boolean bounded,
                           UnaryOperator<DataStream<TickParser.Result>> edge) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        DataStream<TickParser.Result> raw =
                edge.apply(Edges.kafkaTicks(env, kafka.bootstrap(), ticksTopic, "g-" + run, bounded, settings()));
        Edges.toKafka(SignalPipeline.build(raw, settings()), kafka.bootstrap(), topics(run), "tx-" + run);
        return env.executeAsync("it-" + run);
    }

    static Outputs runBounded(String run, String ticksTopic, Configuration conf, UnaryOperator<DataStream<TickParser.Result>> edge)
            throws Exception {
        JobClient jc = start(run, ticksTopic, conf, true, edge);
        jc.getJobExecutionResult().get(10, TimeUnit.MINUTES);
        return read(run);
    }

    static Outputs read(String run) {
        Edges.Topics t = topics(run);
        return new Outputs(byKey(t.signals(), true), byKey(t.structures(), false), byKey(t.deadLetters(), false),
                byKey(t.bars(), false));
    }

    static Map<String, List<String>> byKey(String topic, boolean byLevel) {
        Map<String, List<String>> m = new TreeMap<>();
        for (ConsumerRecord<String, String> r : kafka.readCommitted(topic, Duration.ofSeconds(20), 1)) {
            String k = r.key();
            if (byLevel) {
                try {
                    k += " " + JSON.readTree(r.value()).get("level").asText();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            m.computeIfAbsent(k, x -> new ArrayList<>()).add(r.value());
        }
        return m;
    }

    // ---------------------------------------------------------------- acceptance 1

    @Test
    void shouldBuildTheBarsOfAnIndependentReducerFromRealTrades() throws Exception {
        for (String sym : List.of("SPY", "AIG")) {
            Map<Long, double[]> minutes = new TreeMap<>();
            double[] day = null;
            int outside = 0;
            for (String l : trades) {
                String[] p = l.split(",");
                if (!p[1].equals(sym)) {
                    continue;
                }
                long ts = Instant.parse(p[0]).toEpochMilli();
                ZonedDateTime z = Instant.ofEpochMilli(ts).atZone(NY);
                LocalTime lt = z.toLocalTime();
                boolean in = z.getDayOfWeek() != DayOfWeek.SATURDAY && z.getDayOfWeek() != DayOfWeek.SUNDAY
                        && !lt.isBefore(LocalTime.of(9, 30)) && lt.isBefore(LocalTime.of(16, 0));
                if (!in) {
                    outside++;
                    continue;
                }
                double price = Double.parseDouble(p[2]);
                double size = Double.parseDouble(p[3]);
                minutes.merge(ts - Math.floorMod(ts, 60_000L), new double[]{price, price, price, price, size, 1},
                        SignalJobITCase::mergeBar);
                day = day == null ? new double[]{price, price, price, price, size, 1}
                        : mergeBar(day, new double[]{price, price, price, price, size, 1});
            }
            List<JsonNode> jobBars = new ArrayList<>();
            for (String v : baseline.bars().get(sym)) {
                jobBars.add(JSON.readTree(v));
            }
            List<JsonNode> m1 = jobBars.stream().filter(b -> b.get("level").asText().equals("1m")).toList();
            assertThat(m1).hasSize(minutes.size());
            int i = 0;
            for (Map.Entry<Long, double[]> e : minutes.entrySet()) {
                JsonNode b = m1.get(i++);
                assertBar(b, e.getKey(), e.getKey() + 60_000, e.getValue());
            }
            List<JsonNode> days = jobBars.stream().filter(b -> b.get("level").asText().equals("day")).toList();
            assertThat(days).hasSize(1);
            long open = ZonedDateTime.of(2013, 10, 7, 9, 30, 0, 0, NY).toInstant().toEpochMilli();
            assertBar(days.get(0), open, open + 390 * 60_000L, day);
            long deadOutside = baseline.deadLetters().getOrDefault(sym, List.of()).stream()
                    .filter(v -> v.contains("\"reason\":\"OUTSIDE_SESSION\"")).count();
            assertThat(deadOutside).as(sym + " pre/post-market trades dead-lettered").isEqualTo(outside);
            assertThat(baseline.deadLetters().get(sym)).hasSize(outside);
        }
    }

    private static double[] mergeBar(double[] a, double[] b) {
        return new double[]{a[0], Math.max(a[1], b[1]), Math.min(a[2], b[2]), b[3], a[4] + b[4], a[5] + b[5]};
    }

    private static void assertBar(JsonNode b, long start, long end, double[] ohlcvn) {
        assertThat(b.get("start").asLong()).isEqualTo(start);
        assertThat(b.get("end").asLong()).isEqualTo(end);
        assertThat(new double[]{b.get("open").asDouble(), b.get("high").asDouble(), b.get("low").asDouble(),
                b.get("close").asDouble(), b.get("volume").asDouble(), b.get("ticks").asDouble()})
                .as("bar at " + Instant.ofEpochMilli(start)).containsExactly(ohlcvn);
    }

    @Test
    void shouldEmitForOneMinuteBarsExactlyTheEventsOfAnalyzeOnTheSameBars() throws Exception {
        // the job's own 1m bars (checked against the independent reducer above) -> ./chanflow analyze
        List<JsonNode> m1 = new ArrayList<>();
        for (String v : baseline.bars().get("SPY")) {
            JsonNode b = JSON.readTree(v);
            if (b.get("level").asText().equals("1m")) {
                m1.add(b);
            }
        }
        Path csv = tmp.resolve("spy-1m.csv");
        StringBuilder sb = new StringBuilder("time,open,high,low,close,volume\n");
        for (JsonNode b : m1) {
            sb.append(b.get("start").asLong()).append(',').append(b.get("open").asText()).append(',')
                    .append(b.get("high").asText()).append(',').append(b.get("low").asText()).append(',')
                    .append(b.get("close").asText()).append(',').append(b.get("volume").asText()).append('\n');
        }
        Files.writeString(csv, sb);
        Path events = tmp.resolve("spy-1m.events.jsonl");
        Path structures = tmp.resolve("spy-1m.structures.jsonl");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Chanflow.run(new String[]{"analyze", "--input", csv.toString(), "--level", "1m", "--out",
                tmp.resolve("spy-1m.json").toString(), "--events", events.toString(), "--structures",
                structures.toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertThat(rc).as(err.toString()).isZero();

        // structures: the same engine events, in the same order
        List<String> expected = new ArrayList<>();
        for (String l : Files.readAllLines(structures)) {
            JsonNode n = JSON.readTree(l);
            boolean line = n.get("kind").asText().equals("line");
            String kind = line ? n.get("level").asText() : n.get("level").asText().equals("bi") ? "zs" : "segzs";
            expected.add(String.join("|", n.get("cause_bar").asText(), kind, n.get("change").asText().toUpperCase(),
                    n.get("idx").asText(), line ? n.get("dir").asText() : "", n.get("begin_bar").asText(),
                    n.get("end_bar").asText(), line ? n.get("begin_price").asText() : n.get("low").asText(),
                    line ? n.get("end_price").asText() : n.get("high").asText(), n.get("is_sure").asText()));
        }
        List<String> actual = new ArrayList<>();
        for (String v : baseline.structures().get("SPY")) {
            JsonNode n = JSON.readTree(v);
            if (!n.get("level").asText().equals("1m")) {
                continue;
            }
            String kind = n.get("kind").asText();
            boolean line = n.has("dir");
            actual.add(String.join("|", n.get("cause_bar").asText(), kind, n.get("change").asText(),
                    n.get("idx").asText(), line ? n.get("dir").asText() : "", n.get("begin_bar").asText(),
                    n.get("end_bar").asText(), line ? n.get("begin_price").asText() : n.get("low").asText(),
                    line ? n.get("end_price").asText() : n.get("high").asText(), n.get("sure").asText()));
        }
        assertThat(expected).isNotEmpty();
        assertThat(actual).containsExactlyElementsOf(expected);

        // buy/sell points: analyze's add/remove events == the lifecycle's appearances and invalidations
        List<String> expectedBsp = new ArrayList<>();
        for (String l : Files.readAllLines(events)) {
            JsonNode n = JSON.readTree(l);
            for (JsonNode t : n.get("types")) {
                expectedBsp.add(String.join("|", n.get("bar_time").asText(), n.get("event").asText(),
                        n.get("level").asText(), n.get("time").asText(), n.get("is_buy").asText(), t.asText()));
            }
        }
        List<String> actualBsp = new ArrayList<>();
        Map<String, String> lastStatus = new HashMap<>();
        int confirmations = 0;
        for (String v : baseline.signals().get("SPY 1m")) {
            JsonNode n = JSON.readTree(v);
            assertThat(n.get("level").asText()).isEqualTo("1m");
            String id = n.get("id").asText();
            String status = n.get("status").asText();
            String prev = lastStatus.put(id, status);
            String op = status.equals("INVALIDATED") ? "remove"
                    : prev == null || prev.equals("INVALIDATED") ? "add" : null;
            if (op == null) {
                assertThat(prev + "->" + status).isEqualTo("PROVISIONAL->CONFIRMED");
                confirmations++;
                continue;
            }
            actualBsp.add(String.join("|", n.get("cause_bar_time").asText(), op, n.get("scope").asText(),
                    n.get("point_time").asText(), String.valueOf(n.get("side").asText().equals("BUY")),
                    n.get("type").asText()));
        }
        assertThat(expectedBsp).isNotEmpty();
        expectedBsp.sort(Comparator.naturalOrder());
        actualBsp.sort(Comparator.naturalOrder());
        assertThat(actualBsp).containsExactlyElementsOf(expectedBsp);
        assertThat(confirmations).isPositive();
    }

    // ---------------------------------------------------------------- acceptance 2

    @Test
    void shouldGiveExactlyTheUninterruptedOutputAfterAFailureAndRestart() throws Exception {
        Outputs failed = runBounded("fail", "ticks", conf("fail", 2),
                raw -> raw.map(new FailOnce("signal-job", 60_000)).uid("test-fail-once").name("Fail once"));
        assertThat(FailOnce.failed("signal-job")).isTrue();
        assertSameAsBaseline(failed);
    }

    // ---------------------------------------------------------------- acceptance 3

    @Test
    void shouldGiveExactlyTheUninterruptedOutputWhenStoppedWithASavepointAndResumedAtParallelismTwo()
            throws Exception {
        kafka.createTopic("ticks-split", 2);
        int half = trades.size() / 2;
        produce("ticks-split", trades.subList(0, half));
        JobClient first = start("split", "ticks-split", conf("split-1", 1), false, UnaryOperator.identity());
        awaitStableBars("split");
        String savepoint = first.stopWithSavepoint(false, tmp.resolve("sp").toUri().toString(),
                SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
        produce("ticks-split", trades.subList(half, trades.size()));
        Configuration c = conf("split-2", 2);
        c.setString("execution.state-recovery.path", savepoint);
        // the restored source splits keep the first job's (unbounded) stop offsets: wait for the rest,
        // then stop with drain, which ends event time like the end of a bounded input
        JobClient second = start("split", "ticks-split", c, false, UnaryOperator.identity());
        awaitStableBars("split");
        second.stopWithSavepoint(true, tmp.resolve("sp2").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        second.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        assertSameAsBaseline(read("split"));
    }

    /** Waits until the committed bar count stops growing (all ticks consumed, checkpoints committed). */
    private static void awaitStableBars(String run) throws InterruptedException {
        int stable = 0;
        int last = -1;
        while (stable < 3) {
            Thread.sleep(2_000);
            int n = kafka.readCommitted(topics(run).bars(), Duration.ofSeconds(5), 1).size();
            stable = n == last && n > 0 ? stable + 1 : 0;
            last = n;
        }
    }

    private static void assertSameAsBaseline(Outputs o) {
        assertThat(o.signals()).isEqualTo(baseline.signals());
        assertThat(o.structures()).isEqualTo(baseline.structures());
        assertThat(o.bars()).isEqualTo(baseline.bars());
        // dead letters from the parser and from the keyed operator interleave freely: compare as multisets
        for (Map.Entry<String, List<String>> e : baseline.deadLetters().entrySet()) {
            assertThat(o.deadLetters().get(e.getKey())).containsExactlyInAnyOrderElementsOf(e.getValue());
        }
        assertThat(o.deadLetters().keySet()).isEqualTo(baseline.deadLetters().keySet());
    }
}
