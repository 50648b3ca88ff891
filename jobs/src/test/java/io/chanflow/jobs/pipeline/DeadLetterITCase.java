package io.chanflow.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chanflow.operators.chan.ChanJobSettings;
import io.chanflow.operators.ticks.TickParser;
import io.chanflow.state.feed.Reject;
import io.chanflow.testing.EmbeddedKafka;
import io.chanflow.testing.FlinkTestConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 4 of the signal job: a corpus of bad ticks of every kind, interleaved with good ones,
 * goes through the real job (Kafka in, MiniCluster at parallelism 2, RocksDB, exactly-once Kafka
 * out). Every bad tick lands in {@code dead-letters} with its raw payload and its reason, the
 * per-reason counters in the REST API (what the web UI shows) agree, the good ticks still make
 * bars, and the job never fails or restarts (its restart strategy is {@code none}).
 */
class DeadLetterITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2013-10-07 09:30 New York. */
    private static final long OPEN = 1_381_152_600_000L;

    @TempDir
    static Path tmp;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String tick(String symbol, long ts, double price, String extra) {
        return "{\"symbol\":\"" + symbol + "\",\"ts\":" + ts + ",\"price\":" + price + ",\"size\":100" + extra + "}";
    }

    private record Bad(String payload, Reject reason) { }

    @Test
    void shouldDeadLetterEveryKindOfBadTickWithItsReasonWithoutEverRestarting() throws Exception {
        List<String> stream = new ArrayList<>();
        List<Bad> bad = new ArrayList<>();
        // stateless kinds (the parser), between good SPY ticks of the first minute
        String big = tick("SPY", OPEN, 167, ",\"pad\":\"" + "x".repeat(70_000) + "\"");
        List<Bad> stateless = List.of(
                new Bad("   ", Reject.EMPTY),
                new Bad(big, Reject.TOO_LARGE),
                new Bad("{\"symbol\":\"SPY\",", Reject.MALFORMED),
                new Bad("[1,2,3]", Reject.NOT_AN_OBJECT),
                new Bad("2013-10-07T13:30:00Z,SPY,167.4", Reject.BAD_COLUMNS),
                new Bad("{\"ts\":1381152600000,\"price\":1,\"size\":1}", Reject.MISSING_SYMBOL),
                new Bad("{\"symbol\":\"SPY\",\"price\":1,\"size\":1}", Reject.MISSING_TS),
                new Bad("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"size\":1}", Reject.MISSING_PRICE),
                new Bad("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":1}", Reject.MISSING_SIZE),
                new Bad("{\"symbol\":\"S P Y\",\"ts\":1381152600000,\"price\":1,\"size\":1}", Reject.BAD_SYMBOL),
                new Bad("{\"symbol\":\"SPY\",\"ts\":\"yesterday\",\"price\":1,\"size\":1}", Reject.BAD_TS),
                new Bad("{\"symbol\":\"SPY\",\"ts\":999999999999999,\"price\":1,\"size\":1}", Reject.TS_OUT_OF_RANGE),
                new Bad("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":\"abc\",\"size\":1}", Reject.BAD_PRICE),
                new Bad("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":NaN,\"size\":1}", Reject.PRICE_NAN),
                new Bad("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":Infinity,\"size\":1}", Reject.PRICE_INFINITE),
                new Bad("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":-3.5,\"size\":1}", Reject.PRICE_NOT_POSITIVE),
                new Bad("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":1,\"size\":\"many\"}", Reject.BAD_SIZE),
                new Bad("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":1,\"size\":-100}", Reject.SIZE_NEGATIVE));
        long t = OPEN;
        double price = 167.00;
        for (Bad b : stateless) {
            stream.add(tick("SPY", t, price, ""));
            stream.add(b.payload());
            bad.add(b);
            t += 1_000;
        }
        // stateful kinds (the keyed operator's gate): pre-market, no calendar, a repeated id, a lone
        // 10x print, and a tick for a minute that the watermark has already closed
        bad.add(new Bad(tick("SPY", OPEN - 3_600_000, price, ""), Reject.OUTSIDE_SESSION));
        bad.add(new Bad(tick("GCZ13", t, 1300.5, ""), Reject.UNKNOWN_SYMBOL));
        stream.add(bad.get(bad.size() - 2).payload());
        stream.add(bad.get(bad.size() - 1).payload());
        stream.add(tick("SPY", t, price, ",\"id\":\"trade-1\""));
        bad.add(new Bad(tick("SPY", t + 1, price, ",\"id\":\"trade-1\""), Reject.DUPLICATE));
        stream.add(bad.get(bad.size() - 1).payload());
        bad.add(new Bad(tick("SPY", t + 2, price * 10, ""), Reject.PRICE_JUMP));
        stream.add(bad.get(bad.size() - 1).payload());
        // good ticks every 5 s up to 09:36, the watermark closes 09:30..09:35
        for (t = OPEN + 30_000; t < OPEN + 6 * 60_000; t += 5_000) {
            price += 0.01;
            stream.add(tick("SPY", t, price, ""));
        }
        bad.add(new Bad(tick("SPY", OPEN + 65_000, price, ""), Reject.LATE));
        stream.add(bad.get(bad.size() - 1).payload());
        stream.add(tick("SPY", t, price, ""));

        EnumSet<Reject> kinds = EnumSet.noneOf(Reject.class);
        bad.forEach(b -> kinds.add(b.reason()));
        assertThat(kinds).as("kinds of bad ticks in the corpus").hasSizeGreaterThanOrEqualTo(20);

        kafka.createTopic("bad-ticks", 1);
        List<ProducerRecord<String, String>> recs = new ArrayList<>();
        for (String s : stream) {
            recs.add(new ProducerRecord<>("bad-ticks", 0, null, s));
        }
        kafka.produce("bad-ticks", recs);

        int restPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            restPort = s.getLocalPort();
        }
        Configuration conf = FlinkTestConfig.create(tmp.resolve("flink"), 2, FlinkTestConfig.Backend.ROCKSDB);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(RestOptions.PORT, restPort);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        ChanJobSettings settings = ChanJobSettings.defaults().withWatermarks(2_000, 1_000);
        // one partition: the reader without a split is idle, so the keyed operator follows the one with it
        SingleOutputStreamOperator<TickParser.Result> raw =
                Edges.kafkaTicks(env, kafka.bootstrap(), "bad-ticks", "g-dead", false, settings);
        Edges.Topics topics = new Edges.Topics("bad-ticks", "d-signals", "d-structures", "d-dead-letters", "d-bars",
                "d-trade-outcomes");
        Edges.toKafka(SignalPipeline.build(raw, settings),
                kafka.bootstrap(), topics, "tx-dead");
        JobClient job = env.executeAsync("it-dead-letters");
        try {
            List<ConsumerRecord<String, String>> dead = awaitCommitted(topics.deadLetters(), bad.size());
            // every bad tick exactly once, with its own reason and its raw payload
            // (an oversized payload keeps only its first 1,024 characters in the dead letter)
            List<String> expected = bad.stream().map(b -> b.reason() + " "
                    + b.payload().substring(0, Math.min(b.payload().length(), 1024))).sorted().toList();
            List<String> actual = new ArrayList<>();
            for (ConsumerRecord<String, String> r : dead) {
                JsonNode n = JSON.readTree(r.value());
                assertThat(n.get("detail").asText()).isNotBlank();
                actual.add(n.get("reason").asText() + " " + n.get("raw").asText());
            }
            actual.sort(null);
            assertThat(actual).containsExactlyElementsOf(expected);

            // the good ticks went on making bars: 09:30 .. 09:34 closed at least
            List<ConsumerRecord<String, String>> bars = kafka.readCommitted(topics.bars(), Duration.ofSeconds(30), 5);
            assertThat(bars.stream().filter(r -> r.value().contains("\"level\":\"1m\"")).count())
                    .isGreaterThanOrEqualTo(5);

            // the same counts in the REST API the web UI reads, per reason
            Map<Reject, Long> counted = awaitCounters(restPort, job.getJobID().toString(), bad.size());
            Map<Reject, Long> want = new EnumMap<>(Reject.class);
            bad.forEach(b -> want.merge(b.reason(), 1L, Long::sum));
            assertThat(counted).isEqualTo(want);

            // the write-behind feed cache is visible too: the symbols with accepted ticks are held
            assertThat(sumMetric(restPort, job.getJobID().toString(), "chanflow.feedsCached")).isPositive();

            // never failed, never restarted
            JsonNode restarts = get(restPort, "/jobs/" + job.getJobID() + "/metrics?get=numRestarts");
            assertThat(restarts.get(0).get("value").asLong()).isZero();
            assertThat(job.getJobStatus().get().name()).isEqualTo("RUNNING");
        } finally {
            job.cancel().get();
        }
    }

    private static List<ConsumerRecord<String, String>> awaitCommitted(String topic, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        List<ConsumerRecord<String, String>> got = List.of();
        while (System.nanoTime() < deadline) {
            got = kafka.readCommitted(topic, Duration.ofSeconds(5), n);
            if (got.size() >= n) {
                return got;
            }
            Thread.sleep(500);
        }
        return got;
    }

    /** Sums every {@code chanflow.deadLetter.<REASON>} counter over all vertices and subtasks, until they reach n. */
    private static Map<Reject, Long> awaitCounters(int port, String jobId, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        Map<String, Long> sums = Map.of();
        while (System.nanoTime() < deadline) {
            sums = metricSums(port, jobId, id -> id.contains("chanflow.deadLetter."));
            if (sums.values().stream().mapToLong(Long::longValue).sum() >= n) {
                break;
            }
            Thread.sleep(1_000); // the REST metric store refreshes every few seconds
        }
        Map<Reject, Long> out = new EnumMap<>(Reject.class);
        sums.forEach((id, sum) -> {
            if (sum > 0) {
                out.merge(Reject.valueOf(id.substring(id.lastIndexOf('.') + 1)), sum, Long::sum);
            }
        });
        return out;
    }

    /** The sum over every vertex and subtask of the metrics whose id ends with {@code name} (waits up to 30 s for one). */
    private static long sumMetric(int port, String jobId, String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            long sum = metricSums(port, jobId, id -> id.endsWith(name)).values().stream().mapToLong(Long::longValue)
                    .sum();
            if (sum > 0 || System.nanoTime() > deadline) {
                return sum;
            }
            Thread.sleep(1_000);
        }
    }

    /** Per metric id matching {@code wanted}: its sum over the subtasks, added up over every vertex (REST API). */
    private static Map<String, Long> metricSums(int port, String jobId, Predicate<String> wanted)
            throws Exception {
        Map<String, Long> sums = new TreeMap<>();
        for (JsonNode v : get(port, "/jobs/" + jobId).get("vertices")) {
            String base = "/jobs/" + jobId + "/vertices/" + v.get("id").asText() + "/subtasks/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode m : get(port, base)) {
                String id = m.get("id").asText();
                if (wanted.test(id)) {
                    ids.add(id);
                }
            }
            if (!ids.isEmpty()) {
                for (JsonNode m : get(port, base + "?agg=sum&get=" + String.join(",", ids))) {
                    sums.merge(m.get("id").asText(), (long) m.get("sum").asDouble(), Long::sum);
                }
            }
        }
        return sums;
    }

    private static JsonNode get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
