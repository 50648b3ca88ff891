package io.chanflow.state.outcome;

import java.util.Objects;

/**
 * A closed trade with the features its point had at the entry bar: one training example for a
 * learner (the label is {@code outcome.result()}, usable from {@code outcome.exitTime()} on).
 */
public record LabeledPoint(FeatureVector features, TradeOutcome outcome) {
    public LabeledPoint {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(outcome, "outcome");
    }
}
