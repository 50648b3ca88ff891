package io.chanflow.state.ml;

import java.util.Arrays;

/**
 * Metrics for prequential ("test-then-train", Dawid 1984) evaluation: every prediction was made
 * before its label was learned, so the predictions of a stream can be scored as a whole. Pure
 * functions on parallel arrays of predicted P(y = true) and true labels.
 *
 * <p>The arrays must have the same length and hold no NaN score; anything else is an {@link
 * IllegalArgumentException}. On empty input every metric is NaN.
 */
public final class Prequential {

    /** Log-loss clamps probabilities to [LOG_LOSS_EPS, 1 - LOG_LOSS_EPS] (as scikit-learn does). */
    public static final double LOG_LOSS_EPS = 1e-15;

    private Prequential() {
    }

    /**
     * Exact area under the ROC curve: the probability that a random positive scores above a random
     * negative, a tie counting one half. Computed from ranks (Mann-Whitney U): sort the scores,
     * give tied scores their average rank, then {@code AUC = (sum of positive ranks - n1(n1+1)/2)
     * / (n1 · n0)}. NaN when either class is absent. O(n log n).
     */
    public static double auc(double[] scores, boolean[] labels) {
        check(scores, labels);
        int n = scores.length;
        long positives = 0;
        for (boolean y : labels) {
            if (y) {
                positives++;
            }
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1; // ranks are 1-based
            for (int k = i; k <= j; k++) {
                if (labels[order[k]]) {
                    positiveRankSum += averageRank;
                }
            }
            i = j + 1;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Mean natural-log loss, each p clamped to [1e-15, 1 - 1e-15]. */
    public static double logLoss(double[] p, boolean[] labels) {
        check(p, labels);
        if (p.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += MlMath.logLoss(p[i], labels[i], LOG_LOSS_EPS);
        }
        return sum / p.length;
    }

    /** Share of examples where {@code p >= 0.5} equals the label. */
    public static double accuracy(double[] p, boolean[] labels) {
        check(p, labels);
        if (p.length == 0) {
            return Double.NaN;
        }
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            if ((p[i] >= 0.5) == labels[i]) {
                right++;
            }
        }
        return (double) right / p.length;
    }

    private static void check(double[] scores, boolean[] labels) {
        if (scores == null || labels == null) {
            throw new IllegalArgumentException("scores and labels must not be null");
        }
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
        }
    }
}
