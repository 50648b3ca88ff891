package io.chanflow.state.ml;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EnsembleTest {

    private static final int FLIP = 20_000;
    private static final int TREE = 2;

    @Test
    void shouldGiveTheLargestWeightToTheLearnerThatIsClearlyBest() {
        // on xor the tree is right ~99% of the time, logistic regression and naive Bayes are at chance
        for (long seed = 1; seed <= 3; seed++) {
            Ensemble e = new Ensemble(2, EnsembleConfig.defaultConfig());
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < 20_000; i++) {
                Streams.Example ex = Streams.xor(r);
                e.learn(ex.x(), ex.y());
            }
            double[] w = e.weights();
            System.out.printf("ensemble on xor, seed %d: weights (ftrl, nb, tree) %s, recent losses %s%n", seed,
                    Arrays.toString(w), Arrays.toString(e.recentLoss()));
            assertThat(w[TREE]).as("tree weight, seed %d", seed).isGreaterThan(Math.max(w[0], w[1])).isGreaterThan(0.8);
            assertThat(e.score(new double[] {0.5, -0.5}).p()).isGreaterThan(0.5);
            assertThat(e.score(new double[] {0.5, 0.5}).p()).isLessThan(0.5);
        }
    }

    /** Diagonal concept whose labels are inverted from example FLIP on; returns per-example correctness. */
    private static boolean[] runFlip(Ensemble e, long seed, int n, int[] firstDriftAfterFlip, long[] driftsBeforeFlip) {
        SplittableRandom r = new SplittableRandom(seed);
        boolean[] right = new boolean[n];
        firstDriftAfterFlip[0] = -1;
        for (int i = 0; i < n; i++) {
            Streams.Example ex = Streams.diagonal(r);
            boolean y = ex.y() ^ (i >= FLIP);
            right[i] = (e.score(ex.x()).p() >= 0.5) == y;
            boolean drift = e.learn(ex.x(), y);
            if (i == FLIP - 1) {
                driftsBeforeFlip[0] = e.drifts();
            }
            if (drift && i >= FLIP && firstDriftAfterFlip[0] < 0) {
                firstDriftAfterFlip[0] = i - FLIP + 1;
            }
        }
        return right;
    }

    private static double accuracy(boolean[] right, int from, int to) {
        int c = 0;
        for (int i = from; i < to; i++) {
            c += right[i] ? 1 : 0;
        }
        return (double) c / (to - from);
    }

    @Test
    void shouldDetectAConceptFlipAndRecoverWithinFiveHundredExamples() {
        // the ensemble's error jumps from ~1% to ~100%: ADWIN's threshold for a gap of ~0.9 is passed
        // after a few new values, so detection waits for the next 32-value check (delay <= 64); 200 is safe
        for (String reset : new String[] {"worst", "all"}) {
            for (long seed = 1; seed <= 3; seed++) {
                Ensemble e = new Ensemble(2, EnsembleConfig.of(Map.of("drift_reset", reset)));
                int[] delay = new int[1];
                long[] before = new long[1];
                boolean[] right = runFlip(e, seed, 2 * FLIP, delay, before);
                double worstWindow = 1;
                for (int s = FLIP + 500; s + 1000 <= 2 * FLIP; s += 100) {
                    worstWindow = Math.min(worstWindow, accuracy(right, s, s + 1000));
                }
                System.out.printf("flip at 20000, reset %s, seed %d: drift detected %d examples after, drifts %d, model version %d,"
                                + " accuracy before the flip %.4f, first 500 after %.4f, worst 1000-window from +500 on %.4f,"
                                + " final weights %s%n", reset, seed, delay[0], e.drifts(), e.modelVersion(),
                        accuracy(right, FLIP - 5000, FLIP), accuracy(right, FLIP, FLIP + 500), worstWindow,
                        Arrays.toString(e.weights()));
                assertThat(before[0]).as("no harmful drift on the stationary part").isZero();
                assertThat(delay[0]).as("detection delay").isBetween(1, 200);
                assertThat(e.modelVersion()).isEqualTo(e.drifts()).isGreaterThanOrEqualTo(1);
                assertThat(accuracy(right, FLIP - 5000, FLIP)).isGreaterThan(0.95);
                assertThat(worstWindow).as("every 1000-example window from 500 after the flip").isGreaterThanOrEqualTo(0.9);
            }
        }
    }

    @Test
    void shouldResetOnlyTheWorstLearnerOnDriftByDefault() {
        Ensemble e = new Ensemble(2, EnsembleConfig.defaultConfig());
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; ; i++) {
            Streams.Example ex = Streams.diagonal(r);
            boolean y = ex.y() ^ (i >= FLIP);
            double[] lossBefore = e.recentLoss();
            Ensemble.Score s = e.score(ex.x());
            if (e.learn(ex.x(), y)) {
                // the learner with the worst loss (including this example) saw one example since its reset
                int worst = 0;
                for (int k = 0; k < 3; k++) {
                    double after = 0.98 * lossBefore[k] + 0.02 * MlMath.logLoss(s.learnerP()[k], y, MlMath.P_MIN);
                    double worstAfter = 0.98 * lossBefore[worst] + 0.02 * MlMath.logLoss(s.learnerP()[worst], y, MlMath.P_MIN);
                    if (after > worstAfter) {
                        worst = k;
                    }
                }
                Learner w = e.learners().get(worst);
                Learner fresh = LearnersTest.create(w.name(), 2);
                fresh.learn(ex.x(), y);
                assertThat(w.toBytes()).as("%s was reset", w.name()).isEqualTo(fresh.toBytes());
                for (int k = 0; k < 3; k++) {
                    if (k != worst) {
                        assertThat(e.learners().get(k).predict(ex.x())).as("learner %d kept", k)
                                .isNotEqualTo(LearnersTest.create(e.learners().get(k).name(), 2).predict(ex.x()));
                    }
                }
                assertThat(e.weights()).containsOnly(1.0 / 3);
                assertThat(e.drifts()).isEqualTo(1);
                assertThat(i).isGreaterThanOrEqualTo(FLIP);
                break;
            }
        }
    }

    @Test
    void shouldScoreAsTheWeightedAverageOfTheLearners() {
        Ensemble e = new Ensemble(2, EnsembleConfig.defaultConfig());
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 3000; i++) {
            Streams.Example ex = Streams.xor(r);
            e.learn(ex.x(), ex.y());
        }
        Ensemble.Score s = e.score(new double[] {0.3, -0.7});
        double[] p = s.learnerP();
        double[] w = s.weights();
        assertThat(w[0] + w[1] + w[2]).isCloseTo(1.0, within(1e-12));
        assertThat(s.p()).isCloseTo(w[0] * p[0] + w[1] * p[1] + w[2] * p[2], within(1e-15));
        double[] loss = e.recentLoss();
        assertThat(w[0] / w[2]).isCloseTo(Math.exp(-4.0 * (loss[0] - loss[2])), within(1e-9));
        assertThat(e.samplesSeen()).isEqualTo(3000);
        assertThat(e.learners()).extracting(Learner::name).containsExactly("ftrl", "naive_bayes", "hoeffding_tree");
    }

    @Test
    void shouldHoldEveryLearnersProbabilityWithinTheFloorSoOneConfidentMissCostsAtMostItsLogOfTheFloor() {
        // naive Bayes on two copies of a separating feature is overconfident: its raw P reaches ~1e-9
        Ensemble e = new Ensemble(2, EnsembleConfig.defaultConfig());
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 2000; i++) {
            double v = r.nextGaussian();
            e.learn(new double[] {v, v}, v > 0);
        }
        double raw = e.learners().get(1).predict(new double[] {-4, -4});
        assertThat(raw).isLessThan(1e-6);
        Ensemble.Score s = e.score(new double[] {-4, -4});
        for (double p : s.learnerP()) {
            assertThat(p).isBetween(0.02, 0.98);
        }
        assertThat(s.p()).isBetween(0.02, 0.98);
        assertThat(-Math.log(1 - s.p())).as("log-loss if the label is WIN after all").isLessThanOrEqualTo(-Math.log(0.02));
    }

    @Test
    void shouldStartUniformAndBumpTheVersionOnReset() {
        Ensemble e = new Ensemble(3, EnsembleConfig.defaultConfig());
        assertThat(e.score(new double[] {1, 2, 3}).weights()).containsOnly(1.0 / 3);
        assertThat(e.score(new double[] {1, 2, 3}).p()).isEqualTo(0.5);
        e.learn(new double[] {1, 2, Double.NaN}, true);
        e.reset();
        assertThat(e.modelVersion()).isEqualTo(1);
        assertThat(e.samplesSeen()).isEqualTo(1);
        assertThat(e.drifts()).isZero();
        assertThatThrownBy(() -> e.score(new double[2])).isInstanceOf(IllegalArgumentException.class);
    }
}
