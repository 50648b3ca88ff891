package io.chanflow.state.signals;

import java.util.Objects;

/**
 * One revision of a buy/sell point's lifecycle: what is published to the {@code signals} topic.
 *
 * <p>{@code id} is stable across revisions: {@code symbol/level/scope/pointTime/B|S/type}
 * (scope {@code bi} = stroke-level point, {@code seg} = segment-level point). {@code revision}
 * starts at 1 and grows by one with every published change of this id. {@code causeTime} and
 * {@code causeBar} name the bar whose close caused the change (its start time and its 0-based
 * index in the level's bar sequence); nothing depends on a later bar.
 *
 * <p>The engine emits signals unscored ({@link #UNSCORED}: score NaN, model version 0, feature
 * schema 0); the job's scoring step ({@code ScoreSignals}) fills in the last three fields with
 * {@link #withScore}.
 *
 * @param price the point's price (the stroke or segment end's extreme)
 * @param configHash the engine config hash (hex), so consumers can tell engine settings apart
 * @param score the online ensemble's P(WIN) of a CONFIRMED revision, in [0, 1]; NaN when not scored
 *              (every PROVISIONAL and INVALIDATED revision, and anything the engine emits itself)
 * @param modelVersion the version of the model that was current when this revision passed the scoring
 *                     step (bumped on every drift reset); 0 when it never did
 * @param featureSchemaVersion the feature schema the model reads ({@code Features.SCHEMA_VERSION}); 0
 *                             when the revision never passed the scoring step
 */
public record Signal(String id, String symbol, String level, String scope, long pointTime, boolean buy,
                     String type, SignalStatus status, int revision, String reason, long causeTime, long causeBar,
                     double price, String configHash, double score, long modelVersion, int featureSchemaVersion) {

    /** The score of a revision nobody scored. */
    public static final double UNSCORED = Double.NaN;

    public Signal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be >= 1, got " + revision);
        }
        if (!Double.isNaN(score) && !(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be NaN or in [0, 1], got " + score);
        }
        if (modelVersion < 0) {
            throw new IllegalArgumentException("modelVersion must be >= 0, got " + modelVersion);
        }
        if (featureSchemaVersion < 0) {
            throw new IllegalArgumentException("featureSchemaVersion must be >= 0, got " + featureSchemaVersion);
        }
    }

    /** This revision with a score (NaN for none), the model version and the feature schema version. */
    public Signal withScore(double score, long modelVersion, int featureSchemaVersion) {
        return new Signal(id, symbol, level, scope, pointTime, buy, type, status, revision, reason, causeTime, causeBar,
                price, configHash, score, modelVersion, featureSchemaVersion);
    }

    /** Whether {@link #score} holds a score. */
    public boolean scored() {
        return !Double.isNaN(score);
    }

    /** The stable id of a point type: {@code SPY/1m/bi/1381239000000/B/2s}. */
    public static String idOf(String symbol, String level, String scope, long pointTime, boolean buy, String type) {
        return symbol + '/' + level + '/' + scope + '/' + pointTime + '/' + (buy ? 'B' : 'S') + '/' + type;
    }
}
