package io.chanflow.state;

import java.util.List;

/**
 * The Chan engine for one level: an incremental fold {@code step(state, bar) -> (state, events)}.
 *
 * <p>The state is mutated in place and returned for convenience; it holds only what can still
 * change plus what later computations read. Frozen history leaves as {@link ChanEvent}s.
 */
public final class ChanEngine {

    /** The result of one step: the (same, advanced) state and the events caused by the bar. */
    public record Step(ChanState state, List<ChanEvent> events) { }

    private final ChanConfig config;

    public ChanEngine(ChanConfig config) {
        this.config = config;
    }

    public ChanConfig config() {
        return config;
    }

    public ChanState newState() {
        return new ChanState(config);
    }

    /**
     * Feeds one bar. Throws {@link IllegalArgumentException} if the bar's time is not strictly after
     * the previous bar's time (the state is left unchanged then).
     */
    public Step step(ChanState state, Bar bar) {
        return new Step(state, state.step(bar));
    }
}
