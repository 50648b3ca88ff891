package io.chanflow.state.ml;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every learner must do, checked on each of the three kinds. */
class LearnersTest {

    static Learner create(String kind, int d) {
        IntFunction<Learner> f = switch (kind) {
            case "ftrl" -> n -> new FtrlLogistic(n, FtrlLogistic.Config.defaultConfig());
            case "naive_bayes" -> n -> new GaussianNaiveBayes(n, GaussianNaiveBayes.Config.defaultConfig());
            case "hoeffding_tree" -> n -> new HoeffdingTree(n, HoeffdingTree.Config.defaultConfig());
            default -> throw new IllegalArgumentException(kind);
        };
        return f.apply(d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftrl", "naive_bayes", "hoeffding_tree"})
    void shouldLearnALinearlySeparableStreamToNinetyFivePercent(String kind) {
        for (long seed = 1; seed <= 5; seed++) {
            double acc = Streams.prequentialAccuracy(create(kind, 2), Streams::diagonal, seed, 5000, 1000);
            System.out.printf("%s, seed %d: prequential accuracy on the last 1000 of 5000 diagonal examples %.4f%n", kind, seed, acc);
            assertThat(acc).as("%s, seed %d", kind, seed).isGreaterThanOrEqualTo(0.95);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftrl", "naive_bayes", "hoeffding_tree"})
    void shouldPredictStrictlyInsideZeroOneEvenWhenCertain(String kind) {
        Learner l = create(kind, 2);
        for (int i = 0; i < 3000; i++) {
            l.learn(new double[] {1e6, 1e6}, true);
            l.learn(new double[] {-1e6, -1e6}, false);
        }
        assertThat(l.predict(new double[] {1e9, 1e9})).isGreaterThan(0.5).isLessThan(1.0);
        assertThat(l.predict(new double[] {-1e9, -1e9})).isLessThan(0.5).isGreaterThan(0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftrl", "naive_bayes", "hoeffding_tree"})
    void shouldTreatMissingFeaturesAsSkippedAndStillLearnFromTheOthers(String kind) {
        Learner l = create(kind, 3);
        // feature 2 is always missing (NaN) or infinite: the stream is still learned from features 0 and 1
        double acc = Streams.prequentialAccuracy(l, r -> {
            Streams.Example e = Streams.diagonal(r);
            double missing = r.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
            return new Streams.Example(new double[] {e.x()[0], e.x()[1], missing}, e.y());
        }, 7, 5000, 1000);
        assertThat(acc).isGreaterThanOrEqualTo(0.95);
        assertThat(l.predict(new double[] {0.5, 0.5, Double.NaN})).isBetween(0.0, 1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftrl", "naive_bayes", "hoeffding_tree"})
    void shouldForgetEverythingOnResetButKeepTheConfiguration(String kind) {
        Learner fresh = create(kind, 2);
        Learner l = create(kind, 2);
        Streams.prequentialAccuracy(l, Streams::diagonal, 3, 2000, 1);
        l.reset();
        assertThat(l.toBytes()).isEqualTo(fresh.toBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftrl", "naive_bayes", "hoeffding_tree"})
    void shouldRejectInputsOfTheWrongDimension(String kind) {
        Learner l = create(kind, 2);
        assertThatThrownBy(() -> l.predict(new double[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension is 2");
        assertThatThrownBy(() -> l.learn(null, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> create(kind, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension");
    }
}
