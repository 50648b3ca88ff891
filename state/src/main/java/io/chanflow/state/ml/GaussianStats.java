package io.chanflow.state.ml;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Per class (0 = not WIN, 1 = WIN) and per feature: count, mean and sum of squared deviations,
 * updated with Welford's online algorithm (numerically stable, one pass). Missing (NaN or
 * infinite) values are not counted, so each feature has its own count; the class counts include
 * every example. Used by {@link GaussianNaiveBayes} and by the leaves of {@link HoeffdingTree}.
 */
final class GaussianStats {

    private final int dimension;
    private final long[] classCount = new long[2];
    /** Index {@code c * dimension + j}. */
    private final long[] count;
    private final double[] mean;
    private final double[] m2;

    GaussianStats(int dimension) {
        this.dimension = dimension;
        this.count = new long[2 * dimension];
        this.mean = new double[2 * dimension];
        this.m2 = new double[2 * dimension];
    }

    void add(double[] x, boolean y) {
        int c = y ? 1 : 0;
        classCount[c]++;
        for (int j = 0; j < dimension; j++) {
            double v = x[j];
            if (MlMath.missing(v)) {
                continue;
            }
            int k = c * dimension + j;
            long nk = ++count[k];
            double delta = v - mean[k];
            mean[k] += delta / nk;
            m2[k] += delta * (v - mean[k]);
        }
    }

    void clear() {
        Arrays.fill(classCount, 0);
        Arrays.fill(count, 0);
        Arrays.fill(mean, 0);
        Arrays.fill(m2, 0);
    }

    long classCount(int c) {
        return classCount[c];
    }

    long count(int c, int j) {
        return count[c * dimension + j];
    }

    double mean(int c, int j) {
        return mean[c * dimension + j];
    }

    /** Sample variance, never below {@code floor}; {@code floor} itself with fewer than two values. */
    double variance(int c, int j, double floor) {
        int k = c * dimension + j;
        return count[k] >= 2 ? Math.max(m2[k] / (count[k] - 1), floor) : floor;
    }

    /**
     * {@code ln p(x | 1) - ln p(x | 0)} under independent Gaussians. A feature contributes only
     * when it is present in {@code x} and both classes have seen it at least twice; otherwise it
     * carries no usable evidence and is left out for both classes alike.
     */
    double logLikelihoodRatio(double[] x, double floor) {
        double s = 0;
        for (int j = 0; j < dimension; j++) {
            double v = x[j];
            if (MlMath.missing(v) || count[j] < 2 || count[dimension + j] < 2) {
                continue;
            }
            double v0 = variance(0, j, floor);
            double v1 = variance(1, j, floor);
            double d0 = v - mean[j];
            double d1 = v - mean[dimension + j];
            s += 0.5 * StrictMath.log(v0 / v1) + d0 * d0 / (2 * v0) - d1 * d1 / (2 * v1);
        }
        return s;
    }

    void write(DataOutputStream out) throws IOException {
        Codec.writeVarLong(out, classCount[0]);
        Codec.writeVarLong(out, classCount[1]);
        for (int k = 0; k < count.length; k++) {
            Codec.writeVarLong(out, count[k]);
            if (count[k] > 0) {
                out.writeDouble(mean[k]);
                out.writeDouble(m2[k]);
            }
        }
    }

    static GaussianStats read(DataInputStream in, int dimension) throws IOException {
        GaussianStats s = new GaussianStats(dimension);
        s.classCount[0] = Codec.readVarLong(in, "class count 0");
        s.classCount[1] = Codec.readVarLong(in, "class count 1");
        for (int k = 0; k < s.count.length; k++) {
            long n = Codec.readVarLong(in, "feature count");
            if (n > s.classCount[k / dimension]) {
                throw new IllegalArgumentException("feature " + k % dimension + " of class " + k / dimension + " has count " + n
                        + " above the class count " + s.classCount[k / dimension]);
            }
            s.count[k] = n;
            if (n > 0) {
                s.mean[k] = in.readDouble();
                s.m2[k] = in.readDouble();
                if (!Double.isFinite(s.mean[k]) || !(s.m2[k] >= 0) || !Double.isFinite(s.m2[k])) {
                    throw new IllegalArgumentException("feature " + k % dimension + " of class " + k / dimension
                            + " has mean " + s.mean[k] + " and m2 " + s.m2[k]);
                }
            }
        }
        return s;
    }
}
