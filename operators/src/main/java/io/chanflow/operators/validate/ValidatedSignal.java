package io.chanflow.operators.validate;

import io.chanflow.operators.chan.PojoTypes;
import io.chanflow.state.plan.TradePlan;
import io.chanflow.state.plan.Verdict;
import io.chanflow.state.signals.Signal;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.util.List;
import java.util.Objects;

/**
 * A signal revision after validation: what the {@code plans} topic carries (schema
 * {@code docs/schemas/plan.schema.json}).
 *
 * @param confidence the LLM's confidence in [0, 1]; NaN without a valid answer
 * @param summary the LLM's plain-English summary; "" without a valid answer
 * @param ragCount how many similar past trades were in the prompt (0 when the memory was unavailable)
 * @param ragUnavailable the trade memory failed (Chroma down or slow): the prompt had no similar trades
 * @param statsUsed the prompt had the session statistics
 * @param statsUnavailable Redis failed: the prompt had no session statistics
 * @param detail why the status is what it is (the error, the timeout, the ledger's recorded status), "" for OK
 * @param ledger the ledger record of this validation (one JSON line), null when there is nothing to record
 *               (not validated, replayed, ledger miss); not part of the plan's JSON
 */
public record ValidatedSignal(Signal signal, Verdict verdict, double confidence, String summary, List<String> reasons,
                              String model, String modelVersion, String promptVersion, ValidationStatus status,
                              int ragCount, boolean ragUnavailable, boolean statsUsed, boolean statsUnavailable,
                              TradePlan plan, String detail, String ledger) {
    public static final TypeInformation<ValidatedSignal> TYPE = PojoTypes.strict(ValidatedSignal.class);

    public ValidatedSignal {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(summary, "summary");
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(promptVersion, "promptVersion");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(detail, "detail");
    }
}
