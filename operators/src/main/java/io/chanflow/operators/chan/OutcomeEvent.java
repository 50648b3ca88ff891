package io.chanflow.operators.chan;

import io.chanflow.state.outcome.LabeledPoint;
import io.chanflow.state.outcome.TradeOutcome;
import io.chanflow.state.outcome.TradeResult;

import java.util.Arrays;
import java.util.Objects;

/**
 * A closed trade ({@link ChanFunction#OUTCOMES}): what the {@code trade-outcomes} topic publishes,
 * plus the features its point had at the entry bar and the event time at which the outcome became
 * known. One training example for the scoring step, usable from {@code knownAt} on.
 *
 * @param outcome the trade
 * @param features the point's feature values at the entry bar (schema {@code featureSchemaVersion})
 * @param featureSchemaVersion the schema of {@code features}, &gt;= 1
 * @param knownAt the end of the bar that closed the trade ({@code outcome.exitTime()} is its start)
 */
public record OutcomeEvent(TradeOutcome outcome, double[] features, int featureSchemaVersion, long knownAt) {
    public static final org.apache.flink.api.common.typeinfo.TypeInformation<OutcomeEvent> TYPE =
            PojoTypes.strict(OutcomeEvent.class);

    public OutcomeEvent {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(features, "features");
        if (featureSchemaVersion < 1) {
            throw new IllegalArgumentException("featureSchemaVersion must be >= 1, got " + featureSchemaVersion);
        }
        if (knownAt <= outcome.exitTime()) {
            throw new IllegalArgumentException("knownAt " + knownAt + " must be after the exit bar's start "
                    + outcome.exitTime());
        }
    }

    /** The outcome of {@code p}, closed by a bar that ended at {@code barEnd}. */
    public static OutcomeEvent of(LabeledPoint p, long barEnd) {
        return new OutcomeEvent(p.outcome(), p.features().toArray(), p.features().schemaVersion(), barEnd);
    }

    /** The label the learners read: WIN, or not (LOSS and FLAT). */
    public boolean win() {
        return outcome.result() == TradeResult.WIN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutcomeEvent e && e.outcome.equals(outcome) && Arrays.equals(e.features, features)
                && e.featureSchemaVersion == featureSchemaVersion && e.knownAt == knownAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(outcome, Arrays.hashCode(features), featureSchemaVersion, knownAt);
    }

    @Override
    public String toString() {
        return "OutcomeEvent[" + outcome + ", features=" + Arrays.toString(features) + ", schema="
                + featureSchemaVersion + ", knownAt=" + knownAt + "]";
    }
}
