package io.chanflow.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chanflow.operators.chan.OutcomeEvent;
import io.chanflow.operators.chan.SignalEvent;
import io.chanflow.operators.llm.ClosedTrade;
import io.chanflow.operators.llm.SessionStats;
import io.chanflow.operators.llm.SessionStatsStore;
import io.chanflow.operators.llm.TradeResult;
import io.chanflow.operators.validate.ActiveModel;
import io.chanflow.operators.validate.ChromaTradeRecall;
import io.chanflow.operators.validate.FeatureVectors;
import io.chanflow.operators.validate.Fixtures;
import io.chanflow.operators.validate.ValidatorSettings;
import io.chanflow.state.outcome.ExitReason;
import io.chanflow.state.outcome.Features;
import io.chanflow.state.outcome.TradeOutcome;
import io.chanflow.testing.ChromaServer;
import io.chanflow.testing.EmbeddedKafka;
import io.chanflow.testing.FlinkTestConfig;
import io.chanflow.testing.OllamaTestServer;
import io.chanflow.testing.OllamaTestServer.Reply;
import io.chanflow.testing.RedisServer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, acceptance 1-4: the validation graph ({@link ValidationPipeline}) on a MiniCluster at parallelism 2 with a
 * real Kafka broker, a real Redis, a real Chroma 1.0 and the Ollama-protocol test server. The input is a small set of
 * hand-made scored signal events ({@link Fixtures}) fed through the same operators the job uses.
 */
class ValidationITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ActiveModel JUDGE_A = new ActiveModel("judge-a:1b", "1", "v1");
    private static final ActiveModel JUDGE_B = new ActiveModel("judge-b:3b", "2", "v1");

    @TempDir
    static Path tmp;
    static EmbeddedKafka kafka;
    static RedisServer redis;
    static ChromaServer chroma;
    static OllamaTestServer ollama;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
        redis = RedisServer.launch(tmp.resolve("redis"));
        chroma = ChromaServer.launch(tmp.resolve("chroma"));
        ollama = OllamaTestServer.launch();
        ollama.model(JUDGE_A.model(), c -> Reply.json(Fixtures.answer(c.lastUserMessage().contains("side: BUY")
                ? "APPROVE" : "DOWNGRADE", 0.7)));
        ollama.model(JUDGE_B.model(), Reply.json(Fixtures.answer("VETO", 0.8)));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {ollama, chroma, redis, kafka}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private static StreamExecutionEnvironment env(String name, int parallelism) {
        Configuration conf = FlinkTestConfig.create(tmp.resolve("flink-" + name), parallelism,
                FlinkTestConfig.Backend.HASHMAP);
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    private static ValidatorSettings live(ActiveModel initial) {
        return ValidatorSettings.live(ollama.baseUrl(), initial.model()).withInitial(initial).withLlm(2_000, 0)
                .withRedis(redis.host(), redis.port(), redis.password()).withChroma(chroma.baseUrl())
                .withBreaker(50, 60_000)
                .withStoreTimeouts(1_000, 3_000); // generous: this checks behaviour on a shared, busy machine, not latency
    }

    /** "SYMBOL:i" → the confirmed signal event i of that symbol. */
    static final class ParseSignal implements MapFunction<String, SignalEvent> {
        @Override
        public SignalEvent map(String v) {
            String[] p = v.split(":");
            return Fixtures.confirmed(p[0], Integer.parseInt(p[1]));
        }
    }

    /** "SYMBOL:i:exitMinute" → a closed trade of signal i that exits at T0 + exitMinute minutes. */
    static final class ParseOutcome implements MapFunction<String, OutcomeEvent> {
        @Override
        public OutcomeEvent map(String v) {
            String[] p = v.split(":");
            return outcome(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]));
        }
    }

    static OutcomeEvent outcome(String symbol, int i, int exitMinute) {
        long exit = Fixtures.T0 + exitMinute * Fixtures.MINUTE;
        TradeOutcome o = new TradeOutcome("OUT/" + symbol + "/" + i, symbol, "1m", "bi", exit - 5 * Fixtures.MINUTE,
                true, List.of("2"), exit - 4 * Fixtures.MINUTE, 100, 99, 102, exit, 101, 1.0, 1.2, 0.3, 4,
                io.chanflow.state.outcome.TradeResult.WIN, ExitReason.values()[0]);
        return new OutcomeEvent(o, Fixtures.features(i), Features.SCHEMA_VERSION, exit + Fixtures.MINUTE);
    }

    private static KafkaSource<String> strings(String topic, String group) {
        return KafkaSource.<String>builder().setBootstrapServers(kafka.bootstrap()).setTopics(topic).setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema()).build();
    }

    private static void produce(String topic, String... values) {
        List<ProducerRecord<String, String>> l = new ArrayList<>();
        for (String v : values) {
            l.add(new ProducerRecord<>(topic, v.split(":")[0], v));
        }
        kafka.produce(topic, l);
    }

    private static List<JsonNode> plans(String topic, int expected) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : kafka.readCommitted(topic, Duration.ofSeconds(60), expected)) {
            out.add(JSON.readTree(r.value()));
        }
        return out;
    }

    private static Map<String, JsonNode> byId(List<JsonNode> plans) {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode n : plans) {
            assertThat(m.put(n.path("id").asText() + "#" + n.path("revision").asInt(), n)).as("duplicate " + n).isNull();
        }
        return m;
    }

    @Test
    void shouldValidateFromKafkaAndSwitchModelsMidStreamWithoutLosingASignal() throws Exception {
        for (String t : List.of("sig-in", "out-in", "model-control", "plans", "llm-ledger")) {
            kafka.createTopic(t, t.equals("model-control") ? 1 : 2);
        }
        // trade memory as of the signals: trades of similar points closing before, at and after each signal's time
        ChromaTradeRecall memory = new ChromaTradeRecall(live(JUDGE_A).chroma());
        for (int j = 0; j < 30; j++) {
            long closedAt = Fixtures.T0 + (j - 5) * Fixtures.MINUTE;
            memory.remember(new ClosedTrade("mem-" + j, "SPY", "1m", List.of("2"), j % 3 == 0 ? -0.4 : 0.6,
                    j % 3 == 0 ? TradeResult.LOSS : TradeResult.WIN, closedAt, LocalDate.of(2024, 1, 2), ""),
                    FeatureVectors.normalize(Fixtures.features(j % 7)));
        }

        StreamExecutionEnvironment env = env("live", 2);
        DataStream<SignalEvent> signals = env.fromSource(strings("sig-in", "it-sig"), WatermarkStrategy.noWatermarks(),
                "signals").map(new ParseSignal(), SignalEvent.TYPE);
        DataStream<OutcomeEvent> outcomes = env.fromSource(strings("out-in", "it-out"),
                WatermarkStrategy.noWatermarks(), "outcomes").map(new ParseOutcome(), OutcomeEvent.TYPE);
        DataStream<String> control = Edges.modelControl(env, kafka.bootstrap(), "model-control", "it-control", false);
        ValidationPipeline.Outputs v = ValidationPipeline.attach(signals, outcomes, control, live(JUDGE_A));
        Edges.validationToKafka(v, kafka.bootstrap(), "plans", "llm-ledger", "it-validation");
        JobClient job = env.executeAsync("it-validation-live");
        try {
            produce("out-in", "QQQ:1:0", "QQQ:2:3", "QQQ:3:9");
            produce("sig-in", "SPY:0", "SPY:1", "SPY:2", "SPY:3", "SPY:4", "SPY:5");
            assertThat(plans("plans", 6)).hasSize(6);

            produce("model-control", "{\"model\":\"judge-b:3b\",\"version\":\"2\",\"prompt_version\":\"v1\","
                    + "\"action\":\"activate\"}");
            awaitSwitches(job, 2); // both stamp instances applied it
            produce("sig-in", "SPY:6", "SPY:7", "SPY:8", "SPY:9", "SPY:10", "SPY:11");
            assertThat(plans("plans", 12)).hasSize(12);

            produce("model-control", "{\"action\":\"rollback\"}");
            awaitSwitches(job, 4);
            produce("sig-in", "SPY:12", "SPY:13", "SPY:14");
            Map<String, JsonNode> all = byId(plans("plans", 15));
            assertThat(all).hasSize(15);

            for (int i = 0; i < 15; i++) {
                JsonNode p = all.get(Fixtures.confirmed("SPY", i).signal().id() + "#1");
                assertThat(p).as("signal %d", i).isNotNull();
                ActiveModel expected = i >= 6 && i < 12 ? JUDGE_B : JUDGE_A;
                assertThat(p.path("model").asText()).as("model of %d", i).isEqualTo(expected.model());
                assertThat(p.path("model_version").asText()).isEqualTo(expected.version());
                assertThat(p.path("prompt_version").asText()).isEqualTo("v1");
                assertThat(p.path("validation_status").asText()).isEqualTo("OK");
                String verdict = expected == JUDGE_B ? "VETO" : i % 2 == 0 ? "APPROVE" : "DOWNGRADE";
                assertThat(p.path("verdict").asText()).as("verdict of %d", i).isEqualTo(verdict);
                assertThat(p.path("rag_unavailable").asBoolean()).isFalse();
                assertThat(p.path("stats_unavailable").asBoolean()).isFalse();
                assertThat(p.path("plan").path("action").asText()).isIn("BUY", "SELL", "WAIT", "HOLD");
            }
            assertThat(ollama.chatCount(JUDGE_B.model())).isEqualTo(6);
            assertThat(kafka.readCommitted("llm-ledger", Duration.ofSeconds(30), 15)).hasSize(15);

            // session statistics were written from the outcomes (Redis FUNCTION), read back here
            try (SessionStatsStore s = SessionStatsStore.open(live(JUDGE_A).redis())) {
                SessionStats st = s.read("QQQ", LocalDate.of(2024, 1, 2), List.of("2"));
                assertThat(st.trades()).isEqualTo(3);
            }
        } finally {
            job.cancel().get();
        }
        assertAsOf(ollama.requests("/api/chat", JUDGE_A.model()));
        assertAsOf(ollama.requests("/api/chat", JUDGE_B.model()));
    }

    /** Waits until the stamp instances together applied {@code n} control messages (accumulator, summed). */
    private static void awaitSwitches(JobClient job, long n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Object v = job.getAccumulators().get().get(io.chanflow.operators.validate.StampModel.SWITCHES_ACCUMULATOR);
            if (v != null && ((Number) v).longValue() >= n) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the model switch did not reach every stamp instance within 60 s");
    }

    private static final Pattern CAUSE = Pattern.compile("confirmed by the bar starting (\\S+)");
    private static final Pattern CLOSED = Pattern.compile("closed (\\d{4}-\\d\\d-\\d\\dT\\S+Z)");

    /** Acceptance 3: no trade in a prompt closed at or after the signal's cause bar (the request bodies as sent). */
    private static void assertAsOf(List<OllamaTestServer.RecordedRequest> requests) {
        int withTrades = 0;
        for (OllamaTestServer.RecordedRequest r : requests) {
            String user = "";
            for (JsonNode m : r.json().path("messages")) {
                if (m.path("role").asText().equals("user")) {
                    user = m.path("content").asText();
                }
            }
            Matcher c = CAUSE.matcher(user);
            assertThat(c.find()).as(user).isTrue();
            Instant cause = Instant.parse(c.group(1));
            Matcher t = CLOSED.matcher(user);
            int n = 0;
            while (t.find()) {
                assertThat(Instant.parse(t.group(1))).as("trade in the prompt of %s", cause).isBefore(cause);
                n++;
            }
            withTrades += n > 0 ? 1 : 0;
        }
        assertThat(withTrades).as("prompts with similar trades").isPositive();
    }

    @Test
    void shouldLabelAndCountEveryFaultAndKeepRunning() throws Exception {
        ActiveModel faulty = new ActiveModel("faulty:1b", "1", "v1");
        ollama.model(faulty.model(), call -> {
            String u = call.lastUserMessage();
            int i = 0;
            for (int k = 0; k < 8; k++) {
                if (u.contains("price: " + String.format(Locale.ROOT, "%.4f", 100 + k * 0.25) + "\n")) {
                    i = k;
                }
            }
            return switch (i) {
                case 1 -> Reply.slow(Duration.ofMillis(6_000), Reply.json(Fixtures.answer("APPROVE", 0.9)));
                case 2 -> Reply.error(500, "out of memory");
                case 3 -> Reply.malformedJson();
                case 4 -> Reply.schemaViolating();
                case 5 -> Reply.drop();
                case 6 -> Reply.json(Fixtures.answer("VETO", 0.9));
                default -> Reply.json(Fixtures.answer("APPROVE", 0.9));
            };
        });
        List<SignalEvent> in = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            in.add(Fixtures.confirmed("DIA", i));
        }
        in.add(Fixtures.provisional("DIA", 30));
        chroma.stop();
        redis.stop();
        JobExecutionResult r;
        Path plans = tmp.resolve("faults/plans.jsonl");
        try {
            r = runFiles("faults", 2, in, live(faulty), plans, tmp.resolve("faults/ledger.jsonl"));
        } finally {
            chroma.start();
            redis.start();
        }
        Map<String, JsonNode> out = byId(readLines(plans));
        assertThat(out).hasSize(in.size());
        String[] expected = {"OK", "TIMEOUT", "ERROR", "INVALID", "INVALID", "ERROR", "OK", "OK"};
        for (int i = 0; i < 8; i++) {
            JsonNode p = out.get(in.get(i).signal().id() + "#1");
            assertThat(p.path("validation_status").asText()).as("signal %d", i).isEqualTo(expected[i]);
            assertThat(p.path("rag_unavailable").asBoolean()).isTrue();
            assertThat(p.path("stats_unavailable").asBoolean()).isTrue();
            if (!expected[i].equals("OK")) {
                assertThat(p.path("verdict").asText()).isEqualTo("UNVALIDATED");
            }
        }
        assertThat(out.get(in.get(8).signal().id() + "#1").path("validation_status").asText())
                .isEqualTo("NOT_VALIDATED");
        assertThat(counts(r)).containsEntry("approved", 2L).containsEntry("vetoed", 1L).containsEntry("timeout", 1L)
                .containsEntry("error", 2L).containsEntry("invalid", 2L).containsEntry("ragUnavailable", 8L)
                .containsEntry("statsUnavailable", 8L).containsEntry("notValidated", 1L)
                .containsEntry("breakerOpen", 0L);

        // LLM down: every call fails, the breaker (threshold 2 per subtask) opens, nothing is lost. One request in
        // flight per subtask, so failures are counted before the next call is let through (with more in flight, all
        // ten could be under way before the first failure came back, and whether the breaker opens would be timing)
        ollama.stop();
        try {
            List<SignalEvent> more = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                more.add(Fixtures.confirmed("EEM", i));
            }
            Path plans2 = tmp.resolve("down/plans.jsonl");
            JobExecutionResult r2 = runFiles("down", 2, more, live(faulty).withBreaker(2, 60_000).withCapacity(1), plans2,
                    tmp.resolve("down/ledger.jsonl"));
            Map<String, JsonNode> out2 = byId(readLines(plans2));
            assertThat(out2).hasSize(10);
            out2.values().forEach(p -> assertThat(p.path("verdict").asText()).isEqualTo("UNVALIDATED"));
            Map<String, Long> c = counts(r2);
            assertThat(c.get("error") + c.get("breakerOpen")).isEqualTo(10);
            assertThat(c.get("breakerOpen")).isPositive();
        } finally {
            ollama.start();
        }
    }

    @Test
    void shouldReplayTheLedgerByteForByteWithTheLlmServerOff() throws Exception {
        List<SignalEvent> in = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            in.add(Fixtures.confirmed("XLE", i));
        }
        in.add(Fixtures.provisional("XLE", 40));
        Path ledger = tmp.resolve("record/ledger.jsonl");
        runFiles("record", 2, in, live(JUDGE_A), tmp.resolve("record/plans.jsonl"), ledger);
        assertThat(readLines(ledger)).hasSize(10);

        ollama.stop();
        int requests = ollama.requestCount();
        try {
            ValidatorSettings replay = live(JUDGE_A).replay(ledger.toString());
            Path a = tmp.resolve("replay-a/plans.jsonl");
            Path b = tmp.resolve("replay-b/plans.jsonl");
            JobExecutionResult ra = runFiles("replay-a", 1, in, replay, a, tmp.resolve("replay-a/ledger.jsonl"));
            runFiles("replay-b", 1, in, replay, b, tmp.resolve("replay-b/ledger.jsonl"));
            assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
            assertThat(Files.size(a)).isPositive();
            assertThat(ollama.requestCount()).isEqualTo(requests);
            assertThat(counts(ra)).containsEntry("replayed", 10L).containsEntry("ledgerMiss", 0L);
            Map<String, JsonNode> live = byId(readLines(tmp.resolve("record/plans.jsonl")));
            for (JsonNode p : readLines(a)) {
                JsonNode l = live.get(p.path("id").asText() + "#" + p.path("revision").asInt());
                assertThat(p.path("verdict")).isEqualTo(l.path("verdict"));
                assertThat(p.path("plan")).isEqualTo(l.path("plan"));
            }
        } finally {
            ollama.start();
        }
    }

    @Test
    void shouldValidateTheSignalJobsOwnConfirmedSignalsEndToEnd() throws Exception {
        StreamExecutionEnvironment env = env("job", 2);
        io.chanflow.operators.chan.ChanJobSettings settings = io.chanflow.operators.chan.ChanJobSettings.defaults();
        SignalPipeline.Outputs o = SignalPipeline.build(Edges.syntheticTicks(env, 6, 1_000, Pace.MAX, settings),
                settings);
        Path dir = Files.createDirectories(tmp.resolve("job"));
        Edges.toFiles(o, Edges.Files.beside(dir.resolve("signals.jsonl")));
        Edges.validationToFiles(ValidationPipeline.attach(o.scoredEvents(), o.outcomes(), null, live(JUDGE_A)),
                dir.resolve("plans.jsonl"), dir.resolve("llm-ledger.jsonl"));
        JobExecutionResult r = env.execute("it-validation-job");

        List<JsonNode> signals = readLines(dir.resolve("signals.jsonl"));
        Map<String, JsonNode> plans = byId(readLines(dir.resolve("plans.jsonl")));
        assertThat(plans).hasSize(signals.size());
        int confirmed = 0;
        for (JsonNode s : signals) {
            JsonNode p = plans.get(s.path("id").asText() + "#" + s.path("revision").asInt());
            assertThat(p).as("plan of %s", s).isNotNull();
            assertThat(p.path("score")).isEqualTo(s.path("score"));
            boolean isConfirmed = s.path("status").asText().equals("CONFIRMED");
            confirmed += isConfirmed ? 1 : 0;
            assertThat(p.path("validation_status").asText()).isEqualTo(isConfirmed ? "OK" : "NOT_VALIDATED");
        }
        assertThat(confirmed).isPositive();
        assertThat(readLines(dir.resolve("llm-ledger.jsonl"))).hasSize(confirmed);
        Map<String, Long> c = counts(r);
        assertThat(c.get("approved") + c.get("downgraded")).isEqualTo(confirmed);
    }

    private static JobExecutionResult runFiles(String name, int parallelism, List<SignalEvent> in, ValidatorSettings s,
                                               Path plans, Path ledger) throws Exception {
        Files.createDirectories(plans.getParent());
        StreamExecutionEnvironment env = env(name, parallelism);
        DataStream<SignalEvent> signals = env.fromData(in, SignalEvent.TYPE).setParallelism(1);
        DataStream<OutcomeEvent> outcomes = env.fromData(List.of(outcome("ZZZ", 1, 0)), OutcomeEvent.TYPE)
                .setParallelism(1);
        Edges.validationToFiles(ValidationPipeline.attach(signals, outcomes, null, s), plans, ledger);
        return env.execute("it-validation-" + name);
    }

    private static List<JsonNode> readLines(Path p) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(p)) {
            if (!l.isBlank()) {
                out.add(JSON.readTree(l));
            }
        }
        return out;
    }

    private static Map<String, Long> counts(JobExecutionResult r) {
        Map<String, Long> m = new HashMap<>();
        for (String c : io.chanflow.operators.validate.CountValidations.CASES) {
            Object v = r.getAllAccumulatorResults().get("llm-" + c);
            m.put(c, v == null ? 0L : ((Number) v).longValue());
        }
        return m;
    }
}
