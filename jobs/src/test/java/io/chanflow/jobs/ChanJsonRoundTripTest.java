package io.chanflow.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chanflow.jobs.io.BarCsv;
import io.chanflow.jobs.io.ChanJson;
import io.chanflow.state.BspType;
import io.chanflow.state.ChanConfig;
import io.chanflow.state.ChanEvent;
import io.chanflow.state.ChanHistory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the output writer and the Java port of the scorer against each other without the engine:
 * chan.py's reference structures are turned into engine events, written with {@link ChanJson}
 * exactly as {@code analyze} writes them, and must score 100%. Set
 * {@code -Dchanflow.roundtrip.dir=DIR} to keep the files (e.g. to feed the Python scorers).
 */
class ChanJsonRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "nvda-1999-2014__day, backtrader/nvda-1999-2014.csv",
        "2006-01-02-volume-min-001__1m, backtrader/2006-01-02-volume-min-001.csv",
    })
    void writerOutputShouldScoreFullAgreementWhenEventsReproduceTheReference(String ref, String input) throws IOException {
        Path shared = SharedData.dir();
        JsonNode batch = JSON.readTree(shared.resolve("golden/chanpy/ref/" + ref + ".json").toFile());
        JsonNode step = JSON.readTree(shared.resolve("golden/chanpy/ref/" + ref + "__step.json").toFile());
        List<BarCsv.Row> rows = BarCsv.read(shared.resolve("data/real/" + input));
        IntFunction<String> timeOf = i -> rows.get(i).timeText();
        Map<String, Integer> barOf = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            barOf.put(rows.get(i).timeText(), i);
        }

        ChanHistory h = new ChanHistory();
        for (ChanEvent.LineLevel ll : ChanEvent.LineLevel.values()) {
            for (JsonNode l : batch.get(ChanJson.name(ll))) {
                int b = l.get("begin_bar").asInt();
                int e = l.get("end_bar").asInt();
                h.accept(new ChanEvent.LineEvent(e, rows.get(e).bar().time(), ChanEvent.Change.CREATED, ll,
                        new ChanEvent.Line(l.get("idx").asInt(), l.get("dir").asText().equals("up"), b, e,
                                rows.get(b).bar().time(), rows.get(e).bar().time(), l.get("begin_price").asDouble(),
                                l.get("end_price").asDouble(), l.get("is_sure").asBoolean())));
            }
        }
        Map<String, Integer> pivotIdx = new HashMap<>();
        for (JsonNode z : batch.get("zs")) {
            ChanEvent.PivotLevel pl = ChanEvent.PivotLevel.valueOf(z.get("level").asText().toUpperCase());
            int b = barOf.get(z.get("begin_time").asText());
            int e = barOf.get(z.get("end_time").asText());
            int idx = pivotIdx.merge(pl.name(), 1, Integer::sum) - 1;
            h.accept(new ChanEvent.PivotEvent(e, 0, ChanEvent.Change.CREATED, pl, new ChanEvent.Pivot(idx, b, e,
                    rows.get(b).bar().time(), rows.get(e).bar().time(), z.get("low").asDouble(), z.get("high").asDouble(),
                    z.get("peak_low").asDouble(), z.get("peak_high").asDouble(), z.get("begin_line").asInt(),
                    z.get("end_line").asInt(), z.get("is_sure").asBoolean())));
        }
        for (JsonNode p : batch.get("bsp")) {
            int bar = p.get("bar").asInt();
            for (JsonNode t : p.get("types")) {
                h.accept(new ChanEvent.BspEvent(bar, 0, true, level(p), bar, rows.get(bar).bar().time(),
                        p.get("is_buy").asBoolean(), BspType.fromLabel(t.asText()), p.get("price").asDouble()));
            }
        }
        ObjectNode result = ChanJson.result(ChanConfig.defaults(), "x", input, rows.size(), h, timeOf);
        String text = ChanJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result);
        Map<String, ChanpyScore.FamilyScore> scores = ChanpyScore.compareProject(batch, JSON.readTree(text));
        assertThat(scores.keySet()).containsExactly("bi", "seg", "segseg", "zs", "bsp");
        assertThat(ChanpyScore.agreement(scores)).as(scores.values().toString()).isEqualTo(100.0);

        // events: the ref's per-type events, grouped by cause bar, plus an add+remove pair that must cancel
        Map<Integer, List<ChanEvent>> perBar = new LinkedHashMap<>();
        for (JsonNode e : step.get("bsp_events")) {
            int cause = e.get("bar").asInt();
            int bar = barOf.get(e.get("time").asText());
            perBar.computeIfAbsent(cause, k -> new ArrayList<>()).add(new ChanEvent.BspEvent(cause, 0,
                    e.get("op").asText().equals("add"), level(e), bar, rows.get(bar).bar().time(),
                    e.get("is_buy").asBoolean(), BspType.fromLabel(e.get("type").asText()), e.get("price").asDouble()));
        }
        int firstCause = perBar.keySet().iterator().next();
        ChanEvent.BspEvent ghost = new ChanEvent.BspEvent(firstCause, 0, true, ChanEvent.BspLevel.SEG, 0, 0, true,
                BspType.T3B, 1.0);
        perBar.get(firstCause).add(0, ghost);
        perBar.get(firstCause).add(new ChanEvent.BspEvent(firstCause, 0, false, ChanEvent.BspLevel.SEG, 0, 0, true,
                BspType.T3B, 1.0));
        StringBuilder jsonl = new StringBuilder();
        List<JsonNode> lines = new ArrayList<>();
        for (List<ChanEvent> evs : perBar.values()) {
            for (ObjectNode line : ChanJson.bspEventLines(evs, timeOf)) {
                jsonl.append(ChanJson.MAPPER.writeValueAsString(line)).append('\n');
                lines.add(line);
            }
        }
        assertThat(lines).as("grouping several types into one line").hasSizeLessThan(step.get("bsp_events").size());
        ChanpyScore.EventScore ev = ChanpyScore.compareEvents(step, lines);
        assertThat(ev.f1()).as("missing %s, extra %s", ev.missingInOut(), ev.extraInOut()).isEqualTo(1.0);

        String keep = System.getProperty("chanflow.roundtrip.dir");
        if (keep != null) {
            Path d = Files.createDirectories(Path.of(keep));
            Files.writeString(d.resolve(ref + ".json"), text, StandardCharsets.UTF_8);
            Files.writeString(d.resolve(ref + ".jsonl"), jsonl, StandardCharsets.UTF_8);
        }
    }

    private static ChanEvent.BspLevel level(JsonNode n) {
        return ChanEvent.BspLevel.valueOf(n.get("level").asText().toUpperCase());
    }
}
