package io.chanflow.operators.validate;

import io.chanflow.state.outcome.FeatureNormalizer;
import io.chanflow.state.outcome.FeatureVector;
import io.chanflow.state.outcome.Features;

/**
 * The vector a point's features are stored and searched with in the trade memory: {@link FeatureNormalizer}'s
 * fixed per-feature scaling to unit length, the same for storing and for querying (and for the in-process index
 * that {@code bench-rag} measures).
 */
public final class FeatureVectors {
    private FeatureVectors() {
    }

    /** The normalised vector, or null when there are no schema-1 features or all scale to zero (no cosine distance). */
    public static float[] normalize(double[] features) {
        if (features == null || features.length != FeatureNormalizer.DIMENSIONS) {
            return null;
        }
        try {
            return FeatureNormalizer.normalize(new FeatureVector(Features.SCHEMA_VERSION, features));
        } catch (IllegalArgumentException allZero) {
            return null;
        }
    }
}
