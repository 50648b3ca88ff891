package io.chanflow.jobs.pipeline;

import io.chanflow.operators.chan.ChanJobSettings;
import io.chanflow.operators.json.KeyedJson;
import io.chanflow.operators.ticks.TickDeserializer;
import io.chanflow.operators.ticks.TickParser;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The edges of the signal job: where raw ticks come from and where the five output streams go.
 * Everything between them is {@link SignalPipeline}.
 */
public final class Edges {
    /** Default topic names. */
    public static final String TICKS = "ticks";
    public static final String SIGNALS = "signals";
    public static final String STRUCTURES = "structures";
    public static final String DEAD_LETTERS = "dead-letters";
    public static final String BARS = "bars";
    public static final String TRADE_OUTCOMES = "trade-outcomes";
    public static final String PLANS = "plans";
    public static final String LLM_LEDGER = "llm-ledger";
    public static final String MODEL_CONTROL = "model-control";
    /** Below the broker's default transaction.max.timeout.ms (15 min). */
    public static final String TX_TIMEOUT_MS = "600000";

    private Edges() {
    }

    /**
     * Ticks from a Kafka topic, parsed in the source ({@link TickDeserializer}: undecodable or bad payloads become
     * dead letters, never errors) with one watermark generator per partition. The source runs with at most as many
     * readers as the topic has partitions (looked up when the graph is built): Flink never marks a reader without a
     * partition idle, so it would stall event time for every symbol.
     */
    public static SingleOutputStreamOperator<TickParser.Result> kafkaTicks(
            StreamExecutionEnvironment env, String bootstrap, String topic, String groupId, boolean boundedToLatest,
            ChanJobSettings settings) {
        var b = KafkaSource.<TickParser.Result>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setValueOnlyDeserializer(new TickDeserializer(settings.maxPayloadBytes()))
                .setProperty("isolation.level", "read_committed");
        if (boundedToLatest) {
            b.setBounded(OffsetsInitializer.latest());
        }
        SingleOutputStreamOperator<TickParser.Result> src =
                env.fromSource(b.build(), SignalPipeline.watermarks(settings), "Kafka ticks (" + topic + ")")
                        .uid("source-kafka-ticks");
        int partitions = partitionCount(bootstrap, topic);
        if (partitions > 0 && partitions < env.getParallelism()) {
            // a reader without a partition never goes idle and would hold the watermark back for good
            src.setParallelism(partitions);
        }
        return src;
    }

    /** Partitions of {@code topic}, or -1 when it cannot be told within a few seconds (then nothing is changed). */
    static int partitionCount(String bootstrap, String topic) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("request.timeout.ms", "5000");
        p.setProperty("default.api.timeout.ms", "5000");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            return admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                    .get(10, java.util.concurrent.TimeUnit.SECONDS).get(topic).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Ticks replayed from a CSV file at a pace; one reader, so the file's order is kept. */
    public static SingleOutputStreamOperator<TickParser.Result> csvTicks(
            StreamExecutionEnvironment env, Path csv, Pace pace, ChanJobSettings settings) {
        long n = CsvTickLines.countLines(csv);
        return env.fromSource(new DataGeneratorSource<>(new Parsing(new CsvTickLines(csv, pace), settings), n,
                                TypeInformation.of(TickParser.Result.class)),
                        SignalPipeline.watermarks(settings), "CSV ticks (" + csv.getFileName() + ")")
                .uid("source-csv-ticks").setParallelism(1);
    }

    /** The built-in deterministic demo feed. */
    public static SingleOutputStreamOperator<TickParser.Result> syntheticTicks(
            StreamExecutionEnvironment env, double hours, long stepMs, Pace pace, ChanJobSettings settings) {
        SyntheticTicks gen = new SyntheticTicks(stepMs, pace);
        return env.fromSource(new DataGeneratorSource<>(new Parsing(gen, settings), gen.count(hours),
                                TypeInformation.of(TickParser.Result.class)),
                        SignalPipeline.watermarks(settings), "Synthetic ticks")
                .uid("source-synthetic-ticks").setParallelism(1);
    }

    /** A generator of raw payloads, parsed in the source like Kafka values are. */
    static final class Parsing implements GeneratorFunction<Long, TickParser.Result> {
        private final GeneratorFunction<Long, String> raw;
        private final int maxPayloadBytes;
        private transient TickParser parser;

        Parsing(GeneratorFunction<Long, String> raw, ChanJobSettings settings) {
            this.raw = raw;
            this.maxPayloadBytes = settings.maxPayloadBytes();
        }

        @Override
        public void open(SourceReaderContext ctx) throws Exception {
            raw.open(ctx);
            parser = new TickParser(maxPayloadBytes);
        }

        @Override
        public void close() throws Exception {
            raw.close();
        }

        @Override
        public TickParser.Result map(Long index) throws Exception {
            return parser.parse(raw.map(index));
        }
    }

    /** Exactly-once Kafka sink keyed by symbol. */
    public static KafkaSink<KeyedJson> kafkaSink(String bootstrap, String topic, String txPrefix) {
        return KafkaSink.<KeyedJson>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(new SymbolKeyedRecords(topic))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(txPrefix + "-" + topic)
                .setProperty("transaction.timeout.ms", TX_TIMEOUT_MS)
                .build();
    }

    /**
     * Kafka records keyed by symbol with the JSON as value and <b>no record timestamp</b> (the producer stamps
     * the send time). Flink's default serializer would stamp each record with its event time; for a replay of
     * history that is years old, and the broker's time-based segment rolling and retention
     * ({@code retention.ms}, 7 days by default) then delete the output within minutes of writing it. Event
     * time is in the payload ({@code cause_bar_time}, {@code start}, {@code ts}).
     */
    static final class SymbolKeyedRecords implements KafkaRecordSerializationSchema<KeyedJson> {
        private final String topic;

        SymbolKeyedRecords(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(KeyedJson k, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(topic, null, null, k.key().getBytes(StandardCharsets.UTF_8),
                    k.json().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Topic names of one deployment. */
    public record Topics(String ticks, String signals, String structures, String deadLetters, String bars,
                         String tradeOutcomes) {
        public static Topics defaults() {
            return new Topics(TICKS, SIGNALS, STRUCTURES, DEAD_LETTERS, BARS, TRADE_OUTCOMES);
        }
    }

    /** Attaches the five outputs to exactly-once Kafka sinks. */
    public static void toKafka(SignalPipeline.Outputs o, String bootstrap, Topics topics, String txPrefix) {
        o.signals().map(ToJson.signals()).uid("json-signals").name("Signals to JSON")
                .sinkTo(kafkaSink(bootstrap, topics.signals(), txPrefix)).uid("sink-signals").name("Kafka signals");
        o.structures().map(ToJson.structures()).uid("json-structures").name("Structures to JSON")
                .sinkTo(kafkaSink(bootstrap, topics.structures(), txPrefix)).uid("sink-structures").name("Kafka structures");
        o.deadLetters().map(ToJson.deadLetters()).uid("json-dead-letters").name("Dead letters to JSON")
                .sinkTo(kafkaSink(bootstrap, topics.deadLetters(), txPrefix)).uid("sink-dead-letters")
                .name("Kafka dead letters");
        o.bars().map(ToJson.bars()).uid("json-bars").name("Bars to JSON")
                .sinkTo(kafkaSink(bootstrap, topics.bars(), txPrefix)).uid("sink-bars").name("Kafka bars");
        o.outcomes().map(ToJson.outcomes()).uid("json-trade-outcomes").name("Trade outcomes to JSON")
                .sinkTo(kafkaSink(bootstrap, topics.tradeOutcomes(), txPrefix)).uid("sink-trade-outcomes")
                .name("Kafka trade outcomes");
    }

    /** Files of the embedded mode. */
    public record Files(Path signals, Path structures, Path deadLetters, Path bars, Path tradeOutcomes) {
        /**
         * {@code structures.jsonl}, {@code dead-letters.jsonl}, {@code bars.jsonl} and
         * {@code trade-outcomes.jsonl} beside the signals file.
         */
        public static Files beside(Path signals) {
            Path dir = signals.toAbsolutePath().getParent();
            return new Files(signals, dir.resolve("structures.jsonl"), dir.resolve("dead-letters.jsonl"),
                    dir.resolve("bars.jsonl"), dir.resolve("trade-outcomes.jsonl"));
        }

        public List<Path> all() {
            return List.of(signals, structures, deadLetters, bars, tradeOutcomes);
        }
    }

    /** Attaches the five outputs to JSON-lines files (one writer each). */
    public static void toFiles(SignalPipeline.Outputs o, Files f) {
        o.signals().map(ToJson.signals()).uid("json-signals").name("Signals to JSON")
                .sinkTo(new JsonLinesSink(f.signals())).uid("file-signals").name("Signals file").setParallelism(1);
        o.structures().map(ToJson.structures()).uid("json-structures").name("Structures to JSON")
                .sinkTo(new JsonLinesSink(f.structures())).uid("file-structures").name("Structures file")
                .setParallelism(1);
        o.deadLetters().map(ToJson.deadLetters()).uid("json-dead-letters").name("Dead letters to JSON")
                .sinkTo(new JsonLinesSink(f.deadLetters())).uid("file-dead-letters").name("Dead letters file")
                .setParallelism(1);
        o.bars().map(ToJson.bars()).uid("json-bars").name("Bars to JSON")
                .sinkTo(new JsonLinesSink(f.bars())).uid("file-bars").name("Bars file").setParallelism(1);
        o.outcomes().map(ToJson.outcomes()).uid("json-trade-outcomes").name("Trade outcomes to JSON")
                .sinkTo(new JsonLinesSink(f.tradeOutcomes())).uid("file-trade-outcomes").name("Trade outcomes file")
                .setParallelism(1);
    }

    /**
     * The {@code model-control} messages (JSON strings) from Kafka, from the committed offsets or the earliest, so a
     * fresh job rebuilds the model history. One reader; no watermarks (see {@link ValidationPipeline}).
     */
    public static SingleOutputStreamOperator<String> modelControl(StreamExecutionEnvironment env, String bootstrap,
                                                                 String topic, String groupId, boolean bounded) {
        var b = KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setValueOnlyDeserializer(new org.apache.flink.api.common.serialization.SimpleStringSchema())
                .setProperty("isolation.level", "read_committed");
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return env.fromSource(b.build(), org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks(),
                        "Kafka model-control (" + topic + ")")
                .uid("source-model-control").setParallelism(1);
    }

    /** Attaches the plans and the ledger to exactly-once Kafka sinks. */
    public static void validationToKafka(ValidationPipeline.Outputs v, String bootstrap, String plansTopic,
                                         String ledgerTopic, String txPrefix) {
        v.plansJson().sinkTo(kafkaSink(bootstrap, plansTopic, txPrefix)).uid("sink-plans").name("Kafka plans");
        v.ledger().sinkTo(kafkaSink(bootstrap, ledgerTopic, txPrefix)).uid("sink-llm-ledger").name("Kafka LLM ledger");
    }

    /** Attaches the plans and the ledger to JSON-lines files (one writer each). */
    public static void validationToFiles(ValidationPipeline.Outputs v, Path plans, Path ledger) {
        v.plansJson().sinkTo(new JsonLinesSink(plans)).uid("file-plans").name("Plans file").setParallelism(1);
        v.ledger().sinkTo(new JsonLinesSink(ledger)).uid("file-llm-ledger").name("LLM ledger file").setParallelism(1);
    }
}
