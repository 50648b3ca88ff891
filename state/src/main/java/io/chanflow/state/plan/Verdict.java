package io.chanflow.state.plan;

/**
 * What the LLM validator said about a signal. The first three come from a valid answer; UNVALIDATED
 * means there was no usable answer (timeout, error, invalid answer, breaker open, ledger miss) or the
 * signal was not sent for validation at all.
 */
public enum Verdict {
    /** Keep the rule-only plan. */
    APPROVE,
    /** Lower the rule-only plan one step (see {@link RiskGate}). */
    DOWNGRADE,
    /** Stand aside: no new position from this signal. */
    VETO,
    /** No usable answer: the rule-only plan. */
    UNVALIDATED
}
