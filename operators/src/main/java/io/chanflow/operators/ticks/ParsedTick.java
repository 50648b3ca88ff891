package io.chanflow.operators.ticks;

import io.chanflow.state.bars.Tick;

/**
 * A tick that passed the stateless checks, with its raw payload kept for the stateful checks'
 * dead letters. {@code id} is the tick's optional id hashed to a non-zero long, or 0 without one.
 */
public record ParsedTick(String symbol, long ts, double price, double size, long id, String raw) {

    public Tick tick() {
        return new Tick(symbol, ts, price, size);
    }
}
