package io.chanflow.state.ml;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GaussianNaiveBayesTest {

    // two classes with independent Gaussian features: P(WIN) = 0.3,
    // WIN:   x0 ~ N(1, 1),  x1 ~ N(0, 2^2)
    // other: x0 ~ N(-1, 1), x1 ~ N(0.5, 1)
    private static final double PRIOR = 0.3;
    private static final double[][] MEAN = {{-1, 0.5}, {1, 0}};
    private static final double[][] SD = {{1, 1}, {1, 2}};

    private static double density(double x, double mean, double sd) {
        double z = (x - mean) / sd;
        return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
    }

    /** Bayes' rule with the true parameters. */
    private static double analyticPosterior(double[] x) {
        double like1 = PRIOR;
        double like0 = 1 - PRIOR;
        for (int j = 0; j < 2; j++) {
            like1 *= density(x[j], MEAN[1][j], SD[1][j]);
            like0 *= density(x[j], MEAN[0][j], SD[0][j]);
        }
        return like1 / (like1 + like0);
    }

    @Test
    void shouldApproachTheAnalyticPosteriorOfTwoGaussianClasses() {
        GaussianNaiveBayes nb = new GaussianNaiveBayes(2, GaussianNaiveBayes.Config.defaultConfig());
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            int c = r.nextDouble() < PRIOR ? 1 : 0;
            double[] x = {MEAN[c][0] + SD[c][0] * r.nextGaussian(), MEAN[c][1] + SD[c][1] * r.nextGaussian()};
            nb.learn(x, c == 1);
        }
        double[][] points = {{0, 0}, {1, 0.5}, {-0.5, 2}, {0.3, -1}, {2, -3}, {-2, 0.5}};
        for (double[] x : points) {
            double expected = analyticPosterior(x);
            double got = nb.predict(x);
            System.out.printf("naive Bayes at (%.1f, %.1f): %.4f, analytic %.4f%n", x[0], x[1], got, expected);
            assertThat(got).as("P(WIN) at (%s, %s)", x[0], x[1]).isCloseTo(expected, within(0.05));
        }
    }

    @Test
    void shouldUseLaplacePriorsBeforeAnyFeatureIsUsable() {
        GaussianNaiveBayes nb = new GaussianNaiveBayes(1, GaussianNaiveBayes.Config.defaultConfig());
        assertThat(nb.predict(new double[] {0})).isEqualTo(0.5);
        nb.learn(new double[] {1}, true);
        nb.learn(new double[] {2}, true);
        // one example of class 0 only: feature 0 is not yet usable, the prior is (2+1)/(3+2)
        nb.learn(new double[] {3}, false);
        assertThat(nb.predict(new double[] {3})).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void shouldStayFiniteWhenAFeatureIsConstantWithinAClass() {
        GaussianNaiveBayes nb = new GaussianNaiveBayes(1, GaussianNaiveBayes.Config.defaultConfig());
        for (int i = 0; i < 100; i++) {
            nb.learn(new double[] {1}, true);
            nb.learn(new double[] {0}, false);
        }
        assertThat(nb.predict(new double[] {1})).isEqualTo(1 - MlMath.P_MIN);
        assertThat(nb.predict(new double[] {0})).isEqualTo(MlMath.P_MIN);
        assertThat(nb.predict(new double[] {0.5})).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void shouldRejectANonPositiveVarianceFloorNamingTheField() {
        assertThatThrownBy(() -> new GaussianNaiveBayes.Config(0)).hasMessageStartingWith("varianceFloor");
    }
}
