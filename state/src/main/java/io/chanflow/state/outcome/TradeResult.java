package io.chanflow.state.outcome;

/** The label of a closed trade, by its signed return against {@link OutcomeRules#flatPct()}. */
public enum TradeResult {
    /** return % &gt; +flatPct. */
    WIN,
    /** return % &lt; -flatPct. */
    LOSS,
    /** |return %| &lt;= flatPct. */
    FLAT
}
