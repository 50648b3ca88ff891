package io.chanflow.operators.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns an answer schema file ({@code answer-<version>.schema.json}) into langchain4j's {@link JsonSchema}, which
 * Ollama receives as {@code format}. Supports object, array, string (with enum), number, integer and boolean; length
 * and range keywords are not sent (langchain4j has no field for them) but {@link AnswerParser} checks them.
 */
public final class AnswerSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerSchemas() {
    }

    public static JsonSchema fromJson(String name, String schemaJson) {
        try {
            return JsonSchema.builder().name(name).rootElement(element(JSON.readTree(schemaJson))).build();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("answer schema " + name + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static JsonSchemaElement element(JsonNode n) {
        if (n.has("enum")) {
            List<String> values = new ArrayList<>();
            n.get("enum").forEach(v -> values.add(v.asText()));
            return JsonEnumSchema.builder().enumValues(values).build();
        }
        String type = n.path("type").asText("");
        switch (type) {
            case "object": {
                JsonObjectSchema.Builder b = JsonObjectSchema.builder();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = it.next();
                    b.addProperty(p.getKey(), element(p.getValue()));
                }
                List<String> required = new ArrayList<>();
                n.path("required").forEach(r -> required.add(r.asText()));
                b.required(required);
                if (n.has("additionalProperties")) {
                    b.additionalProperties(n.get("additionalProperties").asBoolean());
                }
                return b.build();
            }
            case "array":
                return JsonArraySchema.builder().items(element(n.path("items"))).build();
            case "string":
                return JsonStringSchema.builder().build();
            case "number":
                return JsonNumberSchema.builder().build();
            case "integer":
                return JsonIntegerSchema.builder().build();
            case "boolean":
                return JsonBooleanSchema.builder().build();
            default:
                throw new IllegalArgumentException("unsupported schema type '" + type + "' in " + n);
        }
    }
}
