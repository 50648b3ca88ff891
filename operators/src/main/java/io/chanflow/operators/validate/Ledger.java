package io.chanflow.operators.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chanflow.operators.llm.ClosedTrade;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The record/replay ledger: one JSON line per validation, keyed by (signal id, revision, model version, prompt
 * version), with the LLM's raw answer (null when there was none), the similar trades retrieved (null when the memory
 * was unavailable) and the session statistics as they went into the prompt (null when unavailable). Live runs write it
 * to the {@code llm-ledger} topic (exactly-once) or {@code llm-ledger.jsonl}; replay loads such a file whole at open.
 *
 * <pre>{"signal_id":..,"revision":1,"model":"qwen2.5:7b","model_version":"1","prompt_version":"v1","status":"OK",
 *  "detail":"","answer":"{\"verdict\":..}","rag":[{"trade_id":..,..}],"rag_unavailable":false,"stats":"..",
 *  "stats_unavailable":false}</pre>
 */
public final class Ledger {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Ledger() {
    }

    /** The key of a request: what replay looks up. */
    public static String key(ValidationRequest r) {
        return key(r.signal().id(), r.signal().revision(), r.modelVersion(), r.promptVersion());
    }

    static String key(String signalId, int revision, String modelVersion, String promptVersion) {
        return signalId + '\u0000' + revision + '\u0000' + modelVersion + '\u0000' + promptVersion;
    }

    /** One ledger line. */
    public static String entry(ValidationRequest r, ValidationStatus status, String detail, String answer,
                               List<ClosedTrade> rag, boolean ragUnavailable, String stats, boolean statsUnavailable) {
        ObjectNode n = JSON.createObjectNode();
        n.put("signal_id", r.signal().id());
        n.put("revision", r.signal().revision());
        n.put("model", r.model());
        n.put("model_version", r.modelVersion());
        n.put("prompt_version", r.promptVersion());
        n.put("status", status.name());
        n.put("detail", detail);
        n.put("answer", answer);
        if (rag == null) {
            n.putNull("rag");
        } else {
            ArrayNode a = n.putArray("rag");
            for (ClosedTrade t : rag) {
                ObjectNode o = a.addObject();
                o.put("trade_id", t.tradeId());
                o.put("symbol", t.symbol());
                o.put("level", t.level());
                ArrayNode types = o.putArray("types");
                t.types().forEach(types::add);
                o.put("return_pct", t.returnPct());
                o.put("result", t.result().name());
                o.put("closed_at", t.closedAt());
                o.put("session_day", t.sessionDay().toString());
                o.put("regime", t.regime());
            }
        }
        n.put("rag_unavailable", ragUnavailable);
        n.put("stats", stats);
        n.put("stats_unavailable", statsUnavailable);
        return n.toString();
    }

    /** A ledger file as key → record; a later line for the same key wins. Blank lines are skipped. */
    public static Map<String, JsonNode> load(Path file) {
        Map<String, JsonNode> m = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = in.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IllegalArgumentException("ledger " + file + " line " + no + " is not JSON: " + e.getMessage());
                }
                m.put(key(n.path("signal_id").asText(), n.path("revision").asInt(), n.path("model_version").asText(),
                        n.path("prompt_version").asText()), n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ledger " + file, e);
        }
        return m;
    }
}
