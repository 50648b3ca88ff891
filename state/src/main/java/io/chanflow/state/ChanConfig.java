package io.chanflow.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every knob of the Chan engine, with chan.py's <em>code</em> defaults (commit 429d6ed), validated
 * at construction. Keys use chan.py's names. Buy/sell-point keys accept chan.py's suffixes:
 * {@code -buy}/{@code -sell} (stroke level, one side), {@code -segbuy}/{@code -segsell} (segment
 * level, one side), {@code -seg} (segment level, both sides); without a suffix a key sets both
 * levels' stroke config and both sides. Segment-level points always use {@code macd_algo=slope}
 * and {@code bsp1_only_multibi_zs=false} unless set with a seg suffix, exactly like chan.py.
 *
 * <p>Unknown keys and bad values throw {@link IllegalArgumentException} with a message naming the key.
 */
public final class ChanConfig {

    public enum FxCheck { STRICT, HALF, LOSS, TOTALLY }

    public enum LeftSegMethod { PEAK, ALL }

    public enum ZsAlgo { NORMAL, OVER_SEG, AUTO }

    public enum MacdAlgo { AREA, PEAK, FULL_AREA, DIFF, SLOPE, AMP, VOLUMN, AMOUNT, VOLUMN_AVG, AMOUNT_AVG, TURNRATE_AVG }

    /** Buy/sell point settings of one side (buy or sell) of one level (stroke or segment). */
    public record PointConfig(double divergenceRate, int minZsCnt, boolean bsp1OnlyMultibiZs, double maxBs2Rate,
                              MacdAlgo macdAlgo, boolean bs1Peak, Set<BspType> targetTypes, boolean bsp2Follow1,
                              boolean bsp3Follow1, boolean bsp3Peak, boolean bsp2sFollow2, Integer maxBsp2sLv,
                              boolean strictBsp3, int bsp3aMaxZsCnt) {
        public PointConfig {
            if (Double.isNaN(divergenceRate)) {
                throw new IllegalArgumentException("divergence_rate must be a number or inf");
            }
            if (!(maxBs2Rate <= 1)) {
                throw new IllegalArgumentException("max_bs2_rate must be <= 1, got " + maxBs2Rate);
            }
            if (bsp3aMaxZsCnt < 1) {
                throw new IllegalArgumentException("bsp3a_max_zs_cnt must be >= 1, got " + bsp3aMaxZsCnt);
            }
            targetTypes = Collections.unmodifiableSet(EnumSet.copyOf(targetTypes.isEmpty() ? EnumSet.noneOf(BspType.class) : targetTypes));
        }

        public boolean targets(BspType t) {
            return targetTypes.contains(t);
        }
    }

    /** The default of every accepted key, in chan.py's own spelling. */
    private static final Map<String, String> DEFAULTS;
    /** Buy/sell point keys: the ones that take suffixes. */
    private static final List<String> BSP_KEYS = List.of("divergence_rate", "min_zs_cnt", "bsp1_only_multibi_zs",
            "max_bs2_rate", "macd_algo", "bs1_peak", "bs_type", "bsp2_follow_1", "bsp3_follow_1", "bsp3_peak",
            "bsp2s_follow_2", "max_bsp2s_lv", "strict_bsp3", "bsp3a_max_zs_cnt");

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("bi_algo", "normal");
        d.put("bi_strict", "true");
        d.put("bi_fx_check", "strict");
        d.put("gap_as_kl", "false");
        d.put("bi_end_is_peak", "true");
        d.put("bi_allow_sub_peak", "true");
        d.put("seg_algo", "chan");
        d.put("left_seg_method", "peak");
        d.put("zs_combine", "true");
        d.put("zs_combine_mode", "zs");
        d.put("one_bi_zs", "false");
        d.put("zs_algo", "normal");
        d.put("macd.fast", "12");
        d.put("macd.slow", "26");
        d.put("macd.signal", "9");
        d.put("divergence_rate", "inf");
        d.put("min_zs_cnt", "1");
        d.put("bsp1_only_multibi_zs", "true");
        d.put("max_bs2_rate", "0.9999");
        d.put("macd_algo", "peak");
        d.put("bs1_peak", "true");
        d.put("bs_type", "1,1p,2,2s,3a,3b");
        d.put("bsp2_follow_1", "true");
        d.put("bsp3_follow_1", "true");
        d.put("bsp3_peak", "false");
        d.put("bsp2s_follow_2", "false");
        d.put("max_bsp2s_lv", "none");
        d.put("strict_bsp3", "false");
        d.put("bsp3a_max_zs_cnt", "1");
        d.put("kl_data_check", "true");
        d.put("max_kl_misalgin_cnt", "2");
        d.put("max_kl_inconsistent_cnt", "5");
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    public final String biAlgo;
    public final boolean biStrict;
    public final FxCheck biFxCheck;
    public final boolean gapAsKl;
    public final boolean biEndIsPeak;
    public final boolean biAllowSubPeak;
    public final LeftSegMethod leftSegMethod;
    public final boolean zsCombine;
    public final String zsCombineMode;
    public final boolean oneBiZs;
    public final ZsAlgo zsAlgo;
    public final int macdFast;
    public final int macdSlow;
    public final int macdSignal;
    public final PointConfig biBuy;
    public final PointConfig biSell;
    public final PointConfig segBuy;
    public final PointConfig segSell;
    public final boolean klDataCheck;
    public final int maxKlMisalignCnt;
    public final int maxKlInconsistentCnt;
    private final Map<String, String> overrides;

    private ChanConfig(Map<String, String> overrides) {
        Map<String, String> ov = new TreeMap<>();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String k = e.getKey().trim();
            if (!isKnownKey(k)) {
                throw new IllegalArgumentException("unknown config key '" + k + "'");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("config key '" + k + "' has no value");
            }
            ov.put(k, e.getValue().trim());
        }
        this.overrides = Collections.unmodifiableMap(ov);
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        for (Map.Entry<String, String> e : ov.entrySet()) {
            if (DEFAULTS.containsKey(e.getKey())) {
                v.put(e.getKey(), e.getValue());
            }
        }
        biAlgo = oneOf(v, "bi_algo", "normal", "fx");
        biStrict = bool(v, "bi_strict");
        biFxCheck = FxCheck.valueOf(oneOf(v, "bi_fx_check", "strict", "half", "loss", "totally").toUpperCase(Locale.ROOT));
        gapAsKl = bool(v, "gap_as_kl");
        biEndIsPeak = bool(v, "bi_end_is_peak");
        biAllowSubPeak = bool(v, "bi_allow_sub_peak");
        oneOf(v, "seg_algo", "chan");
        leftSegMethod = LeftSegMethod.valueOf(oneOf(v, "left_seg_method", "peak", "all").toUpperCase(Locale.ROOT));
        zsCombine = bool(v, "zs_combine");
        zsCombineMode = oneOf(v, "zs_combine_mode", "zs", "peak");
        oneBiZs = bool(v, "one_bi_zs");
        zsAlgo = ZsAlgo.valueOf(oneOf(v, "zs_algo", "normal", "over_seg", "auto").toUpperCase(Locale.ROOT));
        if (zsAlgo != ZsAlgo.NORMAL && oneBiZs) {
            throw new IllegalArgumentException("zs_algo=" + v.get("zs_algo") + " requires one_bi_zs=false");
        }
        macdFast = positiveInt(v, "macd.fast");
        macdSlow = positiveInt(v, "macd.slow");
        macdSignal = positiveInt(v, "macd.signal");
        klDataCheck = bool(v, "kl_data_check");
        maxKlMisalignCnt = positiveInt(v, "max_kl_misalgin_cnt");
        maxKlInconsistentCnt = positiveInt(v, "max_kl_inconsistent_cnt");

        // four point configs: stroke buy/sell, segment buy/sell
        Map<String, String> bb = new LinkedHashMap<>();
        for (String k : BSP_KEYS) {
            bb.put(k, v.get(k));
        }
        Map<String, String> bs = new LinkedHashMap<>(bb);
        Map<String, String> sb = new LinkedHashMap<>(bb);
        sb.put("macd_algo", "slope");
        sb.put("bsp1_only_multibi_zs", "false");
        Map<String, String> ss = new LinkedHashMap<>(sb);
        for (Map.Entry<String, String> e : ov.entrySet()) {
            String k = e.getKey();
            String val = e.getValue();
            if (k.endsWith("-buy")) {
                bb.put(strip(k, "-buy"), val);
            } else if (k.endsWith("-sell")) {
                bs.put(strip(k, "-sell"), val);
            } else if (k.endsWith("-segbuy")) {
                sb.put(strip(k, "-segbuy"), val);
            } else if (k.endsWith("-segsell")) {
                ss.put(strip(k, "-segsell"), val);
            } else if (k.endsWith("-seg")) {
                sb.put(strip(k, "-seg"), val);
                ss.put(strip(k, "-seg"), val);
            }
        }
        biBuy = point(bb, "");
        biSell = point(bs, "");
        segBuy = point(sb, "-seg");
        segSell = point(ss, "-seg");
    }

    /** chan.py's defaults. */
    public static ChanConfig defaults() {
        return new ChanConfig(Map.of());
    }

    /** Defaults overridden by {@code overrides} (chan.py key names, string values). */
    public static ChanConfig of(Map<String, String> overrides) {
        return new ChanConfig(overrides);
    }

    /** Parses {@code key=value} strings, as given on the command line with {@code --set}. */
    public static ChanConfig fromAssignments(List<String> assignments) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("config setting '" + a + "' is not of the form key=value");
            }
            m.put(a.substring(0, eq).trim(), a.substring(eq + 1).trim());
        }
        return of(m);
    }

    /** The keys that were set explicitly, sorted. */
    public Map<String, String> overrides() {
        return overrides;
    }

    /** Every accepted key with its effective value (before per-side suffixes), in a stable order. */
    public Map<String, String> effective() {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            v.put(e.getKey(), e.getValue());
        }
        return v;
    }

    /** All keys accepted without suffix. */
    public static Map<String, String> defaultValues() {
        return DEFAULTS;
    }

    /** A stable 64-bit hash of the effective config (FNV-1a over the sorted key=value pairs); computed once. */
    public long hash64() {
        long h = hash64;
        if (h == 0) {
            h = computeHash64();
            hash64 = h;
        }
        return h;
    }

    /** Racy single-check cache: every thread computes the same value, so a lost write only repeats work. */
    private long hash64;

    private long computeHash64() {
        long h = 0xcbf29ce484222325L;
        for (Map.Entry<String, String> e : new TreeMap<>(effective()).entrySet()) {
            String s = e.getKey() + "=" + e.getValue() + ";";
            for (int i = 0; i < s.length(); i++) {
                h ^= s.charAt(i);
                h *= 0x100000001b3L;
            }
        }
        return h;
    }

    public PointConfig point(boolean segLevel, boolean isBuy) {
        if (segLevel) {
            return isBuy ? segBuy : segSell;
        }
        return isBuy ? biBuy : biSell;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChanConfig c && c.effective().equals(effective());
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hash64());
    }

    @Override
    public String toString() {
        return "ChanConfig" + overrides;
    }

    private static boolean isKnownKey(String k) {
        if (DEFAULTS.containsKey(k)) {
            return true;
        }
        for (String suffix : List.of("-buy", "-sell", "-segbuy", "-segsell", "-seg")) {
            if (k.endsWith(suffix) && BSP_KEYS.contains(strip(k, suffix))) {
                return true;
            }
        }
        return false;
    }

    private static String strip(String k, String suffix) {
        return k.substring(0, k.length() - suffix.length());
    }

    private static PointConfig point(Map<String, String> m, String suffix) {
        return new PointConfig(
                dbl(m, "divergence_rate", suffix),
                integer(m, "min_zs_cnt", suffix),
                bool(m, "bsp1_only_multibi_zs"),
                dbl(m, "max_bs2_rate", suffix),
                MacdAlgo.valueOf(oneOf(m, "macd_algo", "area", "peak", "full_area", "diff", "slope", "amp", "volumn",
                        "amount", "volumn_avg", "amount_avg", "turnrate_avg").toUpperCase(Locale.ROOT)),
                bool(m, "bs1_peak"),
                types(m.get("bs_type")),
                bool(m, "bsp2_follow_1"),
                bool(m, "bsp3_follow_1"),
                bool(m, "bsp3_peak"),
                bool(m, "bsp2s_follow_2"),
                optionalInt(m, "max_bsp2s_lv"),
                bool(m, "strict_bsp3"),
                integer(m, "bsp3a_max_zs_cnt", suffix));
    }

    private static Set<BspType> types(String s) {
        Set<BspType> out = EnumSet.noneOf(BspType.class);
        List<String> bad = new ArrayList<>();
        for (String p : s.split(",")) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                out.add(BspType.fromLabel(t));
            } catch (IllegalArgumentException e) {
                bad.add(t);
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("bs_type: unknown type(s) " + bad + " (expected a comma list of 1,1p,2,2s,3a,3b)");
        }
        return out;
    }

    private static String oneOf(Map<String, String> m, String key, String... allowed) {
        String v = m.get(key).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException(key + ": '" + m.get(key) + "' is not one of " + String.join(", ", allowed));
    }

    private static boolean bool(Map<String, String> m, String key) {
        String v = m.get(key).toLowerCase(Locale.ROOT);
        switch (v) {
            case "true": case "1": case "yes":
                return true;
            case "false": case "0": case "no":
                return false;
            default:
                throw new IllegalArgumentException(key + ": '" + m.get(key) + "' is not a boolean (true/false)");
        }
    }

    private static double dbl(Map<String, String> m, String key, String suffix) {
        String v = m.get(key).toLowerCase(Locale.ROOT);
        if (v.equals("inf") || v.equals("+inf") || v.equals("infinity") || v.equals("float(\"inf\")")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + m.get(key) + "' is not a number");
        }
    }

    private static int integer(Map<String, String> m, String key, String suffix) {
        try {
            return Integer.parseInt(m.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + m.get(key) + "' is not an integer");
        }
    }

    private static int positiveInt(Map<String, String> m, String key) {
        int i = integer(m, key, "");
        if (i <= 0) {
            throw new IllegalArgumentException(key + ": must be > 0, got " + i);
        }
        return i;
    }

    private static Integer optionalInt(Map<String, String> m, String key) {
        String v = m.get(key).toLowerCase(Locale.ROOT);
        if (v.equals("none") || v.equals("null") || v.isEmpty()) {
            return null;
        }
        return integer(m, key, "");
    }
}
