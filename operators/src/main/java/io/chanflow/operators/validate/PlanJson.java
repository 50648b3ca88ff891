package io.chanflow.operators.validate;

import io.chanflow.state.plan.TradePlan;
import io.chanflow.state.signals.Signal;

import static io.chanflow.operators.json.RecordJson.json;
import static io.chanflow.operators.json.RecordJson.numberOrNull;
import static io.chanflow.operators.json.RecordJson.signalIdentity;
import static io.chanflow.operators.json.RecordJson.time;

/**
 * The JSON of the {@code plans} topic ({@code docs/schemas/plan.schema.json}): the signal's fields as on the
 * {@code signals} topic, then the validation and the plan. Field order is fixed and nothing depends on the wall
 * clock, so equal records give equal bytes (replays compare byte for byte).
 */
public final class PlanJson {
    private PlanJson() {
    }

    public static String of(ValidatedSignal v) {
        Signal s = v.signal();
        return json(g -> {
            signalIdentity(g, s);
            time(g, "cause_bar_time", s.causeTime());
            g.writeNumberField("price", s.price());
            numberOrNull(g, "score", s.score()); // NaN: not scored
            g.writeNumberField("score_model_version", s.modelVersion());
            g.writeNumberField("feature_schema_version", s.featureSchemaVersion());
            g.writeStringField("verdict", v.verdict().name());
            numberOrNull(g, "confidence", v.confidence());
            g.writeStringField("summary", v.summary());
            g.writeArrayFieldStart("reasons");
            for (String r : v.reasons()) {
                g.writeString(r);
            }
            g.writeEndArray();
            g.writeStringField("model", v.model());
            g.writeStringField("model_version", v.modelVersion());
            g.writeStringField("prompt_version", v.promptVersion());
            g.writeStringField("validation_status", v.status().name());
            g.writeStringField("validation_detail", v.detail());
            g.writeNumberField("rag_count", v.ragCount());
            g.writeBooleanField("rag_unavailable", v.ragUnavailable());
            g.writeBooleanField("stats_used", v.statsUsed());
            g.writeBooleanField("stats_unavailable", v.statsUnavailable());
            TradePlan p = v.plan();
            g.writeObjectFieldStart("plan");
            g.writeStringField("action", p.action().name());
            g.writeStringField("buy_point", p.buyPoint());
            g.writeNumberField("entry_low", p.entryLow());
            g.writeNumberField("entry_high", p.entryHigh());
            g.writeNumberField("invalidation", p.invalidation());
            g.writeNumberField("target_position", p.targetPosition());
            g.writeStringField("explanation", p.explanation());
            g.writeEndObject();
        });
    }
}
