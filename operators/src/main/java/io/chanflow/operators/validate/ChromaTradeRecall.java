package io.chanflow.operators.validate;

import io.chanflow.operators.llm.ChromaSettings;
import io.chanflow.operators.llm.ClosedTrade;
import io.chanflow.operators.llm.TradeMemory;

import java.util.List;

/** {@link TradeRecall} over the Chroma-backed {@link TradeMemory} (as-of filter {@code closedAt < asOf}). */
public final class ChromaTradeRecall implements TradeRecall {
    private final TradeMemory memory;

    public ChromaTradeRecall(ChromaSettings settings) {
        this.memory = TradeMemory.open(settings);
    }

    @Override
    public List<ClosedTrade> similar(float[] query, int k, long asOf) {
        return memory.similar(query, k, asOf).stream().map(TradeMemory.SimilarTrade::trade).toList();
    }

    @Override
    public void remember(ClosedTrade trade, float[] vector) {
        memory.remember(trade, vector);
    }
}
