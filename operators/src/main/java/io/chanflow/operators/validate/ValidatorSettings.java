package io.chanflow.operators.validate;

import io.chanflow.operators.llm.ChromaSettings;
import io.chanflow.operators.llm.OllamaSettings;
import io.chanflow.operators.llm.RedisSettings;
import io.chanflow.state.outcome.Features;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Everything the validator operators need, serializable (the client settings records are built from it in
 * {@code open}). Built with {@link #live} or {@link #replay} and the {@code with*} methods.
 *
 * @param ollamaUrl the Ollama base URL (live)
 * @param initial the model, version and prompt version in use until a {@code model-control} message says otherwise
 * @param llmTimeoutMs the LLM client's timeout per attempt
 * @param llmRetries 0 or 1 more attempts on transient errors (5xx, I/O, timeout) by the client
 * @param redisHost Redis for session statistics; null: none (prompts say "unavailable")
 * @param chromaUrl Chroma for the trade memory; null: none
 * @param ragK how many similar trades go into a prompt
 * @param promptDir a directory with the prompt files; null: the classpath copy of {@code models/prompts}
 * @param ledgerFile replay: the ledger to answer from; live: where the CLI writes it in files mode (null: default)
 * @param capacity the async operator's capacity (requests in flight per subtask) and worker threads
 * @param breakerThreshold consecutive LLM failures that open the circuit breaker
 * @param breakerCoolDownMs how long an open breaker waits (processing time) before a trial call
 * @param sessionZone the zone whose calendar date is a trade's session day (Redis statistics)
 * @param ragCacheTrades trades kept in the in-process index in front of Chroma ({@link SharedTradeMemory}, one per
 *     TaskManager); 0: every query goes to Chroma
 * @param ragRefreshMs how often that index reads the trades other TaskManagers stored in Chroma
 */
public record ValidatorSettings(LlmMode mode, String ollamaUrl, ActiveModel initial, long llmTimeoutMs,
                                int llmRetries, String redisHost, int redisPort, String redisPassword, long redisTimeoutMs,
                                String chromaUrl, long chromaTimeoutMs, int ragK, String promptDir, String ledgerFile,
                                int capacity, int breakerThreshold, long breakerCoolDownMs, String sessionZone,
                                int ragCacheTrades, long ragRefreshMs)
        implements Serializable {

    public ValidatorSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(initial, "initial");
        if (mode == LlmMode.LIVE) {
            Objects.requireNonNull(ollamaUrl, "ollamaUrl (live)");
        }
        if (mode == LlmMode.REPLAY) {
            Objects.requireNonNull(ledgerFile, "ledgerFile (replay)");
        }
        if (llmTimeoutMs < 1) {
            throw new IllegalArgumentException("llmTimeoutMs must be >= 1, got " + llmTimeoutMs);
        }
        if (llmRetries < 0 || llmRetries > 1) {
            throw new IllegalArgumentException("llmRetries must be 0 or 1, got " + llmRetries);
        }
        if (ragK < 1 || ragK > 20) {
            throw new IllegalArgumentException("ragK must be in 1..20, got " + ragK);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        if (breakerThreshold < 1) {
            throw new IllegalArgumentException("breakerThreshold must be >= 1, got " + breakerThreshold);
        }
        if (breakerCoolDownMs < 0) {
            throw new IllegalArgumentException("breakerCoolDownMs must be >= 0, got " + breakerCoolDownMs);
        }
        ZoneId.of(sessionZone);
        if (ragCacheTrades < 0) {
            throw new IllegalArgumentException("ragCacheTrades must be >= 0, got " + ragCacheTrades);
        }
        if (ragRefreshMs < 100) {
            throw new IllegalArgumentException("ragRefreshMs must be >= 100, got " + ragRefreshMs);
        }
    }

    /** Live validation against {@code ollamaUrl} with {@code model} (version "1", prompt v1), no Redis, no Chroma. */
    public static ValidatorSettings live(String ollamaUrl, String model) {
        return new ValidatorSettings(LlmMode.LIVE, ollamaUrl, new ActiveModel(model, "1", "v1"), 5_000, 0, null, 0,
                null, 300, null, 500, 3, null, null, 16, 5, 30_000, "UTC", 100_000, 2_000);
    }

    /** Replay from {@code ledgerFile}, with the same initial model a live run used. */
    public ValidatorSettings replay(String ledgerFile) {
        Copy c = new Copy(this);
        c.mode = LlmMode.REPLAY;
        c.ledgerFile = ledgerFile;
        return c.build();
    }

    /** Live: the ledger file the CLI writes in files mode. */
    public ValidatorSettings withLedgerOut(String file) {
        Copy c = new Copy(this);
        c.ledgerFile = file;
        return c.build();
    }

    public ValidatorSettings withInitial(ActiveModel m) {
        Copy c = new Copy(this);
        c.initial = m;
        return c.build();
    }

    public ValidatorSettings withLlm(long timeoutMs, int retries) {
        Copy c = new Copy(this);
        c.llmTimeoutMs = timeoutMs;
        c.llmRetries = retries;
        return c.build();
    }

    /** The in-process trade index: {@code trades} kept (0: ask Chroma every time), refreshed every {@code refreshMs}. */
    public ValidatorSettings withRagCache(int trades, long refreshMs) {
        Copy c = new Copy(this);
        c.ragCacheTrades = trades;
        c.ragRefreshMs = refreshMs;
        return c.build();
    }

    /** How many similar trades go into a prompt (1..20). */
    public ValidatorSettings withRagK(int k) {
        Copy c = new Copy(this);
        c.ragK = k;
        return c.build();
    }

    /** Requests in flight per subtask (and worker threads). */
    public ValidatorSettings withCapacity(int requests) {
        Copy c = new Copy(this);
        c.capacity = requests;
        return c.build();
    }

    public ValidatorSettings withRedis(String host, int port, String password) {
        Copy c = new Copy(this);
        c.redisHost = host;
        c.redisPort = port;
        c.redisPassword = password;
        return c.build();
    }

    public ValidatorSettings withChroma(String url) {
        Copy c = new Copy(this);
        c.chromaUrl = url;
        return c.build();
    }

    /** The Redis and Chroma timeouts per call (defaults 300 and 500 ms). */
    public ValidatorSettings withStoreTimeouts(long redisMs, long chromaMs) {
        Copy c = new Copy(this);
        c.redisTimeoutMs = redisMs;
        c.chromaTimeoutMs = chromaMs;
        return c.build();
    }

    public ValidatorSettings withBreaker(int threshold, long coolDownMs) {
        Copy c = new Copy(this);
        c.breakerThreshold = threshold;
        c.breakerCoolDownMs = coolDownMs;
        return c.build();
    }

    public ValidatorSettings withPromptDir(String dir) {
        Copy c = new Copy(this);
        c.promptDir = dir;
        return c.build();
    }

    /** A mutable copy for the {@code with*} methods: one place that lists every component. */
    private static final class Copy {
        LlmMode mode;
        String ollamaUrl;
        ActiveModel initial;
        long llmTimeoutMs;
        int llmRetries;
        String redisHost;
        int redisPort;
        String redisPassword;
        long redisTimeoutMs;
        String chromaUrl;
        long chromaTimeoutMs;
        int ragK;
        String promptDir;
        String ledgerFile;
        int capacity;
        int breakerThreshold;
        long breakerCoolDownMs;
        String sessionZone;
        int ragCacheTrades;
        long ragRefreshMs;

        Copy(ValidatorSettings s) {
            mode = s.mode;
            ollamaUrl = s.ollamaUrl;
            initial = s.initial;
            llmTimeoutMs = s.llmTimeoutMs;
            llmRetries = s.llmRetries;
            redisHost = s.redisHost;
            redisPort = s.redisPort;
            redisPassword = s.redisPassword;
            redisTimeoutMs = s.redisTimeoutMs;
            chromaUrl = s.chromaUrl;
            chromaTimeoutMs = s.chromaTimeoutMs;
            ragK = s.ragK;
            promptDir = s.promptDir;
            ledgerFile = s.ledgerFile;
            capacity = s.capacity;
            breakerThreshold = s.breakerThreshold;
            breakerCoolDownMs = s.breakerCoolDownMs;
            sessionZone = s.sessionZone;
            ragCacheTrades = s.ragCacheTrades;
            ragRefreshMs = s.ragRefreshMs;
        }

        ValidatorSettings build() {
            return new ValidatorSettings(mode, ollamaUrl, initial, llmTimeoutMs, llmRetries, redisHost, redisPort,
                    redisPassword, redisTimeoutMs, chromaUrl, chromaTimeoutMs, ragK, promptDir, ledgerFile, capacity,
                    breakerThreshold, breakerCoolDownMs, sessionZone, ragCacheTrades, ragRefreshMs);
        }
    }

    /**
     * The async operator's timeout: every LLM attempt, the client's back-off (0.6 s), the Chroma and Redis timeouts
     * (Redis may retry once) and 1 s of slack, so a slow LLM is normally reported by the client and this one is the
     * last resort.
     */
    public long asyncTimeoutMs() {
        return (llmRetries + 1) * llmTimeoutMs + (llmRetries > 0 ? 600 : 0) + chromaTimeoutMs + 2 * redisTimeoutMs
                + 1_000;
    }

    /** The Ollama client settings for {@code model}. */
    public OllamaSettings ollama(String model) {
        return OllamaSettings.defaults(ollamaUrl, model).withTimeout(Duration.ofMillis(llmTimeoutMs))
                .withMaxRetries(llmRetries);
    }

    /** The Redis client settings; null without Redis. */
    public RedisSettings redis() {
        return redisHost == null ? null
                : RedisSettings.defaults(redisHost, redisPort, redisPassword).withTimeout(Duration.ofMillis(redisTimeoutMs));
    }

    /** The trade memory the validator and the outcome recorder use: the shared in-process index, or Chroma directly. */
    public TradeRecall tradeRecall() {
        if (chromaUrl == null) {
            return null;
        }
        return ragCacheTrades > 0 ? SharedTradeMemory.acquire(chroma(), ragCacheTrades, Duration.ofMillis(ragRefreshMs))
                : new ChromaTradeRecall(chroma());
    }

    /** The Chroma client settings (collection {@code trades}, schema 1 dimensions); null without Chroma. */
    public ChromaSettings chroma() {
        return chromaUrl == null ? null
                : new ChromaSettings(chromaUrl, "trades", Features.NAMES.size(), Duration.ofMillis(chromaTimeoutMs));
    }
}
