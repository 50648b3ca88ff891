package io.chanflow.operators.validate;

import java.util.function.LongSupplier;

/**
 * Stops calling the LLM after {@code threshold} consecutive failures (timeouts and server errors; an invalid answer is
 * not a failure: the server works). Open: no calls for {@code coolDownNanos}; then half-open: one trial call is let
 * through, its success closes the breaker, its failure opens it again for another cool-down.
 *
 * <p><b>Clock.</b> Processing time ({@link System#nanoTime()} in production), because it measures how long the
 * server has been left alone. It only decides <em>whether</em> to call; what a replay answers comes from the ledger,
 * which records BREAKER_OPEN like any other outcome, so replays stay deterministic. Thread-safe.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long coolDownNanos;
    private final LongSupplier clock;
    private int failures;
    private long openedAt;
    private State state = State.CLOSED;
    private boolean trialInFlight;

    public CircuitBreaker(int threshold, long coolDownNanos, LongSupplier clock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("breaker threshold must be >= 1, got " + threshold);
        }
        if (coolDownNanos < 0) {
            throw new IllegalArgumentException("breaker cool-down must be >= 0, got " + coolDownNanos);
        }
        this.threshold = threshold;
        this.coolDownNanos = coolDownNanos;
        this.clock = clock;
    }

    /** Whether a call may be made now; in half-open state only one caller gets true until it reports. */
    public synchronized boolean allow() {
        if (state == State.OPEN && clock.getAsLong() - openedAt >= coolDownNanos) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.HALF_OPEN && !trialInFlight) {
            trialInFlight = true;
            return true;
        }
        return false;
    }

    public synchronized void success() {
        failures = 0;
        state = State.CLOSED;
        trialInFlight = false;
    }

    public synchronized void failure() {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openedAt = clock.getAsLong();
            trialInFlight = false;
        }
    }

    public synchronized State state() {
        if (state == State.OPEN && clock.getAsLong() - openedAt >= coolDownNanos) {
            return State.HALF_OPEN;
        }
        return state;
    }
}
