/**
 * What became of each buy/sell point, and what was known when it was confirmed: the labels and
 * features the online learners read.
 *
 * <ul>
 *   <li>{@link io.chanflow.state.outcome.OutcomeTracker}: follows every confirmed point, from the
 *       close of its confirming bar, to a stop (止损, the point's own price), a target (目标, a
 *       multiple R of the initial risk) or a horizon of N bars, and emits a
 *       {@link io.chanflow.state.outcome.TradeOutcome}.</li>
 *   <li>{@link io.chanflow.state.outcome.Features}: the point's
 *       {@link io.chanflow.state.outcome.FeatureVector}, versioned, from the Chan structures (笔
 *       stroke, 线段 segment, 中枢 pivot, 背驰 divergence, 区间套 nested interval with the next-higher
 *       level via {@link io.chanflow.state.outcome.HigherLevelView}) and ta4j indicators over an
 *       {@link io.chanflow.state.outcome.IndicatorWindow}.</li>
 *   <li>{@link io.chanflow.state.outcome.LevelOutcomes}: both, per symbol and level, as one
 *       versioned {@code byte[]}, called right after {@code LevelChan.onBar}.</li>
 * </ul>
 *
 * Contract: everything is a deterministic fold over one level's closed bars; a feature or an
 * outcome never reads a bar after the one it is stamped with, and snapshot/restore at any bar
 * continues identically.
 */
package io.chanflow.state.outcome;
