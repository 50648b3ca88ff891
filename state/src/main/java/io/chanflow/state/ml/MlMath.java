package io.chanflow.state.ml;

/**
 * Small numeric helpers shared by the learners. Transcendental functions go through {@link
 * StrictMath}, whose results are specified bit for bit on every JVM and CPU, so a model restored
 * on another task manager predicts exactly what the one that wrote it would have predicted.
 * (Since Java 17 plain arithmetic is strict everywhere; {@code Math.sqrt}, {@code min}, {@code
 * max} and {@code abs} are exact by specification.)
 */
final class MlMath {

    /** Every learner's probability lies in {@code [P_MIN, 1 - P_MIN]}: a log-loss is at most ~20.7. */
    static final double P_MIN = 1e-9;

    private static final double LN2 = StrictMath.log(2.0);
    private static final double SQRT_HALF = Math.sqrt(0.5);

    private MlMath() {
    }

    /** A feature value the learners skip: NaN (missing) or infinite. */
    static boolean missing(double v) {
        return !Double.isFinite(v);
    }

    static void checkInput(double[] x, int dimension) {
        if (x == null) {
            throw new IllegalArgumentException("features must not be null");
        }
        if (x.length != dimension) {
            throw new IllegalArgumentException("features have length " + x.length + ", the model's dimension is " + dimension);
        }
    }

    static void checkDimension(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
    }

    /** The logistic function, without overflow for large |z|. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + StrictMath.exp(-z));
        }
        double e = StrictMath.exp(z);
        return e / (1.0 + e);
    }

    static double clampP(double p) {
        return Math.min(1.0 - P_MIN, Math.max(P_MIN, p));
    }

    /** Natural-log loss of probability {@code p} for label {@code y}, p clamped to [eps, 1-eps]. */
    static double logLoss(double p, boolean y, double eps) {
        double q = Math.min(1.0 - eps, Math.max(eps, p));
        return -StrictMath.log(y ? q : 1.0 - q);
    }

    /** Binary entropy in bits of a two-class mass {@code (a, b)}; 0 when empty or pure. */
    static double entropy(double a, double b) {
        double n = a + b;
        if (n <= 0) {
            return 0;
        }
        return -(plogp(a / n) + plogp(b / n)) / LN2;
    }

    private static double plogp(double p) {
        return p <= 0 ? 0 : p * StrictMath.log(p);
    }

    /**
     * The standard normal CDF from the Abramowitz and Stegun 7.1.26 rational approximation of erf
     * (absolute error below 1.5e-7), ample for estimating how a class's mass splits at a threshold.
     */
    static double normalCdf(double z) {
        double x = Math.abs(z) * SQRT_HALF;
        double t = 1.0 / (1.0 + 0.3275911 * x);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erf = 1.0 - poly * StrictMath.exp(-x * x);
        double p = z >= 0 ? 0.5 * (1.0 + erf) : 0.5 * (1.0 - erf);
        return Math.min(1.0, Math.max(0.0, p));
    }
}
