package io.chanflow.state.plan;

/**
 * What a plan tells the trader to do with the signal.
 *
 * <p>Order of risk, lowest first: HOLD and WAIT (no new position, target 0) &lt; BUY/SELL (a new
 * position of {@link TradePlan#targetPosition()}).
 */
public enum Action {
    /** Open (or add to) a long position. */
    BUY,
    /** Open (or add to) a short position, or close a long one. */
    SELL,
    /** Do nothing new: the signal is gone (invalidated) or was vetoed. */
    HOLD,
    /** Do nothing yet: the point is not confirmed, or it is too weak to trade after a downgrade. */
    WAIT;

    /** Whether this action opens a position. */
    public boolean trades() {
        return this == BUY || this == SELL;
    }
}
