/**
 * LLM validation of signals (issue 5): {@link io.chanflow.operators.validate.StampModel} (broadcast model-control,
 * stamps the model before the async call) → {@link io.chanflow.operators.validate.ValidateSignals} (Flink async I/O:
 * trade memory → session statistics → prompt → Ollama → answer check → risk gate, every step with a timeout and a
 * fallback; record/replay ledger) → {@link io.chanflow.operators.validate.CountValidations} (metrics per case).
 * {@link io.chanflow.operators.validate.RecordOutcomes} writes closed trades to the statistics and the memory.
 *
 * <p>Glossary: 买卖点 buy/sell point, 级别 level, 笔 stroke ({@code bi}), 线段 segment ({@code seg}).
 */
package io.chanflow.operators.validate;
