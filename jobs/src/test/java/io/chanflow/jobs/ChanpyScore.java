package io.chanflow.jobs;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java port of the scoring in {@code ../shared/golden/chanpy/tools} ({@code compare_project.py},
 * {@code compare_events.py}, {@code chanpy_cmp_common.py}): the same normalisation (times as UTC
 * instants, prices at relative tolerance 1e-6, lenient booleans/directions/levels/types), the same
 * multiset matching by key and the same F1 per family. Only the pass/fail numbers are ported, not
 * the informational extras (is_sure/price agreement, first-seen, final set).
 */
final class ChanpyScore {

    static final double REL_TOL = 1e-6;
    static final List<String> FAMILIES = List.of("bi", "seg", "segseg", "zs", "bsp");

    private static final Pattern TIME_RE = Pattern.compile(
            "^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})"
                    + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?"
                    + "\\s*(Z|z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?$");
    private static final Pattern EPOCH_RE = Pattern.compile("-?\\d{9,13}(\\.\\d+)?");

    private ChanpyScore() {
    }

    // ------------------------------------------------------------------ normalisation

    private static boolean absent(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    /** Python's {@code str(v)} for the JSON values that occur. */
    private static String str(JsonNode v) {
        if (absent(v)) {
            return "None";
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "True" : "False";
        }
        return v.isTextual() ? v.textValue() : v.toString();
    }

    /** Canonical UTC instant {@code YYYY-MM-DDTHH:MM:SS[.ffffff]}, or the raw string when unparseable. */
    static String normTime(JsonNode v) {
        if (absent(v)) {
            return null;
        }
        if (v.isBoolean()) {
            return str(v);
        }
        if (v.isNumber() || (v.isTextual() && EPOCH_RE.matcher(v.textValue().strip()).matches())) {
            double x = v.isNumber() ? v.doubleValue() : Double.parseDouble(v.textValue().strip());
            if (Math.abs(x) >= 1e11) {
                x /= 1000.0;
            }
            long micros = Math.round(x * 1e6);
            return fmt(LocalDateTime.of(1970, 1, 1, 0, 0).plus(Duration.ofNanos(micros * 1000)));
        }
        return normTime(str(v));
    }

    static String normTime(String raw) {
        String s = raw.strip();
        if (s.matches("\\d{8}")) {
            s = s.substring(0, 4) + "-" + s.substring(4, 6) + "-" + s.substring(6);
        }
        Matcher m = TIME_RE.matcher(s);
        if (!m.matches()) {
            return s;
        }
        int nanos = 0;
        if (m.group(7) != null) {
            nanos = Integer.parseInt((m.group(7) + "000000").substring(0, 6)) * 1000;
        }
        LocalDateTime dt;
        try {
            dt = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4) == null ? 0 : Integer.parseInt(m.group(4)), m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos);
        } catch (DateTimeException e) {
            return s;
        }
        String tz = m.group(8);
        if (tz != null && (tz.charAt(0) == '+' || tz.charAt(0) == '-')) {
            String digits = tz.substring(1).replace(":", "");
            Duration off = Duration.ofHours(Integer.parseInt(digits.substring(0, 2)))
                    .plusMinutes(digits.length() > 2 ? Integer.parseInt(digits.substring(2, Math.min(4, digits.length()))) : 0);
            dt = tz.charAt(0) == '+' ? dt.minus(off) : dt.plus(off);
        }
        return fmt(dt);
    }

    private static String fmt(LocalDateTime dt) {
        String s = String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d", dt.getYear(), dt.getMonthValue(),
                dt.getDayOfMonth(), dt.getHour(), dt.getMinute(), dt.getSecond());
        int micros = dt.getNano() / 1000;
        if (micros != 0) {
            s += ("." + String.format(Locale.ROOT, "%06d", micros)).replaceAll("0+$", "");
        }
        return s;
    }

    static Double toFloat(JsonNode v) {
        if (absent(v)) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? 1.0 : 0.0;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        String s = str(v).strip().toLowerCase(Locale.ROOT);
        if (s.equals("inf") || s.equals("+inf") || s.equals("infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(s.replace("_", ""));
    }

    static boolean priceEq(Double a, Double b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        if (a.doubleValue() == b.doubleValue()) {
            return true;
        }
        return Math.abs(a - b) <= REL_TOL * Math.max(Math.abs(a), Math.abs(b));
    }

    /** Boolean, or the lower-cased string when it is not a recognised boolean, or null. */
    static Object normBool(JsonNode v) {
        if (absent(v)) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        String s = str(v).strip().toLowerCase(Locale.ROOT);
        if (List.of("true", "t", "1", "yes", "y", "buy", "b").contains(s)) {
            return true;
        }
        if (List.of("false", "f", "0", "no", "n", "sell", "s").contains(s)) {
            return false;
        }
        return s;
    }

    static String normDir(JsonNode v) {
        if (!absent(v) && v.isNumber()) {
            return v.doubleValue() > 0 ? "up" : "down";
        }
        String s = str(v).strip().toLowerCase(Locale.ROOT);
        return Map.of("1", "up", "-1", "down", "rise", "up", "fall", "down").getOrDefault(s, s);
    }

    static String normLevel(JsonNode v) {
        String s = str(v).strip().toLowerCase(Locale.ROOT);
        return Map.of("stroke", "bi", "segment", "seg", "k_bi", "bi", "k_seg", "seg").getOrDefault(s, s);
    }

    static String normType(String t) {
        String s = t.strip().toLowerCase(Locale.ROOT);
        for (String p : List.of("bsp_type.", "bsp", "type_", "type", "t")) {
            if (s.startsWith(p) && s.length() > p.length() && Character.isDigit(s.charAt(p.length()))) {
                s = s.substring(p.length());
                break;
            }
        }
        return s.replaceFirst("^_+", "");
    }

    /** Sorted normalised types from {@code types} (list or comma string) or {@code type}. */
    static List<String> normTypes(JsonNode item) {
        JsonNode v = item.get("types");
        if (absent(v)) {
            v = item.get("type");
        }
        if (absent(v)) {
            return List.of();
        }
        List<String> raw = new ArrayList<>();
        if (v.isTextual()) {
            for (String x : v.textValue().split(",")) {
                if (!x.strip().isEmpty()) {
                    raw.add(x);
                }
            }
        } else if (v.isArray()) {
            v.forEach(x -> raw.add(str(x)));
        } else {
            raw.add(str(v));
        }
        List<String> out = new ArrayList<>();
        for (String x : raw) {
            out.add(normType(x));
        }
        Collections.sort(out);
        return out;
    }

    // ------------------------------------------------------------------ compare_project

    /** A normalised item: exact key, tolerance fields (zs low/high), the raw JSON. */
    record Item(List<Object> key, List<Double> tol, JsonNode raw) { }

    /** Score of one family, with the unmatched items of each side. */
    record FamilyScore(String family, int ref, int out, int matched, double precision, double recall, double f1,
                       List<JsonNode> missingInOut, List<JsonNode> extraInOut) {
        boolean pass() {
            return f1 == 1.0;
        }
    }

    private static Item normItem(String family, JsonNode it) {
        switch (family) {
            case "bi": case "seg": case "segseg":
                return new Item(Arrays.asList(normDir(it.get("dir")), normTime(it.get("begin_time")),
                        normTime(it.get("end_time"))), List.of(), it);
            case "zs":
                return new Item(Arrays.asList(normLevel(it.get("level")), normTime(it.get("begin_time")),
                        normTime(it.get("end_time"))), Arrays.asList(toFloat(it.get("low")), toFloat(it.get("high"))), it);
            case "bsp":
                return new Item(Arrays.asList(normLevel(it.get("level")), normTime(it.get("time")),
                        normBool(it.get("is_buy")), normTypes(it)), List.of(), it);
            default:
                throw new IllegalArgumentException(family);
        }
    }

    private static boolean tolEq(List<Double> a, List<Double> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!priceEq(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static double[] prf(int matched, int nRef, int nOut) {
        double p = nOut > 0 ? (double) matched / nOut : 1.0;
        double r = nRef > 0 ? (double) matched / nRef : 1.0;
        double f = (p + r) > 0 ? 2 * p * r / (p + r) : 0.0;
        return new double[] {p, r, f};
    }

    static FamilyScore scoreFamily(String family, JsonNode refItems, JsonNode outItems) {
        List<Item> ref = new ArrayList<>();
        List<Item> out = new ArrayList<>();
        if (!absent(refItems)) {
            refItems.forEach(x -> ref.add(normItem(family, x)));
        }
        if (!absent(outItems)) {
            outItems.forEach(x -> out.add(normItem(family, x)));
        }
        Map<List<Object>, List<Item>> buckets = new LinkedHashMap<>();
        for (Item r : ref) {
            buckets.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        int matched = 0;
        List<JsonNode> extra = new ArrayList<>();
        for (Item o : out) {
            List<Item> cands = buckets.get(o.key());
            Item hit = null;
            if (cands != null) {
                for (int i = 0; i < cands.size(); i++) {
                    if (tolEq(cands.get(i).tol(), o.tol())) {
                        hit = cands.remove(i);
                        break;
                    }
                }
            }
            if (hit == null) {
                extra.add(o.raw());
            } else {
                matched++;
            }
        }
        List<JsonNode> missing = new ArrayList<>();
        buckets.values().forEach(c -> c.forEach(i -> missing.add(i.raw())));
        double[] prf = prf(matched, ref.size(), out.size());
        return new FamilyScore(family, ref.size(), out.size(), matched, prf[0], prf[1], prf[2], missing, extra);
    }

    /** compare_project.py: every family (segseg only when OUT has it), in FAMILIES order. */
    static Map<String, FamilyScore> compareProject(JsonNode ref, JsonNode out) {
        Map<String, FamilyScore> res = new LinkedHashMap<>();
        for (String fam : FAMILIES) {
            if (absent(out.get(fam)) && fam.equals("segseg")) {
                continue;
            }
            res.put(fam, scoreFamily(fam, ref.get(fam), out.get(fam)));
        }
        return res;
    }

    /** Python's {@code pct}: percentage rounded to 2 decimals, below 1 never shown as 100.00. */
    static double pct(double x) {
        double v = Math.round(100.0 * x * 100.0) / 100.0;
        if (x < 1.0 && v >= 100.0) {
            v = 99.99;
        }
        return v;
    }

    /** The {@code AGREEMENT} line's number: pct of the minimum F1. */
    static double agreement(Map<String, FamilyScore> scores) {
        return pct(scores.values().stream().mapToDouble(FamilyScore::f1).min().orElse(1.0));
    }

    // ------------------------------------------------------------------ compare_events

    /** Event score with unmatched keys of each side. */
    record EventScore(int ref, int out, int matched, double f1, List<List<Object>> missingInOut,
                      List<List<Object>> extraInOut) {
        double agreement() {
            return pct(f1);
        }
    }

    private static String evName(JsonNode v) {
        String s = str(v).strip().toLowerCase(Locale.ROOT);
        Map<String, String> m = new HashMap<>();
        m.put("added", "add");
        m.put("new", "add");
        m.put("appear", "add");
        m.put("removed", "remove");
        m.put("delete", "remove");
        m.put("del", "remove");
        m.put("disappear", "remove");
        return m.getOrDefault(s, s);
    }

    static List<List<Object>> refEventKeys(JsonNode ref) {
        JsonNode evs = ref.get("bsp_events");
        if (absent(evs)) {
            throw new IllegalArgumentException("REF has no bsp_events (need a step-mode ref)");
        }
        List<List<Object>> out = new ArrayList<>();
        for (JsonNode e : evs) {
            out.add(Arrays.asList(evName(e.get("op")), normTime(e.get("bar_time")), normTime(e.get("time")),
                    normBool(e.get("is_buy")), normType(str(e.get("type"))), normLevel(e.get("level"))));
        }
        return out;
    }

    /** OUT lines (already parsed; blank/comment lines left out by the caller) expanded one key per type. */
    static List<List<Object>> outEventKeys(List<JsonNode> lines) {
        List<List<Object>> out = new ArrayList<>();
        for (JsonNode e : lines) {
            JsonNode op = e.has("event") ? e.get("event") : e.get("op");
            for (String t : normTypes(e)) {
                out.add(Arrays.asList(evName(op), normTime(e.get("bar_time")), normTime(e.get("time")),
                        normBool(e.get("is_buy")), t, normLevel(e.get("level"))));
            }
        }
        return out;
    }

    static EventScore compareEvents(JsonNode ref, List<JsonNode> outLines) {
        List<List<Object>> rev = refEventKeys(ref);
        List<List<Object>> oev = outEventKeys(outLines);
        Map<List<Object>, Integer> buckets = new LinkedHashMap<>();
        for (List<Object> k : rev) {
            buckets.merge(k, 1, Integer::sum);
        }
        int matched = 0;
        List<List<Object>> extra = new ArrayList<>();
        for (List<Object> k : oev) {
            Integer n = buckets.get(k);
            if (n != null && n > 0) {
                buckets.put(k, n - 1);
                matched++;
            } else {
                extra.add(k);
            }
        }
        List<List<Object>> missing = new ArrayList<>();
        for (List<Object> k : rev) {
            Integer n = buckets.get(k);
            if (n != null && n > 0) {
                missing.add(k);
                buckets.put(k, n - 1);
            }
        }
        double[] prf = prf(matched, rev.size(), oev.size());
        return new EventScore(rev.size(), oev.size(), matched, prf[2], missing, extra);
    }

    static String describe(FamilyScore s) {
        return String.format(Locale.ROOT, "%-7s ref %5d out %5d matched %5d  P %6.2f R %6.2f F1 %6.2f", s.family(), s.ref(),
                s.out(), s.matched(), pct(s.precision()), pct(s.recall()), pct(s.f1()));
    }
}
