package io.chanflow.state.outcome;

/** Why a trade closed. See {@link OutcomeTracker} for the price each reason exits at. */
public enum ExitReason {
    /** A bar after the entry touched the invalidation price (the point's price). */
    STOP,
    /** A bar after the entry touched the target, and not the stop. */
    TARGET,
    /** {@link OutcomeRules#horizonBars()} bars passed after the entry bar. */
    HORIZON,
    /** More than {@link OutcomeRules#maxOpenTrades()} trades were open: the oldest one made room. */
    EVICTED,
    /** Every type of the point lost its signal (lifecycle INVALIDATED) before another exit. */
    INVALIDATED
}
