package io.chanflow.operators.validate;

import io.chanflow.operators.llm.ClosedTrade;

import java.util.List;

/**
 * The trade memory as the validator sees it (retrieval-augmented prompts). The job uses {@link SharedTradeMemory} (one
 * in-process index per TaskManager in front of Chroma) or, with {@code --rag-cache 0}, {@link ChromaTradeRecall}
 * (Chroma on every query); {@link ValidatorSettings#tradeRecall()} picks one.
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
