package io.chanflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the test infrastructure end to end: in-JVM KRaft broker -> bounded {@code KafkaSource} -> keyed counter in
 * RocksDB -> {@code KafkaSink} EXACTLY_ONCE on a parallelism-2 MiniCluster, with one injected failure after a completed
 * checkpoint. A read_committed consumer must then see every expected output exactly once.
 *
 * <p>Each output carries the per-key running count, so a lost or replayed input (or state not restored consistently
 * with the source offsets) changes the set of outputs, not just its size.
 */
class KafkaExactlyOnceSmokeITCase {

    private static final int RECORDS = 1_000;
    private static final int KEYS = 10;
    private static final int PARALLELISM = 2;
    /**
     * Fail once this many records have been processed after the first completed checkpoint was noticed, so the failure
     * hits with an open (uncommitted) transaction and restored state/offsets are exercised, not a restart from scratch.
     */
    private static final int FAIL_AFTER_CHECKPOINT = 100;
    /**
     * Per-record sleep, in a map chained to the source, while no checkpoint has completed yet: without it the 1,000 records
     * are through before the first 500 ms checkpoint (the first ones are declined while tasks deploy). It must sit
     * before the keyBy: a slow operator after a shuffle has all records queued in its input buffers ahead of the
     * checkpoint barrier, so the (aligned) checkpoint only completes when the input is drained (seen: 15 s). The time to
     * the first completed checkpoint (~1-3 s) does not depend on it; it only bounds how many records pass before it
     * (needs < 1,000 - FAIL_AFTER_CHECKPOINT: at 20 ms x 2 subtasks the first checkpoint may take up to ~9 s).
     */
    private static final long THROTTLE_MS = 20;

    // Test-only failure injection; shared with the task threads (MiniCluster: same JVM and class loader).
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger SEEN = new AtomicInteger();
    static final AtomicLong LAST_COMPLETED_CHECKPOINT = new AtomicLong();
    /** Value of SEEN when the first completed checkpoint was noticed (-1: none yet). */
    static final AtomicInteger SEEN_AT_CHECKPOINT = new AtomicInteger(-1);
    static final AtomicLong CHECKPOINT_BEFORE_FAILURE = new AtomicLong(-1);

    @TempDir
    static Path tmp;

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        long t0 = System.nanoTime();
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
        System.out.printf("EmbeddedKafka started in %d ms at %s%n", ms(t0), kafka.bootstrap());
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            long t0 = System.nanoTime();
            kafka.close();
            System.out.printf("EmbeddedKafka stopped in %d ms%n", ms(t0));
        }
    }

    @BeforeEach
    void resetInjection() {
        FAILED.set(false);
        SEEN.set(0);
        LAST_COMPLETED_CHECKPOINT.set(0);
        SEEN_AT_CHECKPOINT.set(-1);
        CHECKPOINT_BEFORE_FAILURE.set(-1);
    }

    @Test
    void exactlyOnceAcrossInjectedFailure() throws Exception {
        long t0 = System.nanoTime();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String in = "in-" + run;
        String out = "out-" + run;
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);

        ObjectMapper om = new ObjectMapper();
        List<ProducerRecord<String, String>> input = new ArrayList<>(RECORDS);
        Map<String, Integer> perKey = new HashMap<>();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < RECORDS; i++) {
            String key = "k" + (i % KEYS);
            ObjectNode n = om.createObjectNode().put("id", i).put("key", key).put("px", 100.0 + i * 0.25);
            // Kafka key = our key: one partition per key, so each key's order (and its running count) is fixed
            input.add(new ProducerRecord<>(in, key, om.writeValueAsString(n)));
            expected.add(key + "/" + i + "/" + perKey.merge(key, 1, Integer::sum));
        }
        kafka.produce(in, input);
        long produced = System.nanoTime();

        Configuration conf = FlinkTestConfig.create(tmp.resolve("flink-" + run), PARALLELISM, FlinkTestConfig.Backend.ROCKSDB);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        env.setMaxParallelism(FlinkTestConfig.MAX_PARALLELISM);

        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(kafka.bootstrap())
                .setTopics(in)
                .setGroupId("smoke-" + run)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        KafkaSink<String> sink = KafkaSink.<String>builder()
                .setBootstrapServers(kafka.bootstrap())
                .setRecordSerializer(KafkaRecordSerializationSchema.<String>builder()
                        .setTopic(out)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("smoke-" + run)
                // <= broker transaction.max.timeout.ms, else the producer is rejected and the job restart-loops
                .setProperty("transaction.timeout.ms", "600000")
                .build();

        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-in")
                .uid("kafka-in").name("kafka-in")
                .setMaxParallelism(FlinkTestConfig.MAX_PARALLELISM)
                .map(new ThrottleUntilCheckpoint(THROTTLE_MS))
                .uid("throttle").name("throttle")
                .setMaxParallelism(FlinkTestConfig.MAX_PARALLELISM)
                .keyBy(new JsonKey())
                .process(new CountPerKey(FAIL_AFTER_CHECKPOINT))
                .returns(Types.STRING)
                .uid("count-per-key").name("count-per-key")
                .setMaxParallelism(FlinkTestConfig.MAX_PARALLELISM)
                .sinkTo(sink)
                .uid("kafka-out").name("kafka-out");

        JobClient job = env.executeAsync("kafka-exactly-once-smoke");
        JobExecutionResult result = job.getJobExecutionResult().get(3, TimeUnit.MINUTES);
        long finished = System.nanoTime();

        List<ConsumerRecord<String, String>> committed = kafka.readCommitted(out, Duration.ofSeconds(30), RECORDS);
        long read = System.nanoTime();
        List<ConsumerRecord<String, String>> all = kafka.readAll(out, Duration.ofSeconds(10), RECORDS);

        List<String> got = new ArrayList<>(committed.size());
        for (ConsumerRecord<String, String> r : committed) {
            JsonNode n = om.readTree(r.value());
            got.add(n.get("key").asText() + "/" + n.get("id").asInt() + "/" + n.get("n").asLong());
        }
        System.out.printf(
                "smoke: produce %d ms, job %d ms (net runtime %d ms), read_committed %d ms; total %d ms; "
                        + "first checkpoint after %d records, failure after checkpoint %d, last completed checkpoint %d; "
                        + "%d committed / %d incl. aborted%n",
                (produced - t0) / 1_000_000, (finished - produced) / 1_000_000,
                result.getNetRuntime(TimeUnit.MILLISECONDS), (read - finished) / 1_000_000, ms(t0),
                SEEN_AT_CHECKPOINT.get(), CHECKPOINT_BEFORE_FAILURE.get(), LAST_COMPLETED_CHECKPOINT.get(), committed.size(), all.size());

        assertThat(FAILED).as("the injected failure fired").isTrue();
        assertThat(CHECKPOINT_BEFORE_FAILURE.get()).as("a checkpoint completed before the failure").isPositive();
        Set<String> distinct = new HashSet<>(got);
        assertThat(got).as("no duplicates").hasSize(distinct.size());
        assertThat(distinct).as("exactly the expected outputs")
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(got).hasSize(RECORDS);
        assertThat(all.size()).as("read_uncommitted sees at least the committed ones").isGreaterThanOrEqualTo(RECORDS);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Key = the JSON field {@code key}. */
    static final class JsonKey implements KeySelector<String, String> {
        private static final ObjectMapper OM = new ObjectMapper();

        @Override
        public String getKey(String json) throws Exception {
            return OM.readTree(json).get("key").asText();
        }
    }

    /** Identity; sleeps per record until the first checkpoint has completed (chained to the source: same parallelism). */
    static final class ThrottleUntilCheckpoint implements MapFunction<String, String> {
        private final long throttleMs;

        ThrottleUntilCheckpoint(long throttleMs) {
            this.throttleMs = throttleMs;
        }

        @Override
        public String map(String value) throws Exception {
            if (LAST_COMPLETED_CHECKPOINT.get() == 0) {
                Thread.sleep(throttleMs);
            }
            return value;
        }
    }

    /**
     * Counts records per key in a {@code ValueState<Long>} and emits {@code {"key","id","n"}}. Throws once (test-only,
     * static flags) once {@code failAfter} records have been processed after the first completed checkpoint.
     */
    static final class CountPerKey extends KeyedProcessFunction<String, String, String> implements CheckpointListener {
        private static final ObjectMapper OM = new ObjectMapper();

        private final int failAfter;
        private transient ValueState<Long> count;

        CountPerKey(int failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(String json, Context ctx, Collector<String> out) throws Exception {
            JsonNode in = OM.readTree(json);
            Long c = count.value();
            long n = (c == null ? 0L : c) + 1;
            count.update(n);
            out.collect(OM.writeValueAsString(OM.createObjectNode()
                    .put("key", ctx.getCurrentKey())
                    .put("id", in.get("id").asInt())
                    .put("n", n)));
            int seen = SEEN.incrementAndGet();
            long cp = LAST_COMPLETED_CHECKPOINT.get();
            if (cp == 0) {
                return;
            }
            SEEN_AT_CHECKPOINT.compareAndSet(-1, seen);
            if (seen >= SEEN_AT_CHECKPOINT.get() + failAfter && FAILED.compareAndSet(false, true)) {
                CHECKPOINT_BEFORE_FAILURE.set(cp);
                throw new IllegalStateException("injected test failure after checkpoint " + cp);
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            LAST_COMPLETED_CHECKPOINT.accumulateAndGet(checkpointId, Math::max);
        }
    }
}
