package io.chanflow.state.ml;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FtrlLogisticTest {

    private static final int D = 8;

    /** y = x0 + x1 > 0 (margin 0.1); x2..x7 are uniform noise. */
    private static FtrlLogistic trainAndWatchNoise(double l1, long seed, boolean[] noiseEverNonZero) {
        FtrlLogistic f = new FtrlLogistic(D, new FtrlLogistic.Config(0.1, 1.0, l1, 1.0));
        SplittableRandom r = new SplittableRandom(seed);
        Streams.Concept c = Streams.diagonalIn(D);
        for (int i = 0; i < 5000; i++) {
            Streams.Example e = c.next(r);
            f.learn(e.x(), e.y());
            double[] w = f.weights();
            for (int j = 2; j < D; j++) {
                noiseEverNonZero[j] |= w[j] != 0;
            }
        }
        return f;
    }

    @Test
    void shouldKeepIrrelevantWeightsExactlyZeroUnderAStrongL1() {
        for (long seed = 1; seed <= 5; seed++) {
            boolean[] ever = new boolean[D];
            FtrlLogistic f = trainAndWatchNoise(50, seed, ever);
            double[] w = f.weights();
            System.out.printf("FTRL l1=50, seed %d: weights %s%n", seed, java.util.Arrays.toString(w));
            assertThat(w[0]).as("relevant weight 0").isGreaterThan(1.0);
            assertThat(w[1]).as("relevant weight 1").isGreaterThan(1.0);
            for (int j = 2; j < D; j++) {
                assertThat(ever[j]).as("seed %d: noise weight %d was non-zero at some step", seed, j).isFalse();
            }
            double acc = Streams.prequentialAccuracy(f, Streams.diagonalIn(D), seed + 100, 1000, 1000);
            assertThat(acc).as("the sparse model still separates").isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void shouldGiveNoiseNonZeroWeightsWithoutL1() {
        boolean[] ever = new boolean[D];
        double[] w = trainAndWatchNoise(0, 1, ever).weights();
        for (int j = 2; j < D; j++) {
            assertThat(w[j]).as("noise weight %d without L1", j).isNotZero();
        }
    }

    @Test
    void shouldMatchTheClosedFormOfOneStepByHand() {
        // one example x = (2), y = 1, from z = n = 0: p = 0.5, g = -0.5 per unit input.
        // feature: g = -1, sigma = (sqrt(1) - 0) / alpha = 2, z = -1 - 2 * 0 = -1, n = 1
        //   w = -(z - sign(z) l1) / ((beta + sqrt(n)) / alpha + l2) = -(-1 + 0.25) / ((1 + 1) / 0.5 + 1) = 0.75 / 5 = 0.15
        // bias: g = -0.5, z = -0.5, n = 0.25, no regularisation: w = 0.5 / ((1 + 0.5) / 0.5) = 1/6
        FtrlLogistic f = new FtrlLogistic(1, new FtrlLogistic.Config(0.5, 1.0, 0.25, 1.0));
        f.learn(new double[] {2.0}, true);
        assertThat(f.weights()[0]).isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(f.bias()).isCloseTo(1.0 / 6, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(f.predict(new double[] {1.0})).isCloseTo(1 / (1 + Math.exp(-(0.15 + 1.0 / 6))),
                org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void shouldRejectInvalidSettingsNamingTheField() {
        assertThatThrownBy(() -> new FtrlLogistic.Config(0, 1, 0, 0)).hasMessageStartingWith("alpha");
        assertThatThrownBy(() -> new FtrlLogistic.Config(0.1, -1, 0, 0)).hasMessageStartingWith("beta");
        assertThatThrownBy(() -> new FtrlLogistic.Config(0.1, 1, Double.NaN, 0)).hasMessageStartingWith("l1");
        assertThatThrownBy(() -> new FtrlLogistic.Config(0.1, 1, 0, Double.POSITIVE_INFINITY)).hasMessageStartingWith("l2");
        assertThatThrownBy(() -> new FtrlLogistic(2, null)).hasMessageContaining("config");
    }
}
