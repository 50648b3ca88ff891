package io.chanflow.state.ml;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Online Gaussian naive Bayes: every feature is modelled, per class, as an independent normal
 * distribution whose mean and variance are updated with Welford's algorithm (B. P. Welford, "Note
 * on a Method for Calculating Corrected Sums of Squares and Products", Technometrics 1962). Class
 * priors use Laplace smoothing, {@code (n_c + 1) / (n + 2)}; variances never go below {@code
 * varianceFloor}, so a feature that is constant within a class cannot produce an infinite score.
 *
 * <p>The posterior is computed in log space as a log-odds, {@code ln P(1)/P(0) = ln prior ratio +
 * sum of per-feature log-likelihood ratios}, then mapped through the logistic function and
 * clamped. A missing (NaN or infinite) feature is skipped in both learning and prediction, as is
 * a feature either class has seen fewer than twice.
 */
public final class GaussianNaiveBayes implements Learner {

    static final int MAGIC = 0x43464e42; // "CFNB"
    static final short VERSION = 1;
    private static final String WHAT = "GaussianNaiveBayes";

    /**
     * @param varianceFloor smallest variance used for a feature, finite and {@code > 0}, in the
     *     features' squared units
     */
    public record Config(double varianceFloor) {
        public Config {
            if (!(varianceFloor > 0) || !Double.isFinite(varianceFloor)) {
                throw new IllegalArgumentException("varianceFloor must be a finite number > 0, got " + varianceFloor);
            }
        }

        /** A variance floor of 1e-6. */
        public static Config defaultConfig() {
            return new Config(1e-6);
        }

        void write(DataOutputStream out) throws IOException {
            out.writeDouble(varianceFloor);
        }

        static Config read(DataInputStream in) throws IOException {
            return new Config(in.readDouble());
        }
    }

    private final int dimension;
    private final Config config;
    private GaussianStats stats;

    public GaussianNaiveBayes(int dimension, Config config) {
        MlMath.checkDimension(dimension);
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.dimension = dimension;
        this.config = config;
        this.stats = new GaussianStats(dimension);
    }

    public Config config() {
        return config;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String name() {
        return "naive_bayes";
    }

    @Override
    public double predict(double[] x) {
        MlMath.checkInput(x, dimension);
        double logPrior = StrictMath.log((stats.classCount(1) + 1.0) / (stats.classCount(0) + 1.0));
        return MlMath.clampP(MlMath.sigmoid(logPrior + stats.logLikelihoodRatio(x, config.varianceFloor())));
    }

    @Override
    public void learn(double[] x, boolean y) {
        MlMath.checkInput(x, dimension);
        stats.add(x, y);
    }

    @Override
    public void reset() {
        stats.clear();
    }

    /** Examples seen of class 1 (WIN) or 0. */
    public long classCount(boolean y) {
        return stats.classCount(y ? 1 : 0);
    }

    @Override
    public byte[] toBytes() {
        return Codec.encode(MAGIC, VERSION, out -> {
            Codec.writeVarLong(out, dimension);
            config.write(out);
            stats.write(out);
        });
    }

    public static GaussianNaiveBayes fromBytes(byte[] bytes) {
        return Codec.decode(bytes, MAGIC, VERSION, WHAT, in -> {
            int d = Codec.readCount(in, "dimension", in.available() / 2);
            GaussianNaiveBayes nb = new GaussianNaiveBayes(d, Config.read(in));
            nb.stats = GaussianStats.read(in, d);
            return nb;
        });
    }
}
