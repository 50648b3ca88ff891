package io.chanflow.state.ml;

/**
 * An online binary classifier: it sees one labelled example at a time and keeps only a fixed
 * amount of state, so it can live in Flink state as {@code byte[]}.
 *
 * <p>Contract shared by every implementation:
 * <ul>
 *   <li>{@code x} has exactly {@link #dimension()} entries; a NaN (or infinite) entry means the
 *       feature is missing and is skipped, which for the linear model is the same as a 0;</li>
 *   <li>{@link #predict} returns P(y = WIN) in {@code [1e-9, 1 - 1e-9]} and does not change the
 *       model; {@link #learn} updates it with one example;</li>
 *   <li>everything is deterministic: the same examples in the same order give bit-identical
 *       predictions, and {@code fromBytes(toBytes())} continues exactly where the original was;</li>
 *   <li>{@link #reset} forgets everything learned and keeps the configuration.</li>
 * </ul>
 */
public sealed interface Learner permits FtrlLogistic, GaussianNaiveBayes, HoeffdingTree {

    /** Number of features every {@code x} must have. */
    int dimension();

    /** Short stable name, e.g. {@code ftrl}, for reports and metrics. */
    String name();

    /** P(y = true | x), strictly inside (0, 1); does not learn. */
    double predict(double[] x);

    /** Learns one labelled example. */
    void learn(double[] x, boolean y);

    /** Forgets what was learned; the configuration and dimension stay. */
    void reset();

    /** Compact versioned snapshot, read back by the class's {@code fromBytes} or {@link #fromBytes}. */
    byte[] toBytes();

    /** Restores any learner from its snapshot, choosing the class by the snapshot's magic. */
    static Learner fromBytes(byte[] bytes) {
        int magic = Codec.magic(bytes, "Learner");
        return switch (magic) {
            case FtrlLogistic.MAGIC -> FtrlLogistic.fromBytes(bytes);
            case GaussianNaiveBayes.MAGIC -> GaussianNaiveBayes.fromBytes(bytes);
            case HoeffdingTree.MAGIC -> HoeffdingTree.fromBytes(bytes);
            default -> throw new IllegalArgumentException("not a Learner snapshot: unknown magic 0x" + Integer.toHexString(magic));
        };
    }
}
