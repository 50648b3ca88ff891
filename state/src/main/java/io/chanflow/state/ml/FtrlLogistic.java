package io.chanflow.state.ml;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Logistic regression trained by FTRL-Proximal ("Ad Click Prediction: a View from the Trenches",
 * McMahan et al., KDD 2013, Algorithm 1): per-coordinate learning rates {@code alpha / (beta +
 * sqrt(n_i))} and L1/L2 regularisation applied in closed form, so a coordinate whose accumulated
 * gradient {@code |z_i|} stays within {@code l1} has a weight of exactly 0.
 *
 * <p>State is two arrays, {@code z} and {@code n}, of {@code dimension + 1} entries (the last is
 * the bias, which has an input of 1 and is not regularised: shrinking it would bias the base
 * rate). Weights are computed from {@code z, n} when needed. Missing (NaN or infinite) features
 * are skipped, which is exactly what a 0 input does in FTRL: no gradient, no update.
 */
public final class FtrlLogistic implements Learner {

    static final int MAGIC = 0x43464654; // "CFFT"
    static final short VERSION = 1;
    private static final String WHAT = "FtrlLogistic";

    /**
     * FTRL-Proximal settings, validated at construction.
     *
     * @param alpha learning-rate scale, finite and {@code > 0}
     * @param beta learning-rate smoothing, finite and {@code >= 0}
     * @param l1 L1 strength, finite and {@code >= 0}; larger means sparser weights
     * @param l2 L2 strength, finite and {@code >= 0}
     */
    public record Config(double alpha, double beta, double l1, double l2) {
        public Config {
            if (!(alpha > 0) || !Double.isFinite(alpha)) {
                throw new IllegalArgumentException("alpha must be a finite number > 0, got " + alpha);
            }
            requireNonNegative("beta", beta);
            requireNonNegative("l1", l1);
            requireNonNegative("l2", l2);
        }

        /** alpha 0.1, beta 1, l1 0.1, l2 1: mild sparsity, learning rate falling as 1/sqrt(n). */
        public static Config defaultConfig() {
            return new Config(0.1, 1.0, 0.1, 1.0);
        }

        private static void requireNonNegative(String field, double v) {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(field + " must be a finite number >= 0, got " + v);
            }
        }

        void write(DataOutputStream out) throws IOException {
            out.writeDouble(alpha);
            out.writeDouble(beta);
            out.writeDouble(l1);
            out.writeDouble(l2);
        }

        static Config read(DataInputStream in) throws IOException {
            return new Config(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
        }
    }

    private final int dimension;
    private final Config config;
    private final double[] z;
    private final double[] n;
    /** Scratch for the weights of one learn step; not state. */
    private final double[] w;

    public FtrlLogistic(int dimension, Config config) {
        MlMath.checkDimension(dimension);
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.dimension = dimension;
        this.config = config;
        this.z = new double[dimension + 1];
        this.n = new double[dimension + 1];
        this.w = new double[dimension + 1];
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
        return "ftrl";
    }

    /** The current feature weights (a copy; the bias is {@link #bias()}). */
    public double[] weights() {
        double[] out = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            out[i] = weight(i);
        }
        return out;
    }

    public double bias() {
        return weight(dimension);
    }

    @Override
    public double predict(double[] x) {
        MlMath.checkInput(x, dimension);
        double margin = weight(dimension);
        for (int i = 0; i < dimension; i++) {
            double v = x[i];
            if (!MlMath.missing(v) && v != 0) {
                margin += weight(i) * v;
            }
        }
        return MlMath.clampP(MlMath.sigmoid(margin));
    }

    @Override
    public void learn(double[] x, boolean y) {
        MlMath.checkInput(x, dimension);
        // the same sum, in the same order, as predict: the gradient uses exactly predict's probability
        w[dimension] = weight(dimension);
        double margin = w[dimension];
        for (int i = 0; i < dimension; i++) {
            double v = input(x, i);
            w[i] = v == 0 ? 0 : weight(i);
            margin += w[i] * v;
        }
        double g = MlMath.sigmoid(margin) - (y ? 1.0 : 0.0);
        for (int i = 0; i <= dimension; i++) {
            double v = input(x, i);
            if (v == 0) {
                continue;
            }
            double gi = g * v;
            double sigma = (Math.sqrt(n[i] + gi * gi) - Math.sqrt(n[i])) / config.alpha;
            z[i] += gi - sigma * w[i];
            n[i] += gi * gi;
        }
    }

    @Override
    public void reset() {
        Arrays.fill(z, 0);
        Arrays.fill(n, 0);
    }

    /** Coordinate i's input: the feature, 0 when missing, 1 for the bias. */
    private double input(double[] x, int i) {
        if (i == dimension) {
            return 1.0;
        }
        double v = x[i];
        return MlMath.missing(v) ? 0 : v;
    }

    /** The FTRL-Proximal closed form; the bias (i == dimension) has no L1/L2. */
    private double weight(int i) {
        boolean bias = i == dimension;
        double l1 = bias ? 0 : config.l1;
        double l2 = bias ? 0 : config.l2;
        double zi = z[i];
        if (Math.abs(zi) <= l1) {
            return 0;
        }
        double shrunk = zi - Math.signum(zi) * l1;
        return -shrunk / ((config.beta + Math.sqrt(n[i])) / config.alpha + l2);
    }

    @Override
    public byte[] toBytes() {
        return Codec.encode(MAGIC, VERSION, out -> {
            Codec.writeVarLong(out, dimension);
            config.write(out);
            Codec.writeDoubles(out, z);
            Codec.writeDoubles(out, n);
        });
    }

    public static FtrlLogistic fromBytes(byte[] bytes) {
        return Codec.decode(bytes, MAGIC, VERSION, WHAT, in -> {
            int d = Codec.readCount(in, "dimension", in.available() / 16);
            FtrlLogistic f = new FtrlLogistic(d, Config.read(in));
            double[] z = Codec.readDoubles(in, d + 1);
            double[] n = Codec.readDoubles(in, d + 1);
            for (int i = 0; i <= d; i++) {
                if (!Double.isFinite(z[i]) || !(n[i] >= 0) || !Double.isFinite(n[i])) {
                    throw new IllegalArgumentException("coordinate " + i + " has z=" + z[i] + ", n=" + n[i]);
                }
            }
            System.arraycopy(z, 0, f.z, 0, d + 1);
            System.arraycopy(n, 0, f.n, 0, d + 1);
            return f;
        });
    }
}
