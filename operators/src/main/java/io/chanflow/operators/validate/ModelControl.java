package io.chanflow.operators.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Objects;

/**
 * A message of the {@code model-control} topic: {@code {"model":"qwen2.5:7b","version":"7","prompt_version":"v1",
 * "action":"activate"}} makes that model current; {@code {"action":"rollback"}} (other fields optional) goes back
 * to the model that was current before the last activation.
 */
public record ModelControl(Action action, ActiveModel model) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Action { ACTIVATE, ROLLBACK }

    public ModelControl {
        Objects.requireNonNull(action, "action");
        if (action == Action.ACTIVATE) {
            Objects.requireNonNull(model, "model (activate)");
        }
    }

    /**
     * Parses one message.
     *
     * @throws IllegalArgumentException not JSON, unknown action, or an activation without model, version or
     *     prompt_version (the message says which)
     */
    public static ModelControl parse(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("model-control message is not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("model-control message must be a JSON object");
        }
        String action = text(n, "action");
        if ("rollback".equals(action)) {
            return new ModelControl(Action.ROLLBACK, null);
        }
        if (!"activate".equals(action)) {
            throw new IllegalArgumentException("model-control action must be activate or rollback, got '" + action + "'");
        }
        String model = text(n, "model");
        String version = text(n, "version");
        String prompt = text(n, "prompt_version");
        if (model == null || version == null || prompt == null) {
            throw new IllegalArgumentException("model-control activate needs model, version and prompt_version: " + json);
        }
        return new ModelControl(Action.ACTIVATE, new ActiveModel(model, version, prompt));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.isTextual() ? v.asText() : v.toString();
        return s.isBlank() ? null : s;
    }
}
