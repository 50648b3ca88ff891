package io.chanflow.operators.llm;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A trade that has closed: what {@link SessionStatsStore#record} counts and {@link TradeMemory#remember} stores.
 *
 * @param tradeId unique per trade (e.g. the signal id and revision); recording the same id twice counts once
 * @param symbol the instrument, e.g. {@code SPY}
 * @param level the bar level of the signal, e.g. {@code 1m}
 * @param types the buy/sell point types of the signal ({@code 1 1p 2 2s 3a 3b}), at least one
 * @param returnPct the trade's return in percent (0.8 = +0.8 %)
 * @param result win, loss or flat, as the caller's rules decide
 * @param closedAt the event time the trade closed, epoch milliseconds
 * @param sessionDay the trading session the close belongs to (exchange calendar, not UTC)
 * @param regime the market regime label at the close (e.g. {@code trend-up}, {@code range}); "" if unknown
 */
public record ClosedTrade(String tradeId, String symbol, String level, List<String> types, double returnPct,
                          TradeResult result, long closedAt, LocalDate sessionDay, String regime) {

    public ClosedTrade {
        requireLabel(tradeId, "tradeId");
        requireLabel(symbol, "symbol");
        requireLabel(level, "level");
        Objects.requireNonNull(types, "types");
        if (types.isEmpty()) {
            throw new IllegalArgumentException("types must not be empty");
        }
        types = List.copyOf(types);
        for (String t : types) {
            requireLabel(t, "types[]");
            if (t.indexOf(',') >= 0) {
                throw new IllegalArgumentException("types[] must not contain ',', got '" + t + "'");
            }
        }
        if (!Double.isFinite(returnPct)) {
            throw new IllegalArgumentException("returnPct must be finite, got " + returnPct);
        }
        Objects.requireNonNull(result, "result");
        if (closedAt <= 0) {
            throw new IllegalArgumentException("closedAt must be epoch milliseconds > 0, got " + closedAt);
        }
        Objects.requireNonNull(sessionDay, "sessionDay");
        Objects.requireNonNull(regime, "regime");
    }

    private static void requireLabel(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
