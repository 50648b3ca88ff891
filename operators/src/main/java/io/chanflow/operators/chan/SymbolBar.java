package io.chanflow.operators.chan;

import io.chanflow.state.bars.BarAggregator;

/** A closed bar of one symbol and level, as emitted on the job's bars side output. */
public record SymbolBar(String symbol, String level, long start, long end, double open, double high, double low,
                        double close, double volume, int ticks) {

    public static SymbolBar of(String symbol, BarAggregator.ClosedBar b) {
        return new SymbolBar(symbol, b.level().label(), b.start(), b.end(), b.open(), b.high(), b.low(), b.close(),
                b.volume(), b.ticks());
    }
}
