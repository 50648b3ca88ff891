package io.chanflow.jobs.pipeline;

import io.chanflow.operators.chan.ChanFunction;
import io.chanflow.operators.chan.ChanJobSettings;
import io.chanflow.operators.chan.ChanOperator;
import io.chanflow.operators.chan.OutcomeEvent;
import io.chanflow.operators.chan.SignalEvent;
import io.chanflow.operators.chan.SymbolBar;
import io.chanflow.operators.json.KeyedJson;
import io.chanflow.operators.score.ScoreSignals;
import io.chanflow.operators.ticks.DeadLetter;
import io.chanflow.operators.ticks.ParseTicks;
import io.chanflow.operators.ticks.ParsedTick;
import io.chanflow.operators.ticks.TickParser;
import io.chanflow.operators.ticks.TickWatermarks;
import io.chanflow.state.signals.Signal;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.time.Duration;

/**
 * The signal job's graph, built in one place for every mode: parsed ticks in, five streams out.
 * Sources and sinks (Kafka, CSV replay, generator, files) are attached by {@link Edges}, so live,
 * replay and tests run the very same operators.
 *
 * <pre>
 *  source (parse + per-split watermarks) ─► parse-ticks ─► keyBy(symbol) ─► chan-engine ─┬─► structures
 *                                               │                                        ├─► bars
 *                                               └─► dead letters ◄───────────────────────┤   (dead letters)
 *                                                                                        ├─► outcomes ───────┐
 *                                                                                        │                   │ labels
 *  signals ◄── score-signals (keyBy level: one ensemble per level) ◄─────────────────────┴── signal events   │
 *                     ▲                                                                                      │
 *                     └──────────────────────────────────────────────────────────────────────────────────────┘
 * </pre>
 * The engine's own (unscored) main output is not used: the scoring step reads the signal events,
 * which carry the same revisions plus the features of CONFIRMED points and the bar end.
 *
 * <p>Every source parses its payloads itself ({@link io.chanflow.operators.ticks.TickDeserializer})
 * and carries {@link #watermarks(ChanJobSettings)}: Flink then keeps one watermark generator per
 * split (Kafka partition) and emits their minimum, so a reader holding several partitions (fewer
 * readers than partitions, or after rescaling) never lets one symbol's clock make another's ticks
 * late.
 *
 * <p>Operator uids are part of the savepoint contract: never change them (README, "Savepoints").
 */
public final class SignalPipeline {
    /** Max parallelism (key groups) of the keyed operator: fixed so savepoints rescale. */
    public static final int MAX_PARALLELISM = 128;

    /** Watermarks advance in steps of at least this much event time (bars are >= 1 minute). */
    public static final long WATERMARK_STEP_MS = 1_000;

    public static final String UID_PARSE = "parse-ticks";
    public static final String UID_CHAN = "chan-engine";
    public static final String UID_SCORE = "score-signals";

    private SignalPipeline() {
    }

    /**
     * The five output streams.
     *
     * @param signals every signal revision, scored (one ensemble per level), in event time per level
     * @param outcomes every closed trade, with the features of its entry
     * @param scoredEvents the revisions of {@code signals} again with their features and bar end (input of the LLM
     *                     validator, {@code ValidationPipeline})
     */
    public record Outputs(DataStream<Signal> signals, DataStream<KeyedJson> structures,
                          DataStream<DeadLetter> deadLetters, DataStream<SymbolBar> bars,
                          DataStream<OutcomeEvent> outcomes, DataStream<SignalEvent> scoredEvents) { }

    /** The watermark strategy every tick source uses (per split): punctuated, bounded out-of-orderness, idleness. */
    public static WatermarkStrategy<TickParser.Result> watermarks(ChanJobSettings settings) {
        return WatermarkStrategy
                .<TickParser.Result>forGenerator(c -> new TickWatermarks(settings.outOfOrdernessMs(), WATERMARK_STEP_MS))
                .withTimestampAssigner((r, previous) -> r.tick() != null ? r.tick().ts() : previous)
                .withIdleness(Duration.ofMillis(settings.idlenessMs()));
    }

    public static Outputs build(DataStream<TickParser.Result> ticks, ChanJobSettings settings) {
        int sourceParallelism = ticks.getParallelism();
        SingleOutputStreamOperator<ParsedTick> parsed = ticks
                .process(new ParseTicks())
                .uid(UID_PARSE).name("Parse ticks");
        if (sourceParallelism > 0) {
            // as parallel as the source, so it chains to it
            parsed.setParallelism(sourceParallelism);
        }
        SingleOutputStreamOperator<Signal> signals = parsed
                .keyBy(ParsedTick::symbol)
                .transform("Chan engine (8 levels)", TypeInformation.of(Signal.class),
                        new ChanOperator(new ChanFunction(settings)))
                .uid(UID_CHAN).name("Chan engine (8 levels)")
                .setMaxParallelism(MAX_PARALLELISM);
        DataStream<DeadLetter> dead = parsed.getSideOutput(ParseTicks.DEAD_LETTERS)
                .union(signals.getSideOutput(ParseTicks.DEAD_LETTERS));
        DataStream<OutcomeEvent> outcomes = signals.getSideOutput(ChanFunction.OUTCOMES);
        SingleOutputStreamOperator<Signal> scored = score(signals.getSideOutput(ChanFunction.SIGNAL_EVENTS), outcomes,
                settings);
        return new Outputs(scored, signals.getSideOutput(ChanFunction.STRUCTURES), dead,
                signals.getSideOutput(ChanFunction.BARS), outcomes, scored.getSideOutput(ScoreSignals.SCORED_EVENTS));
    }

    /** One online ensemble per level: learns the outcomes, scores the revisions (see {@link ScoreSignals}). */
    private static SingleOutputStreamOperator<Signal> score(DataStream<SignalEvent> events, DataStream<OutcomeEvent> outcomes,
                                            ChanJobSettings settings) {
        return events.connect(outcomes)
                .keyBy(e -> e.signal().level(), e -> e.outcome().level(), Types.STRING)
                .process(new ScoreSignals(settings.allowedLatenessMs(), settings.mlOptions()))
                .uid(UID_SCORE).name("Score signals (ensemble per level)")
                .setMaxParallelism(MAX_PARALLELISM);
    }
}
