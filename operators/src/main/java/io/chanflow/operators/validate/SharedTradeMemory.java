package io.chanflow.operators.validate;

import io.chanflow.operators.llm.CachedTradeMemory;
import io.chanflow.operators.llm.ChromaSettings;
import io.chanflow.operators.llm.ClosedTrade;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link TradeRecall} over one {@link CachedTradeMemory} per Chroma collection and JVM, shared by every validator and
 * outcome-recording subtask of the job in that TaskManager: a trade recorded here is in the index at once, trades
 * recorded by other TaskManagers arrive through the cache's background refresh from Chroma. Reference-counted: the
 * first {@link #acquire} opens (and warms up) the cache, the last {@link #close} stops its refresh and drops it.
 */
public final class SharedTradeMemory implements TradeRecall {
    private static final Map<String, Shared> OPEN = new HashMap<>();

    private static final class Shared {
        final CachedTradeMemory memory;
        int users;

        Shared(CachedTradeMemory memory) {
            this.memory = memory;
        }
    }

    private final String key;
    private final CachedTradeMemory memory;
    private boolean closed;

    private SharedTradeMemory(String key, CachedTradeMemory memory) {
        this.key = key;
        this.memory = memory;
    }

    /**
     * The JVM's cache of {@code settings}' collection, opened with {@code capacity} trades and a refresh every
     * {@code refresh} if this is the first user (later users share it as it is).
     */
    public static SharedTradeMemory acquire(ChromaSettings settings, int capacity, Duration refresh) {
        String key = settings.baseUrl() + '|' + settings.collection() + '|' + settings.dimensions();
        synchronized (OPEN) {
            Shared s = OPEN.get(key);
            if (s == null) {
                s = new Shared(CachedTradeMemory.open(settings, capacity, CachedTradeMemory.DEFAULT_WARM_UP_RETRY)
                        .refreshEvery(refresh));
                OPEN.put(key, s);
            }
            s.users++;
            return new SharedTradeMemory(key, s.memory);
        }
    }

    /** The shared cache (metrics, tests). */
    public CachedTradeMemory memory() {
        return memory;
    }

    @Override
    public List<ClosedTrade> similar(float[] query, int k, long asOf) {
        return memory.similar(query, k, asOf);
    }

    @Override
    public void remember(ClosedTrade trade, float[] vector) {
        memory.remember(trade, vector);
    }

    @Override
    public void close() {
        synchronized (OPEN) {
            if (closed) {
                return;
            }
            closed = true;
            Shared s = OPEN.get(key);
            if (s != null && s.memory == memory && --s.users == 0) {
                OPEN.remove(key);
                memory.close();
            }
        }
    }
}
