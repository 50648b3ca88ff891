package io.chanflow.state.ml;

import java.util.Arrays;
import java.util.List;

/**
 * The online model the signal pipeline scores with: three learners of different kinds ({@link
 * FtrlLogistic}, {@link GaussianNaiveBayes}, {@link HoeffdingTree}, in that order) mixed by
 * exponential weights on their recent losses, with an {@link Adwin} detector for concept drift.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #score} gives {@code p = sum_i w_i p_i} with {@code w_i ∝ exp(-eta · L_i)}, where
 *       {@code L_i} is learner i's exponentially decayed prequential log-loss (natural log, each
 *       prediction clamped to [1e-9, 1 - 1e-9]); it does not change the model;</li>
 *   <li>{@link #learn} is test-then-train: the current example is first scored, each learner's
 *       recent loss is updated from the prediction it made <em>before</em> seeing the label, the
 *       ensemble's 0/1 error ({@code p >= 0.5} versus y) goes to ADWIN, and only then do the
 *       learners train on it;</li>
 *   <li>when ADWIN detects a change in which the error rose (a change to a lower error only
 *       shrinks ADWIN's window), the learner with the worst recent loss (or every learner,
 *       per {@link EnsembleConfig#driftReset()}) is reset, the weights return to uniform, and
 *       {@link #drifts()} and {@link #modelVersion()} go up by one; the reset happens before the
 *       learners train on the example that revealed the drift, so none of it is lost;</li>
 *   <li>{@code fromBytes(toBytes())} continues bit-identically.</li>
 * </ul>
 * The weighting is the exponentially weighted average forecaster ("Hedge"; Cesa-Bianchi and
 * Lugosi, "Prediction, Learning, and Games", 2006) on a decayed loss, so it follows whichever
 * learner has been best lately.
 */
public final class Ensemble {

    static final int MAGIC = 0x4346454e; // "CFEN"
    static final short VERSION = 2;
    private static final String WHAT = "Ensemble";
    private static final int LEARNERS = 3;

    /**
     * One scored example.
     *
     * @param p the ensemble's P(y = WIN)
     * @param learnerP each learner's P(y = WIN), in ensemble order
     * @param weights each learner's weight (they sum to 1), in ensemble order
     */
    public record Score(double p, double[] learnerP, double[] weights) {
        public Score {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("p must be in [0, 1], got " + p);
            }
            if (learnerP == null || weights == null || learnerP.length != weights.length) {
                throw new IllegalArgumentException("learnerP and weights must be arrays of the same length");
            }
            learnerP = learnerP.clone();
            weights = weights.clone();
        }

        @Override
        public double[] learnerP() {
            return learnerP.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Score s && Double.compare(p, s.p) == 0 && Arrays.equals(learnerP, s.learnerP)
                    && Arrays.equals(weights, s.weights);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Double.hashCode(p) + Arrays.hashCode(learnerP)) + Arrays.hashCode(weights);
        }

        @Override
        public String toString() {
            return "Score[p=" + p + ", learnerP=" + Arrays.toString(learnerP) + ", weights=" + Arrays.toString(weights) + "]";
        }
    }

    private final int dimension;
    private final EnsembleConfig config;
    private final Learner[] learners;
    private final double[] recentLoss = new double[LEARNERS];
    private Adwin adwin;
    private long samplesSeen;
    private long modelVersion;
    private long drifts;

    public Ensemble(int dimension, EnsembleConfig config) {
        MlMath.checkDimension(dimension);
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.dimension = dimension;
        this.config = config;
        this.learners = new Learner[] {new FtrlLogistic(dimension, config.ftrl()),
                new GaussianNaiveBayes(dimension, config.naiveBayes()), new HoeffdingTree(dimension, config.tree())};
        this.adwin = new Adwin(config.adwin());
    }

    public int dimension() {
        return dimension;
    }

    public EnsembleConfig config() {
        return config;
    }

    /** The learners in ensemble order (the list is unmodifiable, the learners are live). */
    public List<Learner> learners() {
        return List.of(learners);
    }

    /** Each learner's recent loss (a copy), in ensemble order. */
    public double[] recentLoss() {
        return recentLoss.clone();
    }

    /** Examples learned since construction. */
    public long samplesSeen() {
        return samplesSeen;
    }

    /** Bumped on every drift reset and every {@link #reset()}: scores of one version come from one model lineage. */
    public long modelVersion() {
        return modelVersion;
    }

    /** Drifts (changes that raised the error) detected since construction. */
    public long drifts() {
        return drifts;
    }

    /** Scores one example without learning. */
    public Score score(double[] x) {
        MlMath.checkInput(x, dimension);
        double[] ps = new double[LEARNERS];
        double lo = config.pFloor();
        for (int i = 0; i < LEARNERS; i++) {
            ps[i] = Math.min(1 - lo, Math.max(lo, learners[i].predict(x)));
        }
        double[] w = weights();
        double p = 0;
        for (int i = 0; i < LEARNERS; i++) {
            p += w[i] * ps[i];
        }
        // a weighted average of floored values, floored again against rounding (0.0199999...)
        return new Score(MlMath.clampP(Math.min(1 - lo, Math.max(lo, p))), ps, w);
    }

    /** The current weights, in ensemble order. */
    public double[] weights() {
        double best = recentLoss[0];
        for (double l : recentLoss) {
            best = Math.min(best, l);
        }
        double[] w = new double[LEARNERS];
        double sum = 0;
        for (int i = 0; i < LEARNERS; i++) {
            w[i] = StrictMath.exp(-config.eta() * (recentLoss[i] - best));
            sum += w[i];
        }
        for (int i = 0; i < LEARNERS; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /**
     * Test-then-train on one labelled example; returns true when it revealed a drift (and the
     * model was reset accordingly).
     */
    public boolean learn(double[] x, boolean y) {
        Score s = score(x);
        double[] ps = s.learnerP;
        double decay = config.lossDecay();
        for (int i = 0; i < LEARNERS; i++) {
            recentLoss[i] = decay * recentLoss[i] + (1 - decay) * MlMath.logLoss(ps[i], y, MlMath.P_MIN);
        }
        boolean wrong = (s.p >= 0.5) != y;
        double errorBefore = adwin.mean();
        // a change where the error fell (the learners improving) shrinks ADWIN's window but resets nothing
        boolean drift = adwin.add(wrong ? 1.0 : 0.0) && adwin.mean() > errorBefore;
        if (drift) {
            drifts++;
            modelVersion++;
            if (config.driftReset() == EnsembleConfig.DriftReset.ALL) {
                for (Learner l : learners) {
                    l.reset();
                }
            } else {
                learners[worst()].reset();
            }
            Arrays.fill(recentLoss, 0);
        }
        for (Learner l : learners) {
            l.learn(x, y);
        }
        samplesSeen++;
        return drift;
    }

    /** Forgets every learner, the losses and the drift detector's window; counts stay, the version goes up. */
    public void reset() {
        for (Learner l : learners) {
            l.reset();
        }
        Arrays.fill(recentLoss, 0);
        adwin = new Adwin(config.adwin());
        modelVersion++;
    }

    private int worst() {
        int worst = 0;
        for (int i = 1; i < LEARNERS; i++) {
            if (recentLoss[i] > recentLoss[worst]) {
                worst = i;
            }
        }
        return worst;
    }

    /** The drift detector's window width (for monitoring). */
    public long driftWindow() {
        return adwin.width();
    }

    public byte[] toBytes() {
        return Codec.encode(MAGIC, VERSION, out -> {
            Codec.writeVarLong(out, dimension);
            config.write(out);
            Codec.writeVarLong(out, samplesSeen);
            Codec.writeVarLong(out, modelVersion);
            Codec.writeVarLong(out, drifts);
            Codec.writeDoubles(out, recentLoss);
            for (Learner l : learners) {
                Codec.writeNested(out, l.toBytes());
            }
            Codec.writeNested(out, adwin.toBytes());
        });
    }

    public static Ensemble fromBytes(byte[] bytes) {
        return Codec.decode(bytes, MAGIC, VERSION, WHAT, in -> {
            int d = Codec.readCount(in, "dimension", in.available());
            Ensemble e = new Ensemble(d, EnsembleConfig.read(in));
            e.samplesSeen = Codec.readVarLong(in, "samplesSeen");
            e.modelVersion = Codec.readVarLong(in, "modelVersion");
            e.drifts = Codec.readVarLong(in, "drifts");
            double[] loss = Codec.readDoubles(in, LEARNERS);
            for (int i = 0; i < LEARNERS; i++) {
                if (!(loss[i] >= 0) || !Double.isFinite(loss[i])) {
                    throw new IllegalArgumentException("recent loss of learner " + i + " is " + loss[i]);
                }
                e.recentLoss[i] = loss[i];
            }
            FtrlLogistic f = FtrlLogistic.fromBytes(Codec.readNested(in, "ftrl length"));
            GaussianNaiveBayes nb = GaussianNaiveBayes.fromBytes(Codec.readNested(in, "naive Bayes length"));
            HoeffdingTree t = HoeffdingTree.fromBytes(Codec.readNested(in, "tree length"));
            Adwin a = Adwin.fromBytes(Codec.readNested(in, "adwin length"));
            check("ftrl", f.dimension(), f.config(), d, e.config.ftrl());
            check("naive Bayes", nb.dimension(), nb.config(), d, e.config.naiveBayes());
            check("tree", t.dimension(), t.config(), d, e.config.tree());
            check("adwin", d, a.config(), d, e.config.adwin());
            e.learners[0] = f;
            e.learners[1] = nb;
            e.learners[2] = t;
            e.adwin = a;
            return e;
        });
    }

    private static void check(String part, int dimension, Object config, int expectedDimension, Object expectedConfig) {
        if (dimension != expectedDimension || !config.equals(expectedConfig)) {
            throw new IllegalArgumentException(part + " does not match the ensemble's dimension and config");
        }
    }
}
