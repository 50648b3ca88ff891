package io.chanflow.state.ml;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** A trained ensemble for 24 features stays a few tens of kilobytes, bounded by the tree's node limit. */
class SnapshotSizeTest {

    @Test
    void shouldKeepATrainedEnsembleForTwentyFourFeaturesSmall() {
        int d = 24;
        Ensemble e = new Ensemble(d, EnsembleConfig.defaultConfig());
        SplittableRandom r = new SplittableRandom(24);
        Streams.Concept c = Streams.diagonalIn(d);
        for (int i = 0; i < 100_000; i++) {
            Streams.Example ex = c.next(r);
            double[] x = ex.x();
            // a few informative features beyond the first two, and missing values
            x[2] = (ex.y() ? 0.5 : -0.5) + r.nextDouble(-1, 1);
            if (r.nextInt(20) == 0) {
                x[7] = Double.NaN;
            }
            // a checkerboard in x3, x4 from 50k on keeps the tree growing
            boolean y = i < 50_000 ? ex.y() : ex.y() ^ ((x[3] > 0) ^ (x[4] > 0));
            e.learn(x, y);
        }
        byte[] all = e.toBytes();
        int[] parts = new int[3];
        for (int k = 0; k < 3; k++) {
            parts[k] = e.learners().get(k).toBytes().length;
        }
        HoeffdingTree tree = (HoeffdingTree) e.learners().get(2);
        System.out.printf("d=24 ensemble after 100k examples: %d bytes (ftrl %d, naive Bayes %d, tree %d with %d nodes,"
                + " drift window %d values), %d drifts%n", all.length, parts[0], parts[1], parts[2], tree.nodeCount(),
                e.driftWindow(), e.drifts());
        // per leaf at most: 2 weights, 2 counters, 2 x 24 range doubles, 2 x 24 x (count + mean + m2)
        int leafBound = 16 + 20 + 2 * d * 8 + 2 * d * (10 + 16) + 4;
        int treeBound = 200 + 16 * leafBound + 15 * 30;
        assertThat(parts[2]).isLessThanOrEqualTo(treeBound);
        assertThat(all.length).isLessThan(treeBound + 5_000);
    }
}
