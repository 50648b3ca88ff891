package io.chanflow.state.ml;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshot, restore, continue: a model restored from its bytes at any point of a stream must
 * produce exactly (bit for bit) what the uninterrupted model produces for the rest of the stream,
 * and corrupt bytes must be refused with a clear {@link IllegalArgumentException}.
 */
class SnapshotTest {

    private static final int D = 6;
    private static final int N = 6000;
    private static final int FLIP = 3000;
    private static final int[] SNAPSHOT_AT = {0, 1, 257, 2999, 3040, 3100, 4500, 5999};

    /**
     * Six features: y = x0 + x1 > 0 (margin 0.1), inverted from example 3000 on; x3 is missing
     * (NaN) one time in ten, x5 is sometimes infinite; the rest is noise.
     */
    private static List<Streams.Example> stream(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Streams.Concept c = Streams.diagonalIn(D);
        List<Streams.Example> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            Streams.Example e = c.next(r);
            double[] x = e.x();
            if (r.nextInt(10) == 0) {
                x[3] = Double.NaN;
            }
            if (r.nextInt(50) == 0) {
                x[5] = Double.NEGATIVE_INFINITY;
            }
            out.add(new Streams.Example(x, e.y() ^ (i >= FLIP)));
        }
        return out;
    }

    /** A model under test: what it outputs at one step (and learns), and its codec. */
    private interface Subject {
        double[] step(Streams.Example e);

        byte[] toBytes();
    }

    private static Subject learner(Learner l) {
        return new Subject() {
            @Override
            public double[] step(Streams.Example e) {
                double p = l.predict(e.x());
                l.learn(e.x(), e.y());
                return new double[] {p};
            }

            @Override
            public byte[] toBytes() {
                return l.toBytes();
            }
        };
    }

    private static Subject ensemble(Ensemble m) {
        return new Subject() {
            @Override
            public double[] step(Streams.Example e) {
                Ensemble.Score s = m.score(e.x());
                boolean drift = m.learn(e.x(), e.y());
                double[] p = s.learnerP();
                double[] w = s.weights();
                return new double[] {s.p(), p[0], p[1], p[2], w[0], w[1], w[2], drift ? 1 : 0, m.modelVersion(), m.drifts()};
            }

            @Override
            public byte[] toBytes() {
                return m.toBytes();
            }
        };
    }

    /** ADWIN sees 1 where x0 > 0.6 before the flip, 1 where x0 > -0.6 after: a 0.2 -> 0.8 shift. */
    private static Subject adwin(Adwin a) {
        return new Subject() {
            @Override
            public double[] step(Streams.Example e) {
                double v = e.x()[0] > (e.y() == e.x()[0] + e.x()[1] > 0 ? 0.6 : -0.6) ? 1 : 0;
                boolean change = a.add(v);
                return new double[] {change ? 1 : 0, a.mean(), a.width(), a.variance(), a.detections()};
            }

            @Override
            public byte[] toBytes() {
                return a.toBytes();
            }
        };
    }

    private static void assertRestoresExactly(String what, Subject original, Function<byte[], Subject> restore) {
        List<Streams.Example> s = stream(17);
        List<double[]> outputs = new ArrayList<>();
        List<byte[]> snapshots = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < N; i++) {
            if (next < SNAPSHOT_AT.length && SNAPSHOT_AT[next] == i) {
                snapshots.add(original.toBytes());
                next++;
            }
            outputs.add(original.step(s.get(i)));
        }
        byte[] end = original.toBytes();
        for (int k = 0; k < SNAPSHOT_AT.length; k++) {
            Subject restored = restore.apply(snapshots.get(k));
            assertThat(restored.toBytes()).as("%s re-encodes to the same bytes at %d", what, SNAPSHOT_AT[k])
                    .isEqualTo(snapshots.get(k));
            for (int i = SNAPSHOT_AT[k]; i < N; i++) {
                double[] got = restored.step(s.get(i));
                double[] want = outputs.get(i);
                for (int j = 0; j < want.length; j++) {
                    if (Double.doubleToRawLongBits(got[j]) != Double.doubleToRawLongBits(want[j])) {
                        throw new AssertionError(what + " restored at " + SNAPSHOT_AT[k] + ": output " + j + " at example " + i
                                + " is " + got[j] + ", the uninterrupted model gave " + want[j]);
                    }
                }
            }
            assertThat(restored.toBytes()).as("%s restored at %d ends in the same state", what, SNAPSHOT_AT[k]).isEqualTo(end);
        }
    }

    @Test
    void shouldContinueBitIdenticallyAfterRestoringFtrl() {
        FtrlLogistic f = new FtrlLogistic(D, FtrlLogistic.Config.defaultConfig());
        assertRestoresExactly("ftrl", learner(f), b -> learner(FtrlLogistic.fromBytes(b)));
    }

    @Test
    void shouldContinueBitIdenticallyAfterRestoringNaiveBayes() {
        GaussianNaiveBayes nb = new GaussianNaiveBayes(D, GaussianNaiveBayes.Config.defaultConfig());
        assertRestoresExactly("naive Bayes", learner(nb), b -> learner(GaussianNaiveBayes.fromBytes(b)));
    }

    @Test
    void shouldContinueBitIdenticallyAfterRestoringTheTree() {
        HoeffdingTree t = new HoeffdingTree(D, HoeffdingTree.Config.defaultConfig());
        assertRestoresExactly("tree", learner(t), b -> learner(HoeffdingTree.fromBytes(b)));
        assertThat(t.nodeCount()).as("the tree split during the stream").isGreaterThan(1);
    }

    @Test
    void shouldContinueBitIdenticallyAfterRestoringAdwin() {
        Adwin a = new Adwin(Adwin.Config.defaultConfig());
        assertRestoresExactly("adwin", adwin(a), b -> adwin(Adwin.fromBytes(b)));
        assertThat(a.detections()).as("the stream made ADWIN cut").isPositive();
    }

    @Test
    void shouldContinueBitIdenticallyAfterRestoringTheEnsemble() {
        Ensemble e = new Ensemble(D, EnsembleConfig.defaultConfig());
        assertRestoresExactly("ensemble", ensemble(e), b -> ensemble(Ensemble.fromBytes(b)));
        assertThat(e.drifts()).as("the flip was detected during the stream").isPositive();
    }

    @Test
    void shouldRestoreAnyLearnerThroughTheInterface() {
        for (Learner l : List.of(new FtrlLogistic(2, FtrlLogistic.Config.defaultConfig()),
                new GaussianNaiveBayes(2, GaussianNaiveBayes.Config.defaultConfig()),
                new HoeffdingTree(2, HoeffdingTree.Config.defaultConfig()))) {
            Streams.prequentialAccuracy(l, Streams::diagonal, 1, 500, 1);
            Learner back = Learner.fromBytes(l.toBytes());
            assertThat(back).isExactlyInstanceOf(l.getClass());
            assertThat(back.toBytes()).isEqualTo(l.toBytes());
        }
        byte[] adwinBytes = new Adwin(Adwin.Config.defaultConfig()).toBytes();
        assertThatThrownBy(() -> Learner.fromBytes(adwinBytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown magic");
    }

    /** Small trained snapshots of every class, with their decoders. */
    private static List<Object[]> samples() {
        Ensemble e = new Ensemble(2, EnsembleConfig.defaultConfig());
        FtrlLogistic f = new FtrlLogistic(2, FtrlLogistic.Config.defaultConfig());
        GaussianNaiveBayes nb = new GaussianNaiveBayes(2, GaussianNaiveBayes.Config.defaultConfig());
        HoeffdingTree t = new HoeffdingTree(2, new HoeffdingTree.Config(50, 1e-3, 0.1, 8, 31, 10, 20, 1e-6));
        Adwin a = new Adwin(Adwin.Config.defaultConfig());
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 600; i++) {
            Streams.Example x = Streams.diagonal(r);
            e.learn(x.x(), x.y());
            f.learn(x.x(), x.y());
            nb.learn(x.x(), x.y());
            t.learn(x.x(), x.y());
            a.add(x.y() ? 1 : 0);
        }
        assertThat(t.nodeCount()).isGreaterThan(1);
        return List.of(new Object[] {"FtrlLogistic", f.toBytes(), (Function<byte[], Object>) FtrlLogistic::fromBytes},
                new Object[] {"GaussianNaiveBayes", nb.toBytes(), (Function<byte[], Object>) GaussianNaiveBayes::fromBytes},
                new Object[] {"HoeffdingTree", t.toBytes(), (Function<byte[], Object>) HoeffdingTree::fromBytes},
                new Object[] {"Adwin", a.toBytes(), (Function<byte[], Object>) Adwin::fromBytes},
                new Object[] {"Ensemble", e.toBytes(), (Function<byte[], Object>) Ensemble::fromBytes});
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void shouldRefuseCorruptBytesWithAClearMessage(int which) {
        Object[] sample = samples().get(which);
        String what = (String) sample[0];
        byte[] good = (byte[]) sample[1];
        Function<byte[], Object> decode = (Function<byte[], Object>) sample[2];
        assertThat(decode.apply(good)).isNotNull();

        assertThatThrownBy(() -> decode.apply(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(what + " snapshot is null");
        byte[] magic = good.clone();
        magic[0] ^= 0x20;
        assertThatThrownBy(() -> decode.apply(magic)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a " + what + " snapshot: magic");
        byte[] version = good.clone();
        version[4] = 0;
        version[5] = 99;
        assertThatThrownBy(() -> decode.apply(version)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported " + what + " snapshot version 99 (this build reads "
                        + (what.equals("Ensemble") ? 2 : 1) + ")");
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> decode.apply(longer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt " + what + " snapshot: 1 bytes left over");
        for (int len = 0; len < good.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(good, len);
            assertThatThrownBy(() -> decode.apply(cut)).as("%s cut to %d bytes", what, len)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(what + " snapshot");
        }
        // any single corrupted byte is either refused with an IllegalArgumentException or decodes: nothing else
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) 0xA5;
            try {
                decode.apply(bad);
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).as("message for a corrupt byte %d", i).contains(what + " snapshot");
            }
        }
    }
}
