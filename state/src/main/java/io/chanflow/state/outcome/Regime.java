package io.chanflow.state.outcome;

/**
 * The market regime a trade was entered in, as its point's features saw it at the confirming bar
 * (so it never depends on later bars): {@code range} when the price stood inside the last pivot
 * (中枢, the consolidation zone: {@code has_pivot} = 1 and {@code pivot_pos} in [0, 1]);
 * otherwise {@code trend-up} / {@code trend-down} by the next higher level's stroke direction
 * ({@code higher_dir}), falling back to this level's segment direction ({@code seg_dir}); "" when
 * none of them says anything. The session statistics keep the label of the latest closed trade,
 * and the LLM prompt shows it.
 */
public final class Regime {
    public static final String RANGE = "range";
    public static final String TREND_UP = "trend-up";
    public static final String TREND_DOWN = "trend-down";

    private static final int HAS_PIVOT = Features.NAMES.indexOf("has_pivot");
    private static final int PIVOT_POS = Features.NAMES.indexOf("pivot_pos");
    private static final int HIGHER_DIR = Features.NAMES.indexOf("higher_dir");
    private static final int SEG_DIR = Features.NAMES.indexOf("seg_dir");

    private Regime() {
    }

    /** The label for schema-v1 feature values (in {@link Features#NAMES} order); "" for other schemas or no signal. */
    public static String of(double[] f, int schemaVersion) {
        if (f == null || schemaVersion != Features.SCHEMA_VERSION || f.length != Features.NAMES.size()) {
            return "";
        }
        if (f[HAS_PIVOT] == 1 && f[PIVOT_POS] >= 0 && f[PIVOT_POS] <= 1) {
            return RANGE;
        }
        double dir = f[HIGHER_DIR] != 0 ? f[HIGHER_DIR] : f[SEG_DIR];
        return dir > 0 ? TREND_UP : dir < 0 ? TREND_DOWN : "";
    }
}
