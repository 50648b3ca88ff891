package io.chanflow.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Developer tool: java DevRun CSV OUT.json OUT.jsonl [key=value ...] (step mode) or with -Dbatch=true. */
public final class DevRun {
    public static void main(String[] a) throws Exception {
        List<TestData.Row> rows = TestData.readBars(Path.of(a[0]));
        List<String> sets = new ArrayList<>();
        for (int i = 3; i < a.length; i++) {
            sets.add(a[i]);
        }
        ChanConfig cfg = ChanConfig.fromAssignments(sets);
        boolean batch = Boolean.getBoolean("batch");
        ChanState st = new ChanState(cfg, !batch);
        ChanHistory hist = new ChanHistory();
        ObjectMapper om = new ObjectMapper();
        try (PrintWriter ev = new PrintWriter(Files.newBufferedWriter(Path.of(a[2])))) {
            for (TestData.Row r : rows) {
                List<ChanEvent> es = st.step(r.bar());
                hist.accept(es);
                for (ChanEvent e : es) {
                    if (e instanceof ChanEvent.BspEvent b) {
                        ObjectNode o = om.createObjectNode();
                        o.put("event", b.added() ? "add" : "remove");
                        o.put("bar_time", rows.get((int) b.causeBar()).time());
                        o.put("time", rows.get(b.bar()).time());
                        o.put("is_buy", b.isBuy());
                        o.putArray("types").add(b.type().label());
                        o.put("level", b.level() == ChanEvent.BspLevel.BI ? "bi" : "seg");
                        o.put("price", b.price());
                        ev.println(om.writeValueAsString(o));
                    }
                }
            }
            if (batch) {
                hist.accept(st.finishBatch());
            }
        }
        ObjectNode root = om.createObjectNode();
        for (ChanEvent.LineLevel lv : ChanEvent.LineLevel.values()) {
            ArrayNode arr = root.putArray(lv.name().toLowerCase());
            for (ChanEvent.Line l : hist.lines(lv)) {
                ObjectNode o = arr.addObject();
                o.put("idx", l.idx());
                o.put("dir", l.up() ? "up" : "down");
                o.put("begin_time", rows.get(l.beginBar()).time());
                o.put("end_time", rows.get(l.endBar()).time());
                o.put("begin_price", l.beginPrice());
                o.put("end_price", l.endPrice());
                o.put("is_sure", l.sure());
            }
        }
        ArrayNode zs = root.putArray("zs");
        for (ChanEvent.PivotLevel lv : ChanEvent.PivotLevel.values()) {
            for (ChanEvent.Pivot p : hist.pivots(lv)) {
                ObjectNode o = zs.addObject();
                o.put("level", lv == ChanEvent.PivotLevel.BI ? "bi" : "seg");
                o.put("begin_time", rows.get(p.beginBar()).time());
                o.put("end_time", rows.get(p.endBar()).time());
                o.put("low", p.low());
                o.put("high", p.high());
                o.put("is_sure", p.sure());
            }
        }
        ArrayNode bsp = root.putArray("bsp");
        for (ChanHistory.Point p : hist.points()) {
            ObjectNode o = bsp.addObject();
            ArrayNode t = o.putArray("types");
            for (BspType x : p.types()) {
                t.add(x.label());
            }
            o.put("is_buy", p.isBuy());
            o.put("time", rows.get(p.bar()).time());
            o.put("price", p.price());
            o.put("level", p.level() == ChanEvent.BspLevel.BI ? "bi" : "seg");
        }
        om.writerWithDefaultPrettyPrinter().writeValue(Path.of(a[1]).toFile(), root);
    }
}
