package io.chanflow.state.outcome;

import java.util.List;

/**
 * Maps a {@link FeatureVector} of schema {@link Features#SCHEMA_VERSION} to a unit-length {@code float[]} for cosine
 * search in the trade memory, so a stored trade and a query are scaled the same way whichever process computed them.
 *
 * <p><b>Scaling.</b> Fixed and deterministic, from the ranges in {@code docs/features.md} (never fitted on data, so a
 * replay or another job scales identically): each feature is clipped to {@code [lo, hi]}, then mapped by
 * {@code (x - centre) / span}. The 0/1 flags (types, side, scope, has_*, nested) and the -1/0/+1 directions pass
 * through unchanged, so a one-hot type stays one-hot: zero stays exactly zero and every set flag gets the same value
 * after the final division by the length. Centred features (divergence, pivot_pos, RSI, MACD, %B) map their typical
 * range to about [-1, 1]; non-negative ones (amplitudes, bar counts, ATR) to [0, 1]. A feature far outside its range
 * is clipped, so one outlier cannot dominate the cosine.
 *
 * <pre>
 *  #  feature           clip lo..hi   centre  span   result
 *  0-7 type_*, is_buy,
 *      scope_seg        0..1           0      1      0 or 1
 *  8  level             0..7           0      7      0..1
 *  9  divergence       -2..2           0      2     -1..1
 * 10  has_divergence    0..1           0      1      0 or 1
 * 11  pivot_count       0..6           0      6      0..1
 * 12  pivot_pos        -1..2         0.5    1.5     -1..1
 * 13  has_pivot         0..1           0      1      0 or 1
 * 14  stroke_dir       -1..1           0      1     -1, 0, 1
 * 15  stroke_amp_pct    0..5           0      5      0..1
 * 16  stroke_bars       0..50          0     50      0..1
 * 17  seg_dir          -1..1           0      1     -1, 0, 1
 * 18  seg_amp_pct       0..10          0     10      0..1
 * 19  seg_bars          0..200         0    200      0..1
 * 20  higher_dir       -1..1           0      1     -1, 0, 1
 * 21  nested            0..1           0      1      0 or 1
 * 22  confirm_lag_bars  0..20          0     20      0..1
 * 23  risk_pct         -5..10          0     10     -0.5..1
 * 24  macd_hist_pct    -1..1           0      1     -1..1
 * 25  rsi14             0..100        50     50     -1..1
 * 26  atr14_pct         0..5           0      5      0..1
 * 27  bb_pct_b       -0.5..1.5       0.5      1     -1..1
 * 28  volume_z         -3..5           0      5     -0.6..1
 * 29  window_bars       0..200         0    200      0..1
 * </pre>
 *
 * <p>The scaled vector is then divided by its Euclidean length. A real point always has at least one type flag set, so
 * the length is never zero; a vector whose scaled values are all zero is rejected ({@link IllegalArgumentException}),
 * as cosine distance is undefined for it. Pure: no state, thread-safe.
 */
public final class FeatureNormalizer {

    /** How one feature is scaled: {@code (clip(x, lo, hi) - centre) / span}. */
    public record Scale(String name, double lo, double hi, double centre, double span) {
        public Scale {
            if (!(lo < hi) || !(span > 0)) {
                throw new IllegalArgumentException(name + ": need lo < hi and span > 0");
            }
        }

        double apply(double x) {
            return (Math.max(lo, Math.min(hi, x)) - centre) / span;
        }
    }

    /** The scaling of schema 1, in the order of {@link Features#NAMES}. */
    public static final List<Scale> SCALES = List.of(
            flag("type_1"), flag("type_1p"), flag("type_2"), flag("type_2s"), flag("type_3a"), flag("type_3b"),
            flag("is_buy"), flag("scope_seg"),
            new Scale("level", 0, 7, 0, 7),
            new Scale("divergence", -2, 2, 0, 2),
            flag("has_divergence"),
            new Scale("pivot_count", 0, 6, 0, 6),
            new Scale("pivot_pos", -1, 2, 0.5, 1.5),
            flag("has_pivot"),
            direction("stroke_dir"),
            new Scale("stroke_amp_pct", 0, 5, 0, 5),
            new Scale("stroke_bars", 0, 50, 0, 50),
            direction("seg_dir"),
            new Scale("seg_amp_pct", 0, 10, 0, 10),
            new Scale("seg_bars", 0, 200, 0, 200),
            direction("higher_dir"),
            flag("nested"),
            new Scale("confirm_lag_bars", 0, 20, 0, 20),
            new Scale("risk_pct", -5, 10, 0, 10),
            new Scale("macd_hist_pct", -1, 1, 0, 1),
            new Scale("rsi14", 0, 100, 50, 50),
            new Scale("atr14_pct", 0, 5, 0, 5),
            new Scale("bb_pct_b", -0.5, 1.5, 0.5, 1),
            new Scale("volume_z", -3, 5, 0, 5),
            new Scale("window_bars", 0, 200, 0, 200));

    /** The length of every normalised vector: the number of features of schema 1. */
    public static final int DIMENSIONS = SCALES.size();

    static {
        List<String> names = SCALES.stream().map(Scale::name).toList();
        if (!names.equals(Features.NAMES)) {
            throw new ExceptionInInitializerError("FeatureNormalizer.SCALES " + names + " do not match Features.NAMES "
                    + Features.NAMES);
        }
    }

    private FeatureNormalizer() {
    }

    private static Scale flag(String name) {
        return new Scale(name, 0, 1, 0, 1);
    }

    private static Scale direction(String name) {
        return new Scale(name, -1, 1, 0, 1);
    }

    /**
     * The unit-length vector of {@code features}, {@link #DIMENSIONS} long.
     *
     * @throws IllegalArgumentException a vector of another schema, or one whose scaled values are all zero
     */
    public static float[] normalize(FeatureVector features) {
        if (features.schemaVersion() != Features.SCHEMA_VERSION) {
            throw new IllegalArgumentException("FeatureNormalizer scales schema " + Features.SCHEMA_VERSION
                    + ", got a vector of schema " + features.schemaVersion());
        }
        double[] scaled = new double[DIMENSIONS];
        double sum = 0;
        for (int i = 0; i < DIMENSIONS; i++) {
            scaled[i] = SCALES.get(i).apply(features.get(i));
            sum += scaled[i] * scaled[i];
        }
        if (sum == 0) {
            throw new IllegalArgumentException("every scaled feature is zero (no type flag set?): " + features);
        }
        double norm = Math.sqrt(sum);
        float[] out = new float[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            out[i] = (float) (scaled[i] / norm);
        }
        return out;
    }
}
