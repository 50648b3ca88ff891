/**
 * The online machine-learning core: learners that score Chan signals with P(WIN) and keep
 * learning from resolved outcomes, in pure Java so the same model runs in a Flink keyed function,
 * a backtest and tests. Everything is deterministic (no clock, no randomness, no hash order,
 * {@link java.lang.StrictMath} for exp and log), and every stateful class has a compact versioned
 * {@code byte[]} snapshot that restores bit-identically, ready for Flink {@code ValueState<byte[]>}.
 * The models are mutable and not thread-safe: one instance belongs to one key (or one task).
 *
 * <p>Pieces: {@link io.chanflow.state.ml.Learner} and its three kinds ({@link
 * io.chanflow.state.ml.FtrlLogistic}, {@link io.chanflow.state.ml.GaussianNaiveBayes}, {@link
 * io.chanflow.state.ml.HoeffdingTree}); the {@link io.chanflow.state.ml.Adwin} drift detector;
 * the {@link io.chanflow.state.ml.Ensemble} that mixes and supervises them, set up by {@link
 * io.chanflow.state.ml.EnsembleConfig}; {@link io.chanflow.state.ml.Prequential} metrics.
 *
 * <p>Glossary:
 * <ul>
 *   <li><b>WIN</b> — the positive label: a signal (买卖点 buy/sell point) that reached its target;</li>
 *   <li><b>prequential</b> — test-then-train: each example is first predicted, then learned, so
 *       the running score is an honest out-of-sample score;</li>
 *   <li><b>concept drift</b> (概念漂移) — the relation between features and label changes;</li>
 *   <li><b>missing feature</b> — a NaN (or infinite) entry of {@code x}: skipped by every learner,
 *       which for the linear model equals a 0;</li>
 *   <li><b>model version</b> — goes up whenever drift resets part of the model, so downstream
 *       consumers can tell which lineage a score came from.</li>
 * </ul>
 */
package io.chanflow.state.ml;
