package io.chanflow.operators.score;

import io.chanflow.operators.chan.OutcomeEvent;
import io.chanflow.operators.chan.SignalEvent;
import io.chanflow.state.ml.Ensemble;
import io.chanflow.state.ml.EnsembleConfig;
import io.chanflow.state.outcome.Features;
import io.chanflow.state.signals.Signal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores signal revisions with the online ensemble of their level and teaches it the closed
 * trades, in event time (key = level label: one {@link Ensemble} per level, shared by every symbol).
 *
 * <h2>Ordering rule</h2>
 * Every input carries {@code knownAt}, the end of the bar whose close produced it: the event time
 * from which it is a fact. Inputs wait in state until event time {@code K + allowedLateness}, when
 * the upstream operator has closed every bar that ends at or before {@code K} (it closes a bar when
 * the watermark passes its end plus the lateness, and forwards a watermark only after the timers
 * it fires), so nothing known at or before {@code K} can still arrive. Then, for {@code K}:
 * <ol>
 *   <li>learn (test-then-train) every waiting outcome known at or before {@code K}, ordered by
 *       (knownAt, exitTime, signalId, entryTime), except trades that closed on their own entry bar;</li>
 *   <li>score every waiting revision known at or before {@code K}, ordered by (knownAt, symbol, id,
 *       revision): a CONFIRMED one gets the ensemble's P(WIN); PROVISIONAL and INVALIDATED ones pass
 *       through with score NaN; all carry the current model version and the feature schema version;</li>
 *   <li>learn the trades that closed on their own entry bar (the tracker follows a trade from the
 *       bar after its entry, so only an immediate invalidation can do that), so that no revision is
 *       ever scored by a model that has already seen its own outcome.</li>
 * </ol>
 * So labels are delayed: a revision's score depends only on outcomes known no later than the
 * revision itself. For one symbol and level this is {@code TradeOutcome}'s rule {@code exitTime <=
 * causeTime}; comparing bar <em>ends</em> keeps it causal across symbols whose bars of one level
 * differ in length (a 24x7 day against an exchange session). The result does not depend on arrival
 * order, parallelism, watermark steps or restarts.
 *
 * <h2>State</h2>
 * {@code model}: the level's ensemble as {@link Ensemble#toBytes()}, written once it has learned
 * something (before that, a fresh model of the dimension of feature schema {@link
 * Features#SCHEMA_VERSION} scores); a restored model keeps the config it was created with. {@code pending-signals} and {@code pending-outcomes}: {@code MapState} from
 * {@code knownAt} to the inputs waiting for it, emptied by the timer. An input that arrives after
 * its time (a broken upstream contract) is still processed, at the next watermark, and counted in
 * {@code chanflow.scoreLateInputs}.
 */
public final class ScoreSignals extends KeyedCoProcessFunction<String, SignalEvent, OutcomeEvent, Signal> {
    /**
     * Side output: every scored revision again, with its features and bar end (what the LLM validator reads: the
     * prompt shows the features and the trade memory is searched with them). Same order as the main output.
     */
    public static final OutputTag<SignalEvent> SCORED_EVENTS = new OutputTag<>("scored-signal-events", SignalEvent.TYPE);

    private static final Comparator<OutcomeEvent> LEARN_ORDER = Comparator.comparingLong(OutcomeEvent::knownAt)
            .thenComparingLong(e -> e.outcome().exitTime())
            .thenComparing(e -> e.outcome().signalId())
            .thenComparingLong(e -> e.outcome().entryTime());
    private static final Comparator<SignalEvent> SCORE_ORDER = Comparator.comparingLong(SignalEvent::knownAt)
            .thenComparing(e -> e.signal().symbol())
            .thenComparing(e -> e.signal().id())
            .thenComparingInt(e -> e.signal().revision());

    private final long allowedLatenessMs;
    private final TreeMap<String, String> ensembleOptions;
    private transient EnsembleConfig config;
    private transient ValueState<byte[]> model;
    private transient MapState<Long, List<SignalEvent>> pendingSignals;
    private transient MapState<Long, List<OutcomeEvent>> pendingOutcomes;
    private transient Counter scored;
    private transient Counter learned;
    private transient Counter drifts;
    private transient Counter late;

    /**
     * @param allowedLatenessMs the chan operator's allowed lateness: bars close that long after their end
     * @param ensembleOptions {@link EnsembleConfig#of} options for models created from now on
     */
    public ScoreSignals(long allowedLatenessMs, Map<String, String> ensembleOptions) {
        if (allowedLatenessMs < 0) {
            throw new IllegalArgumentException("allowed-lateness must be >= 0 ms, got " + allowedLatenessMs);
        }
        this.allowedLatenessMs = allowedLatenessMs;
        this.ensembleOptions = new TreeMap<>(ensembleOptions);
        EnsembleConfig.of(this.ensembleOptions); // fail fast, naming the option
    }

    /** The score order, for tests and reference implementations. */
    public static Comparator<SignalEvent> scoreOrder() {
        return SCORE_ORDER;
    }

    /** The learning order, for tests and reference implementations. */
    public static Comparator<OutcomeEvent> learnOrder() {
        return LEARN_ORDER;
    }

    @Override
    public void open(OpenContext ctx) {
        config = EnsembleConfig.of(ensembleOptions);
        model = getRuntimeContext().getState(
                new ValueStateDescriptor<>("model", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        pendingSignals = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("pending-signals", Types.LONG, listOf(SignalEvent.TYPE)));
        pendingOutcomes = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("pending-outcomes", Types.LONG, listOf(OutcomeEvent.TYPE)));
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("chanflow");
        scored = g.counter("signalsScored");
        learned = g.counter("outcomesLearned");
        drifts = g.counter("modelDrifts");
        late = g.counter("scoreLateInputs");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> TypeInformation<List<T>> listOf(TypeInformation<T> t) {
        return (TypeInformation) Types.LIST(t);
    }

    @Override
    public void processElement1(SignalEvent e, Context ctx, Collector<Signal> out) throws Exception {
        if (e.features() != null && (e.featureSchemaVersion() != Features.SCHEMA_VERSION
                || e.features().length != Features.NAMES.size())) {
            throw new IllegalArgumentException("signal " + e.signal().id() + " has features of schema "
                    + e.featureSchemaVersion() + " (" + e.features().length + " values); the models read schema "
                    + Features.SCHEMA_VERSION);
        }
        List<SignalEvent> l = pendingSignals.get(e.knownAt());
        l = l == null ? new ArrayList<>(2) : new ArrayList<>(l);
        l.add(e);
        pendingSignals.put(e.knownAt(), l);
        await(e.knownAt(), ctx);
    }

    @Override
    public void processElement2(OutcomeEvent e, Context ctx, Collector<Signal> out) throws Exception {
        if (e.featureSchemaVersion() != Features.SCHEMA_VERSION || e.features().length != Features.NAMES.size()) {
            throw new IllegalArgumentException("outcome of " + e.outcome().signalId() + " has features of schema "
                    + e.featureSchemaVersion() + "; the models read schema " + Features.SCHEMA_VERSION);
        }
        List<OutcomeEvent> l = pendingOutcomes.get(e.knownAt());
        l = l == null ? new ArrayList<>(2) : new ArrayList<>(l);
        l.add(e);
        pendingOutcomes.put(e.knownAt(), l);
        await(e.knownAt(), ctx);
    }

    private void await(long knownAt, Context ctx) {
        long due = knownAt + allowedLatenessMs;
        if (due <= ctx.timerService().currentWatermark()) {
            late.inc();
        }
        ctx.timerService().registerEventTimeTimer(due);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Signal> out) throws Exception {
        long k = timestamp - allowedLatenessMs;
        List<OutcomeEvent> outcomes = new ArrayList<>();
        for (Long t : keysUpTo(pendingOutcomes.keys(), k)) {
            outcomes.addAll(pendingOutcomes.get(t));
            pendingOutcomes.remove(t);
        }
        List<SignalEvent> signals = new ArrayList<>();
        for (Long t : keysUpTo(pendingSignals.keys(), k)) {
            signals.addAll(pendingSignals.get(t));
            pendingSignals.remove(t);
        }
        if (outcomes.isEmpty() && signals.isEmpty()) {
            return;
        }
        byte[] mb = model.value();
        Ensemble m = mb == null ? new Ensemble(Features.NAMES.size(), config) : Ensemble.fromBytes(mb);
        outcomes.sort(LEARN_ORDER);
        List<OutcomeEvent> sameBar = new ArrayList<>(0);
        for (OutcomeEvent o : outcomes) {
            if (o.outcome().entryTime() == o.outcome().exitTime()) {
                sameBar.add(o);
            } else {
                learn(m, o);
            }
        }
        signals.sort(SCORE_ORDER);
        for (SignalEvent s : signals) {
            double p = Signal.UNSCORED;
            if (s.features() != null) {
                p = m.score(s.features()).p();
                scored.inc();
            }
            Signal scoredSignal = s.signal().withScore(p, m.modelVersion(), Features.SCHEMA_VERSION);
            out.collect(scoredSignal);
            ctx.output(SCORED_EVENTS, new SignalEvent(scoredSignal, s.features(), s.featureSchemaVersion(), s.knownAt()));
        }
        for (OutcomeEvent o : sameBar) {
            learn(m, o);
        }
        if (!outcomes.isEmpty()) {
            model.update(m.toBytes());
        }
    }

    private void learn(Ensemble m, OutcomeEvent o) {
        if (m.learn(o.features(), o.win())) {
            drifts.inc();
        }
        learned.inc();
    }

    private static List<Long> keysUpTo(Iterable<Long> keys, long k) {
        List<Long> out = new ArrayList<>();
        for (Long t : keys) {
            if (t <= k) {
                out.add(t);
            }
        }
        return out;
    }
}
