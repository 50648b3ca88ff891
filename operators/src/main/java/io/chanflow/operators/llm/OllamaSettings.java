package io.chanflow.operators.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach an Ollama server and how to sample: everything {@link OllamaClientFactory} needs.
 *
 * @param baseUrl e.g. {@code http://127.0.0.1:11434}
 * @param modelName an Ollama model name, {@code name:tag} ({@code name} alone means {@code :latest})
 * @param timeout per attempt: connect and time to the response headers (Ollama sends them when the answer is ready
 *     for {@code stream:false}); a retry gets a fresh timeout
 * @param maxRetries 0 or 1. langchain4j retries everything but 4xx (5xx, timeouts, I/O errors) after 0.5-0.6 s of
 *     back-off; in an async operator the operator's own timeout must cover {@code (maxRetries + 1) * timeout + 0.6 s},
 *     so more is never useful
 * @param temperature 0 for reproducible answers
 * @param seed fixed, for reproducible answers
 * @param numPredict the most tokens an answer may have (a cut answer is malformed JSON, i.e. a fallback)
 * @param numCtx the context window in tokens
 * @param keepAlive how long Ollama keeps the model loaded after a call (sent as whole seconds)
 */
public record OllamaSettings(String baseUrl, String modelName, Duration timeout, int maxRetries, double temperature,
                             int seed, int numPredict, int numCtx, Duration keepAlive) {

    public OllamaSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("baseUrl must start with http:// or https://, got '" + baseUrl + "'");
        }
        Objects.requireNonNull(modelName, "modelName");
        if (modelName.isBlank()) {
            throw new IllegalArgumentException("modelName must not be blank");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
        }
        if (maxRetries < 0 || maxRetries > 1) {
            throw new IllegalArgumentException("maxRetries must be 0 or 1, got " + maxRetries);
        }
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be in [0, 2], got " + temperature);
        }
        if (numPredict < 1) {
            throw new IllegalArgumentException("numPredict must be >= 1, got " + numPredict);
        }
        if (numCtx < 256) {
            throw new IllegalArgumentException("numCtx must be >= 256, got " + numCtx);
        }
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (keepAlive.isNegative()) {
            throw new IllegalArgumentException("keepAlive must be >= 0, got " + keepAlive);
        }
    }

    /** Timeout 5 s, no retry, temperature 0, seed 42, 256 tokens, context 4096, keep-alive 10 min. */
    public static OllamaSettings defaults(String baseUrl, String modelName) {
        return new OllamaSettings(baseUrl, modelName, Duration.ofSeconds(5), 0, 0.0, 42, 256, 4096,
                Duration.ofMinutes(10));
    }

    /** The same settings for another model (hot model switch). */
    public OllamaSettings withModel(String model) {
        return new OllamaSettings(baseUrl, model, timeout, maxRetries, temperature, seed, numPredict, numCtx, keepAlive);
    }

    public OllamaSettings withTimeout(Duration t) {
        return new OllamaSettings(baseUrl, modelName, t, maxRetries, temperature, seed, numPredict, numCtx, keepAlive);
    }

    public OllamaSettings withMaxRetries(int retries) {
        return new OllamaSettings(baseUrl, modelName, timeout, retries, temperature, seed, numPredict, numCtx, keepAlive);
    }
}
