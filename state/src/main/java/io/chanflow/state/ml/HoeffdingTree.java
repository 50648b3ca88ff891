package io.chanflow.state.ml;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small Hoeffding tree (VFDT: Domingos and Hulten, "Mining High-Speed Data Streams", KDD 2000)
 * for numeric features. Each leaf keeps class counts and, per class and feature, a Gaussian
 * estimate (Welford) plus the observed range of each feature.
 *
 * <p>Every {@code gracePeriod} examples a leaf weighs {@code splitCandidates} thresholds per
 * feature, evenly spaced strictly inside the observed range; the class mass on each side is
 * estimated from the Gaussians (the approach of MOA's Gaussian numeric observer), scored by
 * information gain in bits. With the best and second-best features' gains (a "no split" of gain
 * 0 always competes) and the Hoeffding bound {@code eps = sqrt(R^2 ln(1/delta) / 2n)}, R = 1 bit,
 * the leaf splits when {@code best - second > eps}, or when {@code eps < tieThreshold} (the two
 * are too close to matter). Either side must get at least 1% of the leaf's mass. Ties go to the
 * lower feature index, then the lower threshold. A split's children start with the estimated
 * class mass of their side as prior counts and fresh Gaussians.
 *
 * <p>Bounded: no leaf deeper than {@code maxDepth} splits, and the tree never has more than
 * {@code maxNodes} nodes. A leaf predicts with naive Bayes once it has seen {@code nbThreshold}
 * examples, before that with its Laplace-smoothed class frequency. Routing: {@code x[f] <=
 * threshold} goes left; a missing (NaN or infinite) value is routed as 0, and split estimates
 * account for missing values the same way.
 */
public final class HoeffdingTree implements Learner {

    static final int MAGIC = 0x43464854; // "CFHT"
    static final short VERSION = 1;
    private static final String WHAT = "HoeffdingTree";
    /** Smallest share of a leaf's mass either side of a split may get. */
    private static final double MIN_BRANCH_FRACTION = 0.01;

    /**
     * VFDT settings, validated at construction.
     *
     * @param gracePeriod examples a leaf sees between split attempts, {@code >= 1}
     * @param splitConfidence delta of the Hoeffding bound, in (0, 1)
     * @param tieThreshold split anyway once the bound is below this many bits, {@code >= 0}
     * @param maxDepth deepest level a leaf may split at (the root is depth 0), {@code >= 0}
     * @param maxNodes most nodes the tree may have, {@code >= 1}
     * @param splitCandidates thresholds tried per feature, {@code >= 1}
     * @param nbThreshold examples a leaf needs before predicting with naive Bayes, {@code >= 0}
     * @param varianceFloor smallest variance of a leaf's Gaussians, finite and {@code > 0}
     */
    public record Config(int gracePeriod, double splitConfidence, double tieThreshold, int maxDepth, int maxNodes,
                         int splitCandidates, int nbThreshold, double varianceFloor) {
        public Config {
            if (gracePeriod < 1) {
                throw new IllegalArgumentException("gracePeriod must be >= 1, got " + gracePeriod);
            }
            if (!(splitConfidence > 0 && splitConfidence < 1)) {
                throw new IllegalArgumentException("splitConfidence must be in (0, 1), got " + splitConfidence);
            }
            if (!(tieThreshold >= 0) || !Double.isFinite(tieThreshold)) {
                throw new IllegalArgumentException("tieThreshold must be a finite number >= 0, got " + tieThreshold);
            }
            if (maxDepth < 0) {
                throw new IllegalArgumentException("maxDepth must be >= 0, got " + maxDepth);
            }
            if (maxNodes < 1) {
                throw new IllegalArgumentException("maxNodes must be >= 1, got " + maxNodes);
            }
            if (splitCandidates < 1) {
                throw new IllegalArgumentException("splitCandidates must be >= 1, got " + splitCandidates);
            }
            if (nbThreshold < 0) {
                throw new IllegalArgumentException("nbThreshold must be >= 0, got " + nbThreshold);
            }
            if (!(varianceFloor > 0) || !Double.isFinite(varianceFloor)) {
                throw new IllegalArgumentException("varianceFloor must be a finite number > 0, got " + varianceFloor);
            }
        }

        /**
         * Grace 200, delta 1e-7, tie 0.05 (VFDT's usual values), depth 8, 31 nodes (16 leaves), 10
         * candidates, naive Bayes after 20 examples, variance floor 1e-6.
         */
        public static Config defaultConfig() {
            return new Config(200, 1e-7, 0.05, 8, 31, 10, 20, 1e-6);
        }

        void write(DataOutputStream out) throws IOException {
            out.writeInt(gracePeriod);
            out.writeDouble(splitConfidence);
            out.writeDouble(tieThreshold);
            out.writeInt(maxDepth);
            out.writeInt(maxNodes);
            out.writeInt(splitCandidates);
            out.writeInt(nbThreshold);
            out.writeDouble(varianceFloor);
        }

        static Config read(DataInputStream in) throws IOException {
            return new Config(in.readInt(), in.readDouble(), in.readDouble(), in.readInt(), in.readInt(), in.readInt(),
                    in.readInt(), in.readDouble());
        }
    }

    /** A node: a split (feature >= 0) or a leaf (feature == -1, with statistics). */
    private static final class Node {
        final int depth;
        int feature = -1;
        double threshold;
        int left;
        int right;
        /** Class mass: prior from the parent's split estimate plus the examples seen here. */
        final double[] weight = new double[2];
        long seen;
        long seenAtLastAttempt;
        double[] min;
        double[] max;
        GaussianStats stats;

        Node(int depth, int dimension) {
            this.depth = depth;
            this.min = new double[dimension];
            this.max = new double[dimension];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            this.stats = new GaussianStats(dimension);
        }

        boolean leaf() {
            return feature < 0;
        }
    }

    /** The best threshold of one feature: gain in bits and the class mass going left and right. */
    private record Candidate(int feature, double threshold, double gain, double left0, double left1, double right0,
                             double right1) {
    }

    private final int dimension;
    private final Config config;
    /** Nodes by index; the root is 0 and children always come after their parent. */
    private final List<Node> nodes = new ArrayList<>();

    public HoeffdingTree(int dimension, Config config) {
        MlMath.checkDimension(dimension);
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.dimension = dimension;
        this.config = config;
        nodes.add(new Node(0, dimension));
    }

    public Config config() {
        return config;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String name() {
        return "hoeffding_tree";
    }

    public int nodeCount() {
        return nodes.size();
    }

    /** The feature node {@code index} splits on, or -1 for a leaf (nodes are numbered root first). */
    int splitFeature(int index) {
        return nodes.get(index).feature;
    }

    /** The threshold node {@code index} splits at (meaningless for a leaf). */
    double splitThreshold(int index) {
        return nodes.get(index).threshold;
    }

    /** Depth of the deepest leaf (0 for a single leaf). */
    public int depth() {
        int d = 0;
        for (Node n : nodes) {
            d = Math.max(d, n.depth);
        }
        return d;
    }

    @Override
    public double predict(double[] x) {
        MlMath.checkInput(x, dimension);
        Node leaf = nodes.get(route(x));
        double w0 = leaf.weight[0];
        double w1 = leaf.weight[1];
        if (leaf.seen >= config.nbThreshold()) {
            double logPrior = StrictMath.log((w1 + 1.0) / (w0 + 1.0));
            return MlMath.clampP(MlMath.sigmoid(logPrior + leaf.stats.logLikelihoodRatio(x, config.varianceFloor())));
        }
        return MlMath.clampP((w1 + 1.0) / (w0 + w1 + 2.0));
    }

    @Override
    public void learn(double[] x, boolean y) {
        MlMath.checkInput(x, dimension);
        int index = route(x);
        Node leaf = nodes.get(index);
        leaf.weight[y ? 1 : 0] += 1;
        leaf.seen++;
        leaf.stats.add(x, y);
        for (int j = 0; j < dimension; j++) {
            double v = x[j];
            if (!MlMath.missing(v)) {
                leaf.min[j] = Math.min(leaf.min[j], v);
                leaf.max[j] = Math.max(leaf.max[j], v);
            }
        }
        if (leaf.seen - leaf.seenAtLastAttempt >= config.gracePeriod() && leaf.depth < config.maxDepth()
                && nodes.size() + 2 <= config.maxNodes()) {
            leaf.seenAtLastAttempt = leaf.seen;
            attemptSplit(leaf);
        }
    }

    @Override
    public void reset() {
        nodes.clear();
        nodes.add(new Node(0, dimension));
    }

    private int route(double[] x) {
        int i = 0;
        Node n = nodes.get(0);
        while (!n.leaf()) {
            double v = x[n.feature];
            if (MlMath.missing(v)) {
                v = 0;
            }
            i = v <= n.threshold ? n.left : n.right;
            n = nodes.get(i);
        }
        return i;
    }

    private void attemptSplit(Node leaf) {
        GaussianStats s = leaf.stats;
        double n0 = s.classCount(0);
        double n1 = s.classCount(1);
        if (n0 == 0 || n1 == 0) {
            return;
        }
        double total = n0 + n1;
        double parentEntropy = MlMath.entropy(n0, n1);
        Candidate best = null;
        double second = 0; // the "no split" candidate
        for (int j = 0; j < dimension; j++) {
            Candidate c = bestOfFeature(leaf, j, parentEntropy, total);
            if (c == null) {
                continue;
            }
            if (best == null || c.gain() > best.gain()) {
                if (best != null) {
                    second = Math.max(second, best.gain());
                }
                best = c;
            } else {
                second = Math.max(second, c.gain());
            }
        }
        if (best == null || !(best.gain() > 0)) {
            return;
        }
        double eps = Math.sqrt(StrictMath.log(1.0 / config.splitConfidence()) / (2.0 * total));
        if (best.gain() - second > eps || eps < config.tieThreshold()) {
            split(leaf, best);
        }
    }

    private Candidate bestOfFeature(Node leaf, int j, double parentEntropy, double total) {
        double lo = leaf.min[j];
        double hi = leaf.max[j];
        if (!(hi > lo)) {
            return null;
        }
        GaussianStats s = leaf.stats;
        Candidate best = null;
        for (int k = 1; k <= config.splitCandidates(); k++) {
            double t = lo + (hi - lo) * k / (config.splitCandidates() + 1);
            double left0 = massAtOrBelow(s, 0, j, t);
            double left1 = massAtOrBelow(s, 1, j, t);
            double right0 = s.classCount(0) - left0;
            double right1 = s.classCount(1) - left1;
            double left = left0 + left1;
            double right = right0 + right1;
            if (left < MIN_BRANCH_FRACTION * total || right < MIN_BRANCH_FRACTION * total) {
                continue;
            }
            double gain = parentEntropy - (left / total) * MlMath.entropy(left0, left1)
                    - (right / total) * MlMath.entropy(right0, right1);
            if (best == null || gain > best.gain()) {
                best = new Candidate(j, t, gain, left0, left1, right0, right1);
            }
        }
        return best;
    }

    /** Estimated examples of class c with {@code x[j] <= t}; missing values count as 0. */
    private double massAtOrBelow(GaussianStats s, int c, int j, double t) {
        long present = s.count(c, j);
        double mass = 0;
        if (present > 0) {
            double sd = Math.sqrt(s.variance(c, j, config.varianceFloor()));
            mass = present * MlMath.normalCdf((t - s.mean(c, j)) / sd);
        }
        long absent = s.classCount(c) - present;
        return 0 <= t ? mass + absent : mass;
    }

    private void split(Node leaf, Candidate c) {
        Node left = new Node(leaf.depth + 1, dimension);
        left.weight[0] = c.left0();
        left.weight[1] = c.left1();
        Node right = new Node(leaf.depth + 1, dimension);
        right.weight[0] = c.right0();
        right.weight[1] = c.right1();
        leaf.feature = c.feature();
        leaf.threshold = c.threshold();
        leaf.left = nodes.size();
        leaf.right = nodes.size() + 1;
        leaf.stats = null;
        leaf.min = null;
        leaf.max = null;
        nodes.add(left);
        nodes.add(right);
    }

    @Override
    public byte[] toBytes() {
        return Codec.encode(MAGIC, VERSION, out -> {
            Codec.writeVarLong(out, dimension);
            config.write(out);
            Codec.writeVarLong(out, nodes.size());
            for (Node n : nodes) {
                Codec.writeVarLong(out, n.depth);
                out.writeBoolean(n.leaf());
                if (!n.leaf()) {
                    Codec.writeVarLong(out, n.feature);
                    out.writeDouble(n.threshold);
                    Codec.writeVarLong(out, n.left);
                    Codec.writeVarLong(out, n.right);
                    continue;
                }
                out.writeDouble(n.weight[0]);
                out.writeDouble(n.weight[1]);
                Codec.writeVarLong(out, n.seen);
                Codec.writeVarLong(out, n.seenAtLastAttempt);
                Codec.writeDoubles(out, n.min);
                Codec.writeDoubles(out, n.max);
                n.stats.write(out);
            }
        });
    }

    public static HoeffdingTree fromBytes(byte[] bytes) {
        return Codec.decode(bytes, MAGIC, VERSION, WHAT, in -> {
            int d = Codec.readCount(in, "dimension", in.available() / 2);
            HoeffdingTree t = new HoeffdingTree(d, Config.read(in));
            int count = Codec.readCount(in, "node count", t.config.maxNodes());
            t.nodes.clear();
            for (int i = 0; i < count; i++) {
                t.nodes.add(readNode(in, d, i, count));
            }
            if (count == 0) {
                throw new IllegalArgumentException("a tree has at least its root");
            }
            return t;
        });
    }

    private static Node readNode(DataInputStream in, int d, int index, int count) throws IOException {
        Node n = new Node(Codec.readCount(in, "node depth", index), d);
        if (!in.readBoolean()) {
            n.feature = Codec.readCount(in, "split feature", d - 1);
            n.threshold = in.readDouble();
            if (!Double.isFinite(n.threshold)) {
                throw new IllegalArgumentException("node " + index + " splits at " + n.threshold);
            }
            n.left = Codec.readCount(in, "left child", count - 1);
            n.right = Codec.readCount(in, "right child", count - 1);
            if (n.left <= index || n.right <= index || n.left == n.right) {
                throw new IllegalArgumentException("node " + index + " has children " + n.left + " and " + n.right);
            }
            n.stats = null;
            n.min = null;
            n.max = null;
            return n;
        }
        n.weight[0] = in.readDouble();
        n.weight[1] = in.readDouble();
        n.seen = Codec.readVarLong(in, "seen");
        n.seenAtLastAttempt = Codec.readVarLong(in, "seen at last attempt");
        if (!(n.weight[0] >= 0) || !(n.weight[1] >= 0) || n.seenAtLastAttempt > n.seen) {
            throw new IllegalArgumentException("leaf " + index + " has weights " + n.weight[0] + "/" + n.weight[1]
                    + ", seen " + n.seen + " and last attempt at " + n.seenAtLastAttempt);
        }
        n.min = Codec.readDoubles(in, d);
        n.max = Codec.readDoubles(in, d);
        n.stats = GaussianStats.read(in, d);
        return n;
    }
}
