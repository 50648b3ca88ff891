package io.chanflow.state.ml;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HoeffdingTreeTest {

    @Test
    void shouldLearnAnAxisAlignedXorThatLogisticRegressionCannot() {
        for (long seed = 1; seed <= 5; seed++) {
            HoeffdingTree tree = new HoeffdingTree(2, HoeffdingTree.Config.defaultConfig());
            double treeAcc = Streams.prequentialAccuracy(tree, Streams::xor, seed, 20_000, 2000);
            double lrAcc = Streams.prequentialAccuracy(new FtrlLogistic(2, FtrlLogistic.Config.defaultConfig()), Streams::xor,
                    seed, 20_000, 2000);
            System.out.printf("xor, seed %d: tree %.4f (%d nodes, depth %d), logistic %.4f on the last 2000 of 20000%n", seed,
                    treeAcc, tree.nodeCount(), tree.depth(), lrAcc);
            assertThat(treeAcc).as("tree, seed %d", seed).isGreaterThanOrEqualTo(0.9);
            assertThat(lrAcc).as("logistic regression, seed %d", seed).isLessThanOrEqualTo(0.65);
        }
    }

    @Test
    void shouldSplitAtTheInformativeThresholdOnceTheBoundAllows() {
        // y = x0 > 0.3, x1 is noise: the root splits on feature 0 near 0.3 (candidates lie on a grid of ~2/11)
        HoeffdingTree tree = new HoeffdingTree(2, HoeffdingTree.Config.defaultConfig());
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 2000; i++) {
            double a = r.nextDouble(-1, 1);
            tree.learn(new double[] {a, r.nextDouble(-1, 1)}, a > 0.3);
        }
        assertThat(tree.splitFeature(0)).isZero();
        assertThat(tree.splitThreshold(0)).isBetween(0.3 - 0.2, 0.3 + 0.2);
    }

    @Test
    void shouldBreakTiesTowardsTheLowerFeatureIndex() {
        // features 0 and 1 are the same value, so their gains are equal: the split waits until the
        // Hoeffding bound falls below the tie threshold (n > ln(1e7) / (2 * 0.05^2) = 3224), then feature 0 wins
        HoeffdingTree tree = new HoeffdingTree(2, HoeffdingTree.Config.defaultConfig());
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 3000; i++) {
            double a = r.nextDouble(-1, 1);
            tree.learn(new double[] {a, a}, a > 0.3);
        }
        assertThat(tree.nodeCount()).as("no split while the two best are tied and the bound is wide").isEqualTo(1);
        for (int i = 0; i < 600; i++) {
            double a = r.nextDouble(-1, 1);
            tree.learn(new double[] {a, a}, a > 0.3);
        }
        assertThat(tree.nodeCount()).isGreaterThan(1);
        assertThat(tree.splitFeature(0)).isZero();
    }

    @Test
    void shouldNeverGrowBeyondMaxNodesOrMaxDepth() {
        HoeffdingTree.Config cfg = new HoeffdingTree.Config(50, 0.01, 0.2, 3, 11, 10, 20, 1e-6);
        HoeffdingTree tree = new HoeffdingTree(3, cfg);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 50_000; i++) {
            double[] x = {r.nextDouble(), r.nextDouble(), r.nextDouble()};
            // a fine checkerboard: there is always something left to split
            tree.learn(x, ((int) (x[0] * 8) + (int) (x[1] * 8) + (int) (x[2] * 8)) % 2 == 0);
            assertThat(tree.nodeCount()).isLessThanOrEqualTo(11);
        }
        assertThat(tree.depth()).isLessThanOrEqualTo(3);
        System.out.printf("bounded tree on a checkerboard: %d nodes, depth %d%n", tree.nodeCount(), tree.depth());
    }

    @Test
    void shouldNotSplitAPureLeaf() {
        HoeffdingTree tree = new HoeffdingTree(2, HoeffdingTree.Config.defaultConfig());
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 5000; i++) {
            tree.learn(new double[] {r.nextDouble(), r.nextDouble()}, true);
        }
        assertThat(tree.nodeCount()).isEqualTo(1);
        assertThat(tree.predict(new double[] {0.5, 0.5})).isGreaterThan(0.99);
    }

    @Test
    void shouldRejectInvalidSettingsNamingTheField() {
        assertThatThrownBy(() -> new HoeffdingTree.Config(0, 1e-7, 0.05, 8, 31, 10, 20, 1e-6)).hasMessageStartingWith("gracePeriod");
        assertThatThrownBy(() -> new HoeffdingTree.Config(200, 1, 0.05, 8, 31, 10, 20, 1e-6)).hasMessageStartingWith("splitConfidence");
        assertThatThrownBy(() -> new HoeffdingTree.Config(200, 1e-7, -1, 8, 31, 10, 20, 1e-6)).hasMessageStartingWith("tieThreshold");
        assertThatThrownBy(() -> new HoeffdingTree.Config(200, 1e-7, 0.05, -1, 31, 10, 20, 1e-6)).hasMessageStartingWith("maxDepth");
        assertThatThrownBy(() -> new HoeffdingTree.Config(200, 1e-7, 0.05, 8, 0, 10, 20, 1e-6)).hasMessageStartingWith("maxNodes");
        assertThatThrownBy(() -> new HoeffdingTree.Config(200, 1e-7, 0.05, 8, 31, 0, 20, 1e-6)).hasMessageStartingWith("splitCandidates");
        assertThatThrownBy(() -> new HoeffdingTree.Config(200, 1e-7, 0.05, 8, 31, 10, -1, 1e-6)).hasMessageStartingWith("nbThreshold");
        assertThatThrownBy(() -> new HoeffdingTree.Config(200, 1e-7, 0.05, 8, 31, 10, 20, 0)).hasMessageStartingWith("varianceFloor");
    }
}
