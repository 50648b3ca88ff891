package io.chanflow.operators.validate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chanflow.state.plan.Verdict;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Checks an LLM answer strictly against {@code answer-v1.schema.json}: one JSON object with exactly {@code verdict}
 * (APPROVE, DOWNGRADE or VETO), {@code confidence} (a JSON number in [0, 1]), {@code summary} (1-600 characters, not
 * blank) and {@code reasons} (1-5 strings of 1-300 characters, not blank); no other field, no duplicate field, nothing
 * after the object. Anything else is {@link Result#invalid invalid}: a fallback, never an exception.
 */
public final class AnswerParser {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> FIELDS = Set.of("verdict", "confidence", "summary", "reasons");

    /** A valid answer, or the reason it is not one. */
    public record Result(LlmAnswer answer, String problem) {
        static Result invalid(String problem) {
            return new Result(null, problem);
        }

        public boolean valid() {
            return answer != null;
        }
    }

    private AnswerParser() {
    }

    public static Result parse(String text) {
        if (text == null || text.isBlank()) {
            return Result.invalid("empty answer");
        }
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (Exception e) {
            return Result.invalid("not JSON: " + firstLine(e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            return Result.invalid("not a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                return Result.invalid("unknown field '" + f + "'");
            }
        }
        JsonNode v = n.get("verdict");
        if (v == null || !v.isTextual() || !Set.of("APPROVE", "DOWNGRADE", "VETO").contains(v.asText())) {
            return Result.invalid("verdict must be APPROVE, DOWNGRADE or VETO");
        }
        JsonNode c = n.get("confidence");
        if (c == null || !c.isNumber() || !(c.asDouble() >= 0 && c.asDouble() <= 1)) {
            return Result.invalid("confidence must be a number in [0, 1]");
        }
        JsonNode s = n.get("summary");
        if (s == null || !s.isTextual() || s.asText().isBlank() || s.asText().length() > 600) {
            return Result.invalid("summary must be a non-blank string of at most 600 characters");
        }
        JsonNode r = n.get("reasons");
        if (r == null || !r.isArray() || r.isEmpty() || r.size() > 5) {
            return Result.invalid("reasons must be an array of 1 to 5 strings");
        }
        List<String> reasons = new ArrayList<>(r.size());
        for (JsonNode x : r) {
            if (!x.isTextual() || x.asText().isBlank() || x.asText().length() > 300) {
                return Result.invalid("reasons must be non-blank strings of at most 300 characters");
            }
            reasons.add(x.asText());
        }
        return new Result(new LlmAnswer(Verdict.valueOf(v.asText()), c.asDouble(), s.asText(), reasons), "");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
