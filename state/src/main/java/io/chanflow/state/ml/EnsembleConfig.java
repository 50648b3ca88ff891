package io.chanflow.state.ml;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every knob of the {@link Ensemble}, validated at construction; {@link #defaultConfig()} gives
 * the defaults and {@link #of(Map)} reads flat string options (e.g. from a job's configuration),
 * rejecting unknown keys and bad values with an {@link IllegalArgumentException} naming the key.
 *
 * @param ftrl the logistic learner's settings
 * @param naiveBayes the naive Bayes learner's settings
 * @param tree the Hoeffding tree's settings
 * @param adwin the drift detector's settings (it watches the ensemble's 0/1 error)
 * @param eta weight sharpness, finite and {@code >= 0}: weights are proportional to {@code
 *     exp(-eta · recent loss)}; 0 averages the learners equally
 * @param lossDecay per-example decay of each learner's recent log-loss, in [0, 1): the recent
 *     loss is {@code decay · loss + (1 - decay) · this example's loss}, about the last {@code 1 /
 *     (1 - decay)} examples
 * @param driftReset what a detected drift resets
 * @param pFloor each learner's probability is held within {@code [pFloor, 1 - pFloor]} before it is
 *     weighed, scored and combined, in [0, 0.5): naive Bayes on correlated features and young tree
 *     leaves are overconfident (probabilities of 1e-9 after a few labels), and one such miss would
 *     otherwise dominate the log-loss and the weights
 */
public record EnsembleConfig(FtrlLogistic.Config ftrl, GaussianNaiveBayes.Config naiveBayes, HoeffdingTree.Config tree,
                             Adwin.Config adwin, double eta, double lossDecay, DriftReset driftReset, double pFloor) {

    /** What a detected drift resets; weights always return to uniform. */
    public enum DriftReset {
        /** Only the learner with the highest recent loss (ties: the first in the ensemble). */
        WORST,
        /** Every learner. */
        ALL
    }

    /** The keys {@link #of(Map)} accepts, in the order of the configuration table. */
    public static final List<String> KEYS = List.of("eta", "loss_decay", "drift_reset", "adwin.delta", "adwin.buckets",
            "adwin.clock", "ftrl.alpha", "ftrl.beta", "ftrl.l1", "ftrl.l2", "nb.variance_floor", "tree.grace_period",
            "tree.split_confidence", "tree.tie_threshold", "tree.max_depth", "tree.max_nodes", "tree.split_candidates",
            "tree.nb_threshold", "tree.variance_floor", "p_floor");

    public EnsembleConfig {
        requireNonNull("ftrl", ftrl);
        requireNonNull("naiveBayes", naiveBayes);
        requireNonNull("tree", tree);
        requireNonNull("adwin", adwin);
        requireNonNull("driftReset", driftReset);
        if (!(eta >= 0) || !Double.isFinite(eta)) {
            throw new IllegalArgumentException("eta must be a finite number >= 0, got " + eta);
        }
        if (!(lossDecay >= 0 && lossDecay < 1)) {
            throw new IllegalArgumentException("lossDecay must be in [0, 1), got " + lossDecay);
        }
        if (!(pFloor >= 0 && pFloor < 0.5)) {
            throw new IllegalArgumentException("pFloor must be in [0, 0.5), got " + pFloor);
        }
    }

    /** Each learner's default, ADWIN at delta 0.0001, eta 4, decay 0.98, reset the worst learner, probability floor 0.02. */
    public static EnsembleConfig defaultConfig() {
        return new EnsembleConfig(FtrlLogistic.Config.defaultConfig(), GaussianNaiveBayes.Config.defaultConfig(),
                HoeffdingTree.Config.defaultConfig(), Adwin.Config.defaultConfig(), 4.0, 0.98, DriftReset.WORST, 0.02);
    }

    /**
     * The defaults overridden by {@code options} (keys in {@link #KEYS}); keys are applied in
     * sorted order, so the same map always gives the same result or the same error.
     */
    public static EnsembleConfig of(Map<String, String> options) {
        EnsembleConfig d = defaultConfig();
        FtrlLogistic.Config f = d.ftrl;
        GaussianNaiveBayes.Config nb = d.naiveBayes;
        HoeffdingTree.Config t = d.tree;
        Adwin.Config a = d.adwin;
        double eta = d.eta;
        double decay = d.lossDecay;
        DriftReset reset = d.driftReset;
        double floor = d.pFloor;
        for (Map.Entry<String, String> e : new TreeMap<>(options).entrySet()) {
            String k = e.getKey();
            String v = e.getValue() == null ? "" : e.getValue().strip();
            try {
                switch (k) {
                    case "eta" -> eta = num(v);
                    case "loss_decay" -> decay = num(v);
                    case "drift_reset" -> reset = driftReset(v);
                    case "p_floor" -> floor = num(v);
                    case "adwin.delta" -> a = new Adwin.Config(num(v), a.bucketsPerRow(), a.clock());
                    case "adwin.buckets" -> a = new Adwin.Config(a.delta(), Integer.parseInt(v), a.clock());
                    case "adwin.clock" -> a = new Adwin.Config(a.delta(), a.bucketsPerRow(), Integer.parseInt(v));
                    case "ftrl.alpha" -> f = new FtrlLogistic.Config(num(v), f.beta(), f.l1(), f.l2());
                    case "ftrl.beta" -> f = new FtrlLogistic.Config(f.alpha(), num(v), f.l1(), f.l2());
                    case "ftrl.l1" -> f = new FtrlLogistic.Config(f.alpha(), f.beta(), num(v), f.l2());
                    case "ftrl.l2" -> f = new FtrlLogistic.Config(f.alpha(), f.beta(), f.l1(), num(v));
                    case "nb.variance_floor" -> nb = new GaussianNaiveBayes.Config(num(v));
                    case "tree.grace_period" -> t = new HoeffdingTree.Config(Integer.parseInt(v), t.splitConfidence(),
                            t.tieThreshold(), t.maxDepth(), t.maxNodes(), t.splitCandidates(), t.nbThreshold(), t.varianceFloor());
                    case "tree.split_confidence" -> t = new HoeffdingTree.Config(t.gracePeriod(), num(v), t.tieThreshold(),
                            t.maxDepth(), t.maxNodes(), t.splitCandidates(), t.nbThreshold(), t.varianceFloor());
                    case "tree.tie_threshold" -> t = new HoeffdingTree.Config(t.gracePeriod(), t.splitConfidence(), num(v),
                            t.maxDepth(), t.maxNodes(), t.splitCandidates(), t.nbThreshold(), t.varianceFloor());
                    case "tree.max_depth" -> t = new HoeffdingTree.Config(t.gracePeriod(), t.splitConfidence(),
                            t.tieThreshold(), Integer.parseInt(v), t.maxNodes(), t.splitCandidates(), t.nbThreshold(),
                            t.varianceFloor());
                    case "tree.max_nodes" -> t = new HoeffdingTree.Config(t.gracePeriod(), t.splitConfidence(),
                            t.tieThreshold(), t.maxDepth(), Integer.parseInt(v), t.splitCandidates(), t.nbThreshold(),
                            t.varianceFloor());
                    case "tree.split_candidates" -> t = new HoeffdingTree.Config(t.gracePeriod(), t.splitConfidence(),
                            t.tieThreshold(), t.maxDepth(), t.maxNodes(), Integer.parseInt(v), t.nbThreshold(),
                            t.varianceFloor());
                    case "tree.nb_threshold" -> t = new HoeffdingTree.Config(t.gracePeriod(), t.splitConfidence(),
                            t.tieThreshold(), t.maxDepth(), t.maxNodes(), t.splitCandidates(), Integer.parseInt(v),
                            t.varianceFloor());
                    case "tree.variance_floor" -> t = new HoeffdingTree.Config(t.gracePeriod(), t.splitConfidence(),
                            t.tieThreshold(), t.maxDepth(), t.maxNodes(), t.splitCandidates(), t.nbThreshold(), num(v));
                    default -> throw new IllegalArgumentException("unknown ensemble option '" + k + "' (known: " + KEYS + ")");
                }
                new EnsembleConfig(f, nb, t, a, eta, decay, reset, floor);
            } catch (IllegalArgumentException ex) {
                if (ex.getMessage() != null && ex.getMessage().startsWith("unknown ensemble option")) {
                    throw ex;
                }
                throw new IllegalArgumentException("ensemble option " + k + "='" + v + "': " + describe(ex), ex);
            }
        }
        return new EnsembleConfig(f, nb, t, a, eta, decay, reset, floor);
    }

    private static DriftReset driftReset(String v) {
        for (DriftReset r : DriftReset.values()) {
            if (r.name().toLowerCase(Locale.ROOT).equals(v.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("must be worst or all");
    }

    private static double num(String v) {
        return Double.parseDouble(v);
    }

    private static String describe(IllegalArgumentException ex) {
        return ex instanceof NumberFormatException ? "not a number" : ex.getMessage();
    }

    private static void requireNonNull(String field, Object o) {
        if (o == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
    }

    void write(DataOutputStream out) throws IOException {
        ftrl.write(out);
        naiveBayes.write(out);
        tree.write(out);
        adwin.write(out);
        out.writeDouble(eta);
        out.writeDouble(lossDecay);
        out.writeByte(driftReset.ordinal());
        out.writeDouble(pFloor);
    }

    static EnsembleConfig read(DataInputStream in) throws IOException {
        FtrlLogistic.Config f = FtrlLogistic.Config.read(in);
        GaussianNaiveBayes.Config nb = GaussianNaiveBayes.Config.read(in);
        HoeffdingTree.Config t = HoeffdingTree.Config.read(in);
        Adwin.Config a = Adwin.Config.read(in);
        double eta = in.readDouble();
        double decay = in.readDouble();
        int reset = in.readUnsignedByte();
        if (reset >= DriftReset.values().length) {
            throw new IllegalArgumentException("driftReset ordinal " + reset + " is unknown");
        }
        double floor = in.readDouble();
        return new EnsembleConfig(f, nb, t, a, eta, decay, DriftReset.values()[reset], floor);
    }
}
