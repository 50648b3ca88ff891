package io.chanflow.state.bars;

/**
 * One trade print: {@code ts} is its event time in epoch milliseconds, {@code size} the traded
 * quantity (0 is allowed: some feeds print zero-size trades that still set a price).
 */
public record Tick(String symbol, long ts, double price, double size) {

    public Tick {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("tick at " + ts + ": symbol must not be blank");
        }
        if (!Double.isFinite(price) || price <= 0) {
            throw new IllegalArgumentException("tick " + symbol + " at " + ts + ": price must be finite and > 0, got " + price);
        }
        if (!Double.isFinite(size) || size < 0) {
            throw new IllegalArgumentException("tick " + symbol + " at " + ts + ": size must be finite and >= 0, got " + size);
        }
    }
}
