package io.chanflow.state.signals;

import io.chanflow.state.ChanEvent;

import java.util.Objects;

/**
 * A structure change (stroke, segment, segment of segments, pivot) of one symbol and level: what
 * is published to the {@code structures} topic. It wraps the engine's own event unchanged, so the
 * streaming job and {@code ./chanflow analyze} report the very same events.
 */
public record Structure(String symbol, String level, ChanEvent event) {

    public Structure {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(event, "event");
        if (event instanceof ChanEvent.BspEvent) {
            throw new IllegalArgumentException("buy/sell point events are published as signals, not structures");
        }
    }
}
