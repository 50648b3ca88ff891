package io.chanflow.operators.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link SessionStatsStore} reaches Redis and how much it keeps.
 *
 * @param password {@code requirepass}; null or "" for none
 * @param timeout connect, read and pool-wait timeout of every command (a call can take up to twice this: one retry
 *     on a fresh connection after a connection error)
 * @param maxConnections pool size (one per concurrent caller is enough)
 * @param recentResults how many of the latest results per type are kept (LPUSH + LTRIM)
 * @param ttl how long a session's keys live after their last update
 * @param keyPrefix the first part of every key, e.g. {@code cf} gives {@code cf:stats:{SPY|2025-01-02}}
 */
public record RedisSettings(String host, int port, String password, Duration timeout, int maxConnections,
                            int recentResults, Duration ttl, String keyPrefix) {

    public RedisSettings {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be >= 1 ms, got " + timeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, got " + maxConnections);
        }
        if (recentResults < 1 || recentResults > 1000) {
            throw new IllegalArgumentException("recentResults must be in 1..1000, got " + recentResults);
        }
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("ttl must be >= 1 s, got " + ttl);
        }
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (keyPrefix.isBlank() || keyPrefix.contains("{") || keyPrefix.contains("}")) {
            throw new IllegalArgumentException("keyPrefix must be non-blank without braces, got '" + keyPrefix + "'");
        }
    }

    /** Timeout 300 ms, 8 connections, last 10 results, keys kept 7 days, prefix {@code cf}. */
    public static RedisSettings defaults(String host, int port, String password) {
        return new RedisSettings(host, port, password, Duration.ofMillis(300), 8, 10, Duration.ofDays(7), "cf");
    }

    public RedisSettings withTimeout(Duration t) {
        return new RedisSettings(host, port, password, t, maxConnections, recentResults, ttl, keyPrefix);
    }
}
