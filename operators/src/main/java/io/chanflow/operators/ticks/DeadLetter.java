package io.chanflow.operators.ticks;

import io.chanflow.state.feed.Reject;

/**
 * A tick that was not used, with the reason and its raw payload: what goes to {@code dead-letters}.
 * {@code symbol} is null when it could not be read; {@code eventTime} is the tick's time when known,
 * else -1.
 */
public record DeadLetter(Reject reason, String detail, String symbol, long eventTime, String raw) {

    public DeadLetter {
        if (reason == null) {
            throw new IllegalArgumentException("reason is required");
        }
        detail = detail == null ? "" : detail;
        raw = raw == null ? "" : raw;
    }
}
