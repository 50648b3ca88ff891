package io.chanflow.jobs.pipeline;

import io.chanflow.operators.chan.OutcomeEvent;
import io.chanflow.operators.chan.SignalEvent;
import io.chanflow.operators.json.KeyedJson;
import io.chanflow.operators.validate.CountValidations;
import io.chanflow.operators.validate.LlmMode;
import io.chanflow.operators.validate.PlanJson;
import io.chanflow.operators.validate.RecordOutcomes;
import io.chanflow.operators.validate.StampModel;
import io.chanflow.operators.validate.ValidateSignals;
import io.chanflow.operators.validate.ValidatedSignal;
import io.chanflow.operators.validate.ValidationRequest;
import io.chanflow.operators.validate.ValidatorSettings;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The LLM validation graph, attached to the signal job's scored revisions; the same operators in live and replay,
 * only the mode inside the validator differs (replay answers from the ledger and never calls out).
 *
 * <pre>
 *  scored signal events ─► stamp-model ─► validate-signals (async, unordered; ordered in replay) ─► count-validations ─┬─► plans
 *  model-control ──(broadcast)──┘                                                                                      └─► ledger (live)
 *  trade outcomes ─► record-outcomes (Redis stats + trade memory; live only) ─► (discard)
 * </pre>
 *
 * <p>Without a model-control stream (files mode) every signal is stamped with the initial model
 * ({@code stamp-model-fixed}). The control source has no watermarks: nothing after the validator uses event time
 * (the validator's output goes only to sinks), so its watermark is not needed downstream.
 */
public final class ValidationPipeline {
    public static final String UID_STAMP = "stamp-model";
    public static final String UID_STAMP_FIXED = "stamp-model-fixed";
    public static final String UID_VALIDATE = "validate-signals";
    public static final String UID_COUNT = "count-validations";
    public static final String UID_RECORD = "record-outcomes";

    private ValidationPipeline() {
    }

    /**
     * @param plans every revision, validated (CONFIRMED ones) or passed through (NOT_VALIDATED), with its plan
     * @param ledger the ledger lines of the live validations (empty in replay), keyed by symbol
     */
    public record Outputs(DataStream<ValidatedSignal> plans, DataStream<KeyedJson> ledger) {
        /** The plans as keyed JSON for a sink. */
        public DataStream<KeyedJson> plansJson() {
            return plans.map(v -> new KeyedJson(v.signal().symbol(), PlanJson.of(v)))
                    .uid("json-plans").name("Plans to JSON");
        }
    }

    /**
     * @param modelControl JSON {@code model-control} messages, or null for none (the initial model throughout)
     */
    public static Outputs attach(DataStream<SignalEvent> scoredEvents, DataStream<OutcomeEvent> outcomes,
                                 DataStream<String> modelControl, ValidatorSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (settings.mode() == LlmMode.OFF) {
            throw new IllegalArgumentException("--llm off: do not attach the validation pipeline");
        }
        SingleOutputStreamOperator<ValidationRequest> stamped;
        if (modelControl != null) {
            stamped = scoredEvents.connect(modelControl.broadcast(StampModel.HISTORY))
                    .process(new StampModel(settings.initial()), ValidationRequest.TYPE)
                    .uid(UID_STAMP).name("Stamp model (model-control)");
        } else {
            var initial = settings.initial();
            stamped = scoredEvents.map(e -> ValidationRequest.of(e, initial), ValidationRequest.TYPE)
                    .uid(UID_STAMP_FIXED).name("Stamp model (" + initial.model() + ")");
        }
        ValidateSignals fn = new ValidateSignals(settings);
        SingleOutputStreamOperator<ValidatedSignal> validated = settings.mode() == LlmMode.REPLAY
                ? AsyncDataStream.orderedWait(stamped, fn, settings.asyncTimeoutMs(), TimeUnit.MILLISECONDS,
                        settings.capacity())
                : AsyncDataStream.unorderedWait(stamped, fn, settings.asyncTimeoutMs(), TimeUnit.MILLISECONDS,
                        settings.capacity());
        validated = validated.returns(ValidatedSignal.TYPE).uid(UID_VALIDATE).name("Validate signals (LLM, async)");
        SingleOutputStreamOperator<ValidatedSignal> counted = validated
                .map(new CountValidations(), ValidatedSignal.TYPE).uid(UID_COUNT).name("Count validations");
        if (settings.mode() == LlmMode.LIVE && (settings.redisHost() != null || settings.chromaUrl() != null)) {
            outcomes.process(new RecordOutcomes(settings), Types.STRING).uid(UID_RECORD)
                    .name("Record outcomes (stats, trade memory)")
                    .sinkTo(new DiscardingSink<>()).uid("discard-record-outcomes").name("Discard");
        }
        DataStream<KeyedJson> ledger = counted.filter(v -> v.ledger() != null).uid("filter-ledger").name("Ledger lines")
                .map(v -> new KeyedJson(v.signal().symbol(), v.ledger()), TypeInformation.of(KeyedJson.class))
                .uid("json-ledger").name("Ledger to JSON");
        return new Outputs(counted, ledger);
    }
}
