package io.chanflow.jobs.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chanflow.state.BspType;
import io.chanflow.state.ChanConfig;
import io.chanflow.state.ChanEvent;
import io.chanflow.state.ChanHistory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The JSON shapes the CLI writes, in the field names of the chan.py references
 * ({@code ../shared/golden/chanpy/README.md}, "Reference JSON"). Times are the input file's own
 * strings, looked up by bar index through {@code timeOf}.
 */
public final class ChanJson {

    /** Shared mapper: no pretty printing by default (callers choose). */
    public static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ChanJson() {
    }

    /**
     * The effective config, one entry per key, typed like the chan.py refs: booleans, numbers,
     * {@code "inf"} for infinity, {@code null} for "none"; suffixed keys take their base key's type.
     */
    public static ObjectNode config(ChanConfig config) {
        ObjectNode o = F.objectNode();
        Map<String, String> defaults = ChanConfig.defaultValues();
        for (Map.Entry<String, String> e : config.effective().entrySet()) {
            String key = e.getKey();
            String base = key.replaceFirst("-(buy|sell|segbuy|segsell|seg)$", "");
            String def = defaults.getOrDefault(base, "");
            String v = e.getValue();
            String lv = v.trim().toLowerCase(Locale.ROOT);
            if (def.equals("true") || def.equals("false")) {
                o.put(key, lv.equals("true") || lv.equals("1") || lv.equals("yes"));
            } else if (lv.equals("none") || lv.equals("null")) {
                o.putNull(key);
            } else if (lv.equals("inf") || lv.equals("+inf") || lv.equals("infinity")) {
                o.put(key, "inf");
            } else if (lv.matches("[+-]?\\d{1,9}")) {
                o.put(key, Integer.parseInt(lv));
            } else if (!base.equals("bs_type") && lv.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([e][+-]?\\d+)?")) {
                o.put(key, Double.parseDouble(lv));
            } else {
                o.put(key, v);
            }
        }
        return o;
    }

    /** {@code "bi"}, {@code "seg"} or {@code "segseg"}. */
    public static String name(ChanEvent.LineLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    /** {@code "bi"} or {@code "seg"}. */
    public static String name(ChanEvent.PivotLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    /** {@code "bi"} or {@code "seg"}. */
    public static String name(ChanEvent.BspLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    public static ObjectNode line(ChanEvent.Line l, IntFunction<String> timeOf) {
        ObjectNode o = F.objectNode();
        o.put("idx", l.idx());
        o.put("dir", l.up() ? "up" : "down");
        o.put("begin_time", timeOf.apply(l.beginBar()));
        o.put("end_time", timeOf.apply(l.endBar()));
        o.put("begin_price", l.beginPrice());
        o.put("end_price", l.endPrice());
        o.put("is_sure", l.sure());
        o.put("begin_bar", l.beginBar());
        o.put("end_bar", l.endBar());
        return o;
    }

    public static ObjectNode pivot(ChanEvent.PivotLevel level, ChanEvent.Pivot p, IntFunction<String> timeOf) {
        ObjectNode o = F.objectNode();
        o.put("idx", p.idx());
        o.put("level", name(level));
        o.put("begin_time", timeOf.apply(p.beginBar()));
        o.put("end_time", timeOf.apply(p.endBar()));
        o.put("low", p.low());
        o.put("high", p.high());
        o.put("peak_low", p.peakLow());
        o.put("peak_high", p.peakHigh());
        o.put("begin_line", p.beginLine());
        o.put("end_line", p.endLine());
        o.put("is_sure", p.sure());
        o.put("begin_bar", p.beginBar());
        o.put("end_bar", p.endBar());
        return o;
    }

    public static ObjectNode point(ChanHistory.Point p, IntFunction<String> timeOf) {
        ObjectNode o = F.objectNode();
        ArrayNode types = o.putArray("types");
        List<String> labels = new ArrayList<>();
        for (BspType t : p.types()) {
            types.add(t.label());
            labels.add(t.label());
        }
        o.put("type", String.join(",", labels));
        o.put("is_buy", p.isBuy());
        o.put("time", timeOf.apply(p.bar()));
        o.put("price", p.price());
        o.put("level", name(p.level()));
        o.put("bar", p.bar());
        return o;
    }

    /**
     * The final picture of one level: {@code config}, {@code level}, {@code bars}, {@code bi},
     * {@code seg}, {@code segseg}, {@code zs}, {@code bsp}, {@code counts}.
     */
    public static ObjectNode result(ChanConfig config, String level, String input, int bars, ChanHistory h,
                                    IntFunction<String> timeOf) {
        ObjectNode o = F.objectNode();
        o.set("config", config(config));
        ObjectNode ov = o.putObject("config_overrides");
        config.overrides().forEach(ov::put);
        o.put("config_hash", String.format("%016x", config.hash64()));
        o.put("level", level);
        o.put("input", input);
        o.put("bars", bars);
        ObjectNode counts = F.objectNode();
        for (ChanEvent.LineLevel ll : ChanEvent.LineLevel.values()) {
            ArrayNode a = o.putArray(name(ll));
            int sure = 0;
            for (ChanEvent.Line l : h.lines(ll)) {
                a.add(line(l, timeOf));
                sure += l.sure() ? 1 : 0;
            }
            counts.put(name(ll), a.size());
            if (ll != ChanEvent.LineLevel.SEGSEG) {
                counts.put(name(ll) + "_sure", sure);
            }
        }
        ArrayNode zs = o.putArray("zs");
        for (ChanEvent.PivotLevel pl : ChanEvent.PivotLevel.values()) {
            List<ChanEvent.Pivot> ps = h.pivots(pl);
            for (ChanEvent.Pivot p : ps) {
                zs.add(pivot(pl, p, timeOf));
            }
            counts.put("zs_" + name(pl), ps.size());
        }
        ArrayNode bsp = o.putArray("bsp");
        Map<ChanEvent.BspLevel, Integer> perLevel = new LinkedHashMap<>();
        for (ChanEvent.BspLevel bl : ChanEvent.BspLevel.values()) {
            perLevel.put(bl, 0);
        }
        for (ChanHistory.Point p : h.points()) {
            bsp.add(point(p, timeOf));
            perLevel.merge(p.level(), 1, Integer::sum);
        }
        perLevel.forEach((bl, n) -> counts.put("bsp_" + name(bl), n));
        o.set("counts", counts);
        return o;
    }

    /**
     * The {@code --events} lines for the events of one step (one cause bar): buy/sell-point changes
     * only, netted per {@code (level, point bar, side, type)} (an add and a remove within the bar
     * cancel out), then grouped per {@code (op, level, point bar, side)} with all their types.
     */
    public static List<ObjectNode> bspEventLines(List<ChanEvent> stepEvents, IntFunction<String> timeOf) {
        Map<List<Object>, Integer> net = new LinkedHashMap<>();
        Map<List<Object>, ChanEvent.BspEvent> first = new LinkedHashMap<>();
        for (ChanEvent e : stepEvents) {
            if (e instanceof ChanEvent.BspEvent b) {
                List<Object> k = List.of(b.causeBar(), b.level(), b.bar(), b.isBuy(), b.type());
                net.merge(k, b.added() ? 1 : -1, Integer::sum);
                first.putIfAbsent(k, b);
            }
        }
        Map<List<Object>, ObjectNode> groups = new LinkedHashMap<>();
        for (Map.Entry<List<Object>, Integer> e : net.entrySet()) {
            int n = e.getValue();
            if (n == 0) {
                continue;
            }
            ChanEvent.BspEvent b = first.get(e.getKey());
            boolean add = n > 0;
            List<Object> g = List.of(b.causeBar(), add, b.level(), b.bar(), b.isBuy());
            ObjectNode line = groups.computeIfAbsent(g, k -> {
                ObjectNode o = F.objectNode();
                o.put("event", add ? "add" : "remove");
                o.put("bar_time", timeOf.apply(Math.toIntExact(b.causeBar())));
                o.put("time", timeOf.apply(b.bar()));
                o.put("is_buy", b.isBuy());
                o.putArray("types");
                o.put("level", name(b.level()));
                o.put("price", b.price());
                return o;
            });
            for (int i = 0; i < Math.abs(n); i++) {
                ((ArrayNode) line.get("types")).add(b.type().label());
            }
        }
        return new ArrayList<>(groups.values());
    }

    /** One {@code --structures} line for a stroke/segment/pivot event, or {@code null} for other events. */
    public static ObjectNode structureEvent(ChanEvent e, IntFunction<String> timeOf) {
        ObjectNode o;
        if (e instanceof ChanEvent.LineEvent le) {
            o = F.objectNode();
            o.put("kind", "line");
            o.put("change", le.change().name().toLowerCase(Locale.ROOT));
            o.put("level", name(le.level()));
            o.put("bar_time", timeOf.apply(Math.toIntExact(le.causeBar())));
            o.put("cause_bar", le.causeBar());
            o.setAll(line(le.line(), timeOf));
        } else if (e instanceof ChanEvent.PivotEvent pe) {
            o = F.objectNode();
            o.put("kind", "pivot");
            o.put("change", pe.change().name().toLowerCase(Locale.ROOT));
            o.put("bar_time", timeOf.apply(Math.toIntExact(pe.causeBar())));
            o.put("cause_bar", pe.causeBar());
            o.setAll(pivot(pe.level(), pe.pivot(), timeOf));
        } else {
            return null;
        }
        return o;
    }
}
