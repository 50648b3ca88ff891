/**
 * Clients for the LLM validation of signals (issue 5): plain classes, no Flink types, each with explicit timeouts and
 * a documented failure type, so the async operators built on them only map failures to fallbacks.
 *
 * <ul>
 *   <li>{@link io.chanflow.operators.llm.OllamaClientFactory}: langchain4j {@code OllamaChatModel} with a JSON-schema
 *       {@code format}, temperature 0, fixed seed, a per-attempt timeout and at most one retry.</li>
 *   <li>{@link io.chanflow.operators.llm.SessionStatsStore}: per session day and buy/sell point type statistics in
 *       Redis, updated atomically by a Redis FUNCTION; failures are
 *       {@link io.chanflow.operators.llm.SessionStatsUnavailableException} ("prompt without stats").</li>
 *   <li>{@link io.chanflow.operators.llm.TradeMemory}: closed trades as vectors in Chroma, retrieved as of an event
 *       time; failures are {@link io.chanflow.operators.llm.TradeMemoryUnavailableException} ("prompt without
 *       similar trades").</li>
 *   <li>{@link io.chanflow.operators.llm.TradeRecall}: what the validator calls for similar trades as of an event
 *       time; {@link io.chanflow.operators.llm.CachedTradeMemory} answers it from an exact in-process index warmed up
 *       from Chroma (p99 ~1-6 ms at 10k-100k trades, where Chroma's filtered query takes 0.1-0.9 s), and
 *       {@link io.chanflow.operators.llm.TradeMemory#asRecall()} from Chroma directly.</li>
 * </ul>
 *
 * <p>Glossary: 买卖点 buy/sell point ({@code type}: 1, 1p, 2, 2s, 3a, 3b), 级别 level ({@code 1m} .. {@code month}).
 */
package io.chanflow.operators.llm;
