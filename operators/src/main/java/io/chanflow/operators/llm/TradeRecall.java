package io.chanflow.operators.llm;

import java.util.List;

/**
 * What the validator needs from the trade memory: the up to {@code k} closed trades most similar to a signal's
 * normalised feature vector among those that closed strictly before the signal's event time, nearest first.
 *
 * <p>Contract: a trade with {@code closedAt >= asOfEventTime} is never returned. Implementations throw
 * {@link TradeMemoryUnavailableException} when they cannot answer (the prompt then goes without similar trades) and
 * {@link IllegalArgumentException} for a bad query ({@code k < 1}, wrong length, non-finite or zero vector).
 * {@link CachedTradeMemory} answers from memory; {@link TradeMemory#asRecall()} asks Chroma on every call.
 */
@FunctionalInterface
public interface TradeRecall {

    List<ClosedTrade> similar(float[] q, int k, long asOfEventTime);
}
