package io.chanflow.operators.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link TradeMemory} reaches Chroma (API v2, tenant {@code default_tenant}, database {@code default_database}).
 *
 * @param baseUrl e.g. {@code http://127.0.0.1:8000}
 * @param collection the collection of closed trades; created with cosine distance if missing
 * @param dimensions the length of every feature vector (fixed per collection)
 * @param timeout connect and read timeout of every HTTP call
 */
public record ChromaSettings(String baseUrl, String collection, int dimensions, Duration timeout) {

    public static final String TENANT = "default_tenant";
    public static final String DATABASE = "default_database";

    public ChromaSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("baseUrl must start with http:// or https://, got '" + baseUrl + "'");
        }
        Objects.requireNonNull(collection, "collection");
        if (!collection.matches("[a-zA-Z0-9][a-zA-Z0-9._-]{1,61}[a-zA-Z0-9]")) {
            throw new IllegalArgumentException("collection must be 3-63 characters [a-zA-Z0-9._-], starting and ending"
                    + " with a letter or digit (Chroma's rule), got '" + collection + "'");
        }
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be >= 1, got " + dimensions);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
        }
    }

    /** Collection {@code trades}, timeout 500 ms. */
    public static ChromaSettings defaults(String baseUrl, int dimensions) {
        return new ChromaSettings(baseUrl, "trades", dimensions, Duration.ofMillis(500));
    }
}
