package io.chanflow.operators.validate;

/**
 * The vector a point's features are stored and searched with in the trade memory: every feature squashed with
 * {@code x / (1 + |x|)} (so no unbounded feature such as a bar count dominates), then scaled to unit length. The same
 * function for storing and for querying.
 */
public final class FeatureVectors {
    private FeatureVectors() {
    }

    /** The normalised vector, or null when there are no features or all are zero (no cosine distance). */
    public static float[] normalize(double[] features) {
        if (features == null || features.length == 0) {
            return null;
        }
        double[] v = new double[features.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            double x = Double.isFinite(features[i]) ? features[i] : 0;
            v[i] = x / (1 + Math.abs(x));
            norm += v[i] * v[i];
        }
        if (norm == 0) {
            return null;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
