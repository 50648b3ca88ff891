/**
 * From trade ticks to the bars the Chan engine reads (K线 K-line = bar, 级别 level = {@link
 * io.chanflow.state.bars.BarLevel}): a {@link io.chanflow.state.bars.TradingCalendar} says which
 * instants are in session and where every level's window lies, and a per-symbol {@link
 * io.chanflow.state.bars.BarAggregator} turns ticks and watermarks into closed bars of all eight
 * levels. Pure Java and deterministic, so the same code runs in a Flink keyed function, in a
 * backtest and in tests.
 */
package io.chanflow.state.bars;
