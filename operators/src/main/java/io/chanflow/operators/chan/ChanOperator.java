package io.chanflow.operators.chan;

import io.chanflow.operators.ticks.ParsedTick;
import io.chanflow.state.signals.Signal;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * The keyed operator that runs {@link ChanFunction} with its per-tick state write moved out of the
 * tick path: the function keeps each symbol's forming bars deserialized in memory and this
 * operator writes the changed ones to keyed state in {@link #prepareSnapshotPreBarrier} (before the
 * barrier leaves, so every checkpoint and savepoint holds exactly what the records before it
 * produced), at end of input, and when the cache evicts a symbol. On RocksDB this turns one state
 * write per tick into one per symbol per checkpoint. The Chan engines and open trades are still
 * written when their bar closes. Timers, side outputs and restore are those of
 * {@link KeyedProcessOperator}: a restored operator starts with an empty cache and reads the state.
 */
public final class ChanOperator extends KeyedProcessOperator<String, ParsedTick, Signal> {
    private static final long serialVersionUID = 1L;
    private final int feedCacheSymbols;

    public ChanOperator(ChanFunction function) {
        this(function, ChanFunction.DEFAULT_FEED_CACHE_SYMBOLS);
    }

    /** {@code feedCacheSymbols}: feeds kept deserialized per subtask (least recently used are written and dropped). */
    public ChanOperator(ChanFunction function, int feedCacheSymbols) {
        super(function);
        if (feedCacheSymbols < 1) {
            throw new IllegalArgumentException("feed cache must hold at least 1 symbol, got " + feedCacheSymbols);
        }
        this.feedCacheSymbols = feedCacheSymbols;
    }

    private ChanFunction chan() {
        return (ChanFunction) userFunction;
    }

    @Override
    public void open() throws Exception {
        chan().writeBehind(this::underKey, feedCacheSymbols);
        super.open();
    }

    private void underKey(String key, ChanFunction.StateWrite write) throws Exception {
        Object current = getCurrentKey();
        setCurrentKey(key);
        try {
            write.run();
        } finally {
            if (current != null) {
                setCurrentKey(current);
            }
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        chan().flushFeeds();
    }

    @Override
    public void finish() throws Exception {
        chan().flushFeeds();
        super.finish();
    }
}
