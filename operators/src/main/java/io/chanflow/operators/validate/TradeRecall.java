package io.chanflow.operators.validate;

import io.chanflow.operators.llm.ClosedTrade;

import java.util.List;

/**
 * The trade memory as the validator sees it (retrieval-augmented prompts). The production implementation is
 * {@link ChromaTradeRecall} over {@code TradeMemory}; an index or cache in front of it only has to keep this contract.
 *
 * <p>Both methods throw {@code TradeMemoryUnavailableException} when the memory is down, slow or failing: the caller
 * goes on without similar trades.
 */
public interface TradeRecall extends AutoCloseable {

    /** The up to {@code k} stored trades nearest to {@code query} that closed strictly before {@code asOf}, nearest first. */
    List<ClosedTrade> similar(float[] query, int k, long asOf);

    /** Stores a closed trade with its normalised feature vector; storing the same trade id again changes nothing. */
    void remember(ClosedTrade trade, float[] vector);

    @Override
    default void close() {
    }
}
