package io.chanflow.state.plan;

import java.util.Objects;

/**
 * The final, deterministic plan for one signal revision (see {@link RiskGate}).
 *
 * @param action what to do
 * @param buyPoint the buy/sell point the plan is about: side and type, e.g. {@code B 2s}
 * @param entryLow the low end of the entry zone (price); for HOLD/WAIT the zone a later entry would use
 * @param entryHigh the high end of the entry zone, &gt;= {@code entryLow}
 * @param invalidation the price at which the point is invalid: the point's own price (a break of a buy point's low,
 *                     or of a sell point's high, removes it)
 * @param targetPosition the fraction of the full position size to hold from this signal, in [0, 1]; 0 unless the
 *                       action trades
 * @param explanation one plain-English sentence on why
 */
public record TradePlan(Action action, String buyPoint, double entryLow, double entryHigh, double invalidation,
                        double targetPosition, String explanation) {

    public TradePlan {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(buyPoint, "buyPoint");
        Objects.requireNonNull(explanation, "explanation");
        if (!(entryLow <= entryHigh)) {
            throw new IllegalArgumentException("entryLow " + entryLow + " must be <= entryHigh " + entryHigh);
        }
        if (!(targetPosition >= 0 && targetPosition <= 1)) {
            throw new IllegalArgumentException("targetPosition must be in [0, 1], got " + targetPosition);
        }
        if (!action.trades() && targetPosition != 0) {
            throw new IllegalArgumentException(action + " must have targetPosition 0, got " + targetPosition);
        }
    }

    /**
     * Whether this plan takes no more risk than {@code other}: the same trading action or none, and no larger
     * position; entry zone and invalidation unchanged.
     */
    public boolean noRiskierThan(TradePlan other) {
        boolean sameOrNoTrade = !action.trades() || action == other.action;
        return sameOrNoTrade && targetPosition <= other.targetPosition
                && entryLow == other.entryLow && entryHigh == other.entryHigh && invalidation == other.invalidation;
    }
}
