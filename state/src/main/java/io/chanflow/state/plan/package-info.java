/**
 * The final trading plan of a signal: {@link io.chanflow.state.plan.RiskGate} turns a signal, its score and the
 * LLM validator's {@link io.chanflow.state.plan.Verdict} into a {@link io.chanflow.state.plan.TradePlan}. The verdict
 * can only keep or lower the rule-only plan (veto-only). Pure Java.
 *
 * <p>Glossary: 买卖点 buy/sell point ({@code buyPoint}), 止损位 invalidation price.
 */
package io.chanflow.state.plan;
