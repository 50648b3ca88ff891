package io.chanflow.state.outcome;

import java.util.List;
import java.util.Objects;

/**
 * The result of following one confirmed buy/sell point: what is published to the
 * {@code trade-outcomes} topic. One trade per point (symbol, level, scope, point time, side); a
 * point that carries several types is one trade, {@code types} lists them.
 *
 * <p>Times are bar start times, the clock of {@code Signal.causeTime}: {@code entryTime} is the
 * start of the bar at whose close the point was confirmed, {@code exitTime} the start of the bar
 * that closed the trade. Both facts are known at the end of those bars, so a consumer that joins
 * outcomes to later points must compare {@code exitTime} with the later point's {@code causeTime}
 * (label usable iff {@code exitTime <= causeTime}), never with wall-clock bar ends.
 *
 * @param signalId the id of the signal that opened the trade (the first CONFIRMED type of the point)
 * @param types the point's types confirmed at the entry bar, chan.py labels in {@code BspType} order
 * @param entryPrice the close of the confirming bar
 * @param stopPrice the invalidation price: the point's price, or the fallback (see {@link OutcomeTracker})
 * @param targetPrice entry +/- targetR x |entry - stop|
 * @param returnPct (exit - entry) / entry x 100 for a buy, (entry - exit) / entry x 100 for a sell
 * @param mfePct maximum favourable excursion over the followed bars, in % of the entry, &gt;= 0
 * @param maePct maximum adverse excursion over the followed bars, in % of the entry, &gt;= 0
 * @param barsHeld bars followed after the entry bar, the exit bar included (0 only for an exit on the entry bar)
 */
public record TradeOutcome(String signalId, String symbol, String level, String scope, long pointTime, boolean buy,
                           List<String> types, long entryTime, double entryPrice, double stopPrice,
                           double targetPrice, long exitTime, double exitPrice, double returnPct, double mfePct,
                           double maePct, int barsHeld, TradeResult result, ExitReason exitReason) {

    public TradeOutcome {
        Objects.requireNonNull(signalId, "signalId");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(scope, "scope");
        types = List.copyOf(types);
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(exitReason, "exitReason");
        if (exitTime < entryTime) {
            throw new IllegalArgumentException("exitTime " + exitTime + " is before entryTime " + entryTime);
        }
        if (barsHeld < 0) {
            throw new IllegalArgumentException("barsHeld must be >= 0, got " + barsHeld);
        }
    }

    /** The point's id: {@code symbol/level/scope/pointTime/B|S} (the signal id without its type). */
    public String pointId() {
        return symbol + '/' + level + '/' + scope + '/' + pointTime + '/' + (buy ? 'B' : 'S');
    }
}
