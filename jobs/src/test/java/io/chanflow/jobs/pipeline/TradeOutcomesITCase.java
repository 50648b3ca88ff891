package io.chanflow.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chanflow.jobs.SharedData;
import io.chanflow.operators.chan.ChanJobSettings;
import io.chanflow.operators.ticks.TickParser;
import io.chanflow.operators.json.RecordJson;
import io.chanflow.state.Bar;
import io.chanflow.state.ChanConfig;
import io.chanflow.state.bars.BarLevel;
import io.chanflow.state.ml.Ensemble;
import io.chanflow.state.ml.EnsembleConfig;
import io.chanflow.state.outcome.Features;
import io.chanflow.state.outcome.HigherLevelView;
import io.chanflow.state.outcome.LabeledPoint;
import io.chanflow.state.outcome.LevelOutcomes;
import io.chanflow.state.outcome.OutcomeRules;
import io.chanflow.state.outcome.TradeOutcome;
import io.chanflow.state.outcome.TradeResult;
import io.chanflow.state.signals.LevelChan;
import io.chanflow.state.signals.Signal;
import io.chanflow.state.signals.SignalStatus;
import io.chanflow.testing.EmbeddedKafka;
import io.chanflow.testing.FlinkTestConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4, acceptance 5: signals → trade outcomes on the {@code trade-outcomes} topic through a
 * real Kafka broker (in-JVM KRaft), exactly-once, and scored signals on {@code signals}; MiniCluster
 * at parallelism 2 with RocksDB, read_committed consumers.
 *
 * <p>Input: every SPY trade of 2013-10-07..11 (1.9M, pre- and post-market included). The reference
 * is plain Java on the job's own closed bars (the {@code bars} topic, checked against an independent
 * reducer by {@code SignalJobITCase}): every level's {@link LevelChan} and {@link LevelOutcomes} with
 * the next higher level's {@link HigherLevelView}, fed in the job's close order, then one
 * {@link Ensemble} per level fed in the documented event-time order.
 */
class TradeOutcomesITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SYMBOL = "SPY";

    @TempDir
    static Path tmp;
    static EmbeddedKafka kafka;
    static int tickCount;
    static Output baseline;
    static Reference reference;

    /** One run's topics: trade outcomes by symbol, signals by "symbol level", bars by symbol (partition order). */
    record Output(Map<String, List<String>> outcomes, Map<String, List<String>> signals, Map<String, List<String>> bars) { }

    @BeforeAll
    static void startKafkaAndRunBaseline() throws Exception {
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
        kafka.createTopic("ticks", 1);
        Path p = SharedData.real("quantconnect-lean/SPY_trades_20131007_20131011.norm.csv.gz");
        List<ProducerRecord<String, String>> chunk = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(p)), StandardCharsets.UTF_8))) {
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",");
                chunk.add(new ProducerRecord<>("ticks", 0, f[1], "{\"symbol\":\"" + f[1] + "\",\"ts\":\"" + f[0]
                        + "\",\"price\":" + f[2] + ",\"size\":" + f[3] + "}"));
                tickCount++;
                if (chunk.size() == 200_000) {
                    kafka.produce("ticks", chunk);
                    chunk.clear();
                }
            }
        }
        kafka.produce("ticks", chunk);
        assertThat(tickCount).isGreaterThan(1_800_000);
        baseline = runBounded("base", UnaryOperator.identity());
        reference = Reference.of(baseline.bars().get(SYMBOL));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    static Edges.Topics topics(String run) {
        return new Edges.Topics("ticks", run + "-signals", run + "-structures", run + "-dead-letters", run + "-bars",
                run + "-trade-outcomes");
    }

    static Output runBounded(String run, UnaryOperator<DataStream<TickParser.Result>> edge) throws Exception {
        Configuration conf = FlinkTestConfig.create(tmp.resolve("flink-" + run), 2, FlinkTestConfig.Backend.ROCKSDB);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // idleness far beyond the run: a busy (backpressured) split is never taken for idle
        ChanJobSettings settings = ChanJobSettings.defaults().withWatermarks(2_000, 600_000);
        // one partition: one reader (the source is capped at the partition count), the ticks keep their file order
        SingleOutputStreamOperator<TickParser.Result> raw =
                Edges.kafkaTicks(env, kafka.bootstrap(), "ticks", "g-" + run, true, settings);
        Edges.toKafka(SignalPipeline.build(edge.apply(raw), settings),
                kafka.bootstrap(), topics(run), "tx-" + run);
        JobClient jc = env.executeAsync("it-outcomes-" + run);
        jc.getJobExecutionResult().get(10, TimeUnit.MINUTES);
        Edges.Topics t = topics(run);
        return new Output(byKey(t.tradeOutcomes(), false), byKey(t.signals(), true), byKey(t.bars(), false));
    }

    /**
     * Values by record key in partition order; with {@code byLevel}, by "key level": the signals of one
     * level come from one scoring subtask, while those of different levels interleave freely in a partition.
     */
    static Map<String, List<String>> byKey(String topic, boolean byLevel) throws Exception {
        Map<String, List<String>> m = new TreeMap<>();
        for (ConsumerRecord<String, String> r : kafka.readCommitted(topic, Duration.ofSeconds(20), 1)) {
            String k = byLevel ? r.key() + " " + JSON.readTree(r.value()).get("level").asText() : r.key();
            m.computeIfAbsent(k, x -> new ArrayList<>()).add(r.value());
        }
        return m;
    }

    /** What the job must publish, computed without Flink from the job's closed bars. */
    record Reference(List<String> outcomes, Map<String, List<String>> signals, List<TradeOutcome> trades,
                     List<Signal> scored) {

        /** A signal revision or an outcome at the event time it became known (its bar's end). */
        private record Timed(long knownAt, int phase, Signal signal, double[] features, LabeledPoint outcome) { }

        /** Within one instant: outcomes (phase 0), then signals (1), then trades closed on their own entry bar (2). */
        private static final Comparator<Timed> ORDER = Comparator.comparingLong(Timed::knownAt)
                .thenComparingInt(Timed::phase)
                .thenComparing(t -> t.outcome == null ? 0 : t.outcome.outcome().exitTime())
                .thenComparing(t -> t.outcome == null ? t.signal.symbol() : t.outcome.outcome().signalId())
                .thenComparing(t -> t.outcome == null ? t.signal.id() : "")
                .thenComparingLong(t -> t.outcome == null ? t.signal.revision() : t.outcome.outcome().entryTime());

        static Reference of(List<String> barsJson) throws Exception {
            ChanConfig config = ChanConfig.of(Map.of());
            BarLevel[] levels = BarLevel.values();
            LevelChan[] chan = new LevelChan[levels.length];
            LevelOutcomes[] outs = new LevelOutcomes[levels.length];
            List<String> outcomes = new ArrayList<>();
            List<TradeOutcome> trades = new ArrayList<>();
            Map<String, List<Timed>> timedByLevel = new TreeMap<>();
            // the bars topic holds one symbol's bars in the order the job closed them (ascending end, finer level first)
            for (String v : barsJson) {
                JsonNode b = JSON.readTree(v);
                BarLevel level = BarLevel.ofLabel(b.get("level").asText());
                int lv = level.ordinal();
                Bar bar = new Bar(b.get("start").asLong(), b.get("open").asDouble(), b.get("high").asDouble(),
                        b.get("low").asDouble(), b.get("close").asDouble(), b.get("volume").asDouble());
                long end = b.get("end").asLong();
                if (chan[lv] == null) {
                    chan[lv] = LevelChan.create(SYMBOL, level.label(), config);
                    outs[lv] = LevelOutcomes.create(SYMBOL, level.label(), OutcomeRules.defaults(level));
                }
                LevelChan.Output res = chan[lv].onBar(bar);
                LevelChan higher = lv + 1 < levels.length ? chan[lv + 1] : null;
                LevelOutcomes.Output o = outs[lv].onBar(bar, res.signals(), chan[lv],
                        () -> higher == null ? HigherLevelView.NONE : HigherLevelView.of(higher));
                List<Timed> timed = timedByLevel.computeIfAbsent(level.label(), x -> new ArrayList<>());
                Iterator<LevelOutcomes.ConfirmedPoint> confirmed = o.confirmed().iterator();
                for (Signal s : res.signals()) {
                    double[] f = s.status() == SignalStatus.CONFIRMED ? confirmed.next().features().toArray() : null;
                    timed.add(new Timed(end, 1, s, f, null));
                }
                for (LabeledPoint p : o.closed()) {
                    outcomes.add(RecordJson.outcome(p.outcome()));
                    trades.add(p.outcome());
                    boolean sameBar = p.outcome().entryTime() == p.outcome().exitTime();
                    timed.add(new Timed(end, sameBar ? 2 : 0, null, null, p));
                }
            }
            Map<String, List<String>> signals = new TreeMap<>();
            List<Signal> scored = new ArrayList<>();
            for (Map.Entry<String, List<Timed>> e : timedByLevel.entrySet()) {
                Ensemble m = new Ensemble(Features.NAMES.size(), EnsembleConfig.defaultConfig());
                List<String> json = new ArrayList<>();
                List<Timed> timed = new ArrayList<>(e.getValue());
                timed.sort(ORDER);
                for (Timed t : timed) {
                    if (t.outcome != null) {
                        m.learn(t.outcome.features().toArray(), t.outcome.outcome().result() == TradeResult.WIN);
                        continue;
                    }
                    double p = t.features == null ? Signal.UNSCORED : m.score(t.features).p();
                    Signal s = t.signal.withScore(p, m.modelVersion(), Features.SCHEMA_VERSION);
                    json.add(RecordJson.signal(s));
                    scored.add(s);
                }
                if (!json.isEmpty()) {
                    signals.put(SYMBOL + " " + e.getKey(), json);
                }
            }
            return new Reference(outcomes, signals, trades, scored);
        }
    }

    @Test
    void shouldPublishExactlyTheTradeOutcomesOfTheEngineRunOnTheJobsOwnBars() {
        assertThat(baseline.outcomes().keySet()).containsExactly(SYMBOL);
        assertThat(reference.outcomes()).hasSizeGreaterThan(50);
        assertThat(baseline.outcomes().get(SYMBOL)).containsExactlyElementsOf(reference.outcomes());

        Map<String, Integer> perLevel = new TreeMap<>();
        Map<TradeResult, Integer> results = new EnumMap<>(TradeResult.class);
        Map<String, Integer> reasons = new TreeMap<>();
        for (TradeOutcome o : reference.trades()) {
            perLevel.merge(o.level(), 1, Integer::sum);
            results.merge(o.result(), 1, Integer::sum);
            reasons.merge(o.exitReason().name(), 1, Integer::sum);
        }
        assertThat(results.keySet()).as("a week of SPY has winners and losers").contains(TradeResult.WIN,
                TradeResult.LOSS);
        System.out.printf("TradeOutcomesITCase: %d ticks -> %d trade outcomes %s, %s, exits %s%n", tickCount,
                reference.trades().size(), perLevel, results, reasons);
    }

    @Test
    void shouldScoreEveryConfirmedRevisionExactlyAsOneEnsemblePerLevelFedInEventTimeOrder() throws Exception {
        assertThat(baseline.signals()).isEqualTo(reference.signals());
        List<Double> scores = new ArrayList<>();
        long maxVersion = 0;
        for (List<String> level : baseline.signals().values()) {
            for (String v : level) {
                JsonNode n = JSON.readTree(v);
                assertThat(n.get("feature_schema_version").asInt()).isEqualTo(Features.SCHEMA_VERSION);
                assertThat(n.get("model_version").isIntegralNumber()).isTrue();
                maxVersion = Math.max(maxVersion, n.get("model_version").asLong());
                if (n.get("status").asText().equals("CONFIRMED")) {
                    double p = n.get("score").asDouble();
                    assertThat(n.get("score").isNumber()).as(v).isTrue();
                    assertThat(p).as(v).isStrictlyBetween(0.0, 1.0);
                    scores.add(p);
                } else {
                    assertThat(n.get("score").isNull()).as(v).isTrue();
                }
            }
        }
        assertThat(scores).isNotEmpty();
        scores.sort(Comparator.naturalOrder());
        assertThat(scores.get(scores.size() - 1)).as("the models learned something: scores spread")
                .isGreaterThan(scores.get(0));
        System.out.printf("TradeOutcomesITCase: %d signal revisions on %s, %d CONFIRMED scored: min %.3g, p10 %.3g, "
                        + "median %.3g, p90 %.3g, max %.3g; max model version %d%n", reference.scored().size(),
                baseline.signals().keySet(), scores.size(), scores.get(0), scores.get(scores.size() / 10),
                scores.get(scores.size() / 2), scores.get(scores.size() * 9 / 10), scores.get(scores.size() - 1),
                maxVersion);
    }

    @Test
    void shouldPublishExactlyTheSameTradeOutcomesAfterAFailureAndRestart() throws Exception {
        Output failed = runBounded("fail",
                raw -> raw.map(new FailOnce("outcomes", tickCount / 3)).uid("test-fail-once").name("Fail once").setParallelism(1));
        assertThat(FailOnce.failed("outcomes")).isTrue();
        assertThat(failed.outcomes()).isEqualTo(baseline.outcomes());
        assertThat(failed.signals()).isEqualTo(baseline.signals());
        assertThat(failed.bars()).isEqualTo(baseline.bars());
    }
}
