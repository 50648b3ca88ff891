package io.chanflow.operators.validate;

import io.chanflow.operators.chan.OutcomeEvent;
import io.chanflow.operators.llm.ClosedTrade;
import io.chanflow.operators.llm.SessionStatsStore;
import io.chanflow.operators.llm.TradeResult;
import io.chanflow.state.outcome.Regime;
import io.chanflow.state.outcome.TradeOutcome;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Feeds every closed trade to the session statistics (Redis, {@link SessionStatsStore#record}, atomic and
 * idempotent per trade id) and to the trade memory ({@link TradeRecall#remember}, the entry's normalised feature
 * vector with symbol, level, types, return, result and close time). Each call is bounded by its client's timeout;
 * a failure is counted ({@code chanflow.llm.statsWriteFailed}, {@code chanflow.llm.memoryWriteFailed}) and
 * dropped, never fails the job (the statistics and memory are hints for the prompt, not a system of record).
 * Emits nothing. Trade id: {@code signalId@entryTime}.
 */
public final class RecordOutcomes extends ProcessFunction<OutcomeEvent, String> {
    private final ValidatorSettings settings;
    private transient TradeRecall recall;
    private transient SessionStatsStore stats;
    private transient ZoneId zone;
    private transient Counter recorded;
    private transient Counter statsFailed;
    private transient Counter memoryFailed;

    public RecordOutcomes(ValidatorSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext ctx) {
        zone = ZoneId.of(settings.sessionZone());
        recall = settings.tradeRecall();
        stats = settings.redis() == null ? null : SessionStatsStore.open(settings.redis());
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("chanflow").addGroup("llm");
        recorded = g.counter("outcomesRecorded");
        statsFailed = g.counter("statsWriteFailed");
        memoryFailed = g.counter("memoryWriteFailed");
    }

    @Override
    public void close() {
        if (recall != null) {
            recall.close();
        }
        if (stats != null) {
            stats.close();
        }
    }

    /** The trade as the statistics and the memory store it, with the regime its entry features show. */
    public static ClosedTrade closedTrade(TradeOutcome o, double[] features, int schemaVersion, ZoneId zone) {
        TradeResult r = switch (o.result()) {
            case WIN -> TradeResult.WIN;
            case LOSS -> TradeResult.LOSS;
            case FLAT -> TradeResult.FLAT;
        };
        return new ClosedTrade(o.signalId() + "@" + o.entryTime(), o.symbol(), o.level(),
                o.types().isEmpty() ? java.util.List.of("?") : o.types(), o.returnPct(), r, o.exitTime(),
                Instant.ofEpochMilli(o.exitTime()).atZone(zone).toLocalDate(), Regime.of(features, schemaVersion));
    }

    @Override
    public void processElement(OutcomeEvent e, Context ctx, Collector<String> out) {
        ClosedTrade t = closedTrade(e.outcome(), e.features(), e.featureSchemaVersion(), zone);
        if (stats != null) {
            try {
                stats.record(t);
            } catch (RuntimeException ex) {
                statsFailed.inc();
            }
        }
        float[] v = FeatureVectors.normalize(e.features());
        if (recall != null && v != null) {
            try {
                recall.remember(t, v);
            } catch (RuntimeException ex) {
                memoryFailed.inc();
            }
        }
        recorded.inc();
    }
}
