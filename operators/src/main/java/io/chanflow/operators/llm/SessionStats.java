package io.chanflow.operators.llm;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One symbol's statistics for one trading session, as {@link SessionStatsStore#read} returns them: totals over all
 * point types, the latest regime label, and per requested point type the counts and the most recent results (newest
 * first) from which hot and cold patterns are read.
 *
 * @param regime the regime label of the latest close that carried one; "" if none
 * @param byType one entry per requested type, in request order; a type without trades has zero counts
 */
public record SessionStats(String symbol, LocalDate day, String regime, int trades, int wins, int losses,
                           double sumReturnPct, Map<String, TypeStats> byType) {

    public SessionStats {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(regime, "regime");
        byType = Collections.unmodifiableMap(new LinkedHashMap<>(byType));
    }

    /** True when nothing has been recorded for the session yet. */
    public boolean isEmpty() {
        return trades == 0;
    }

    /**
     * The statistics of one buy/sell point type in the session.
     *
     * @param recent the last results, newest first, at most the store's {@code recentResults}
     */
    public record TypeStats(String type, int trades, int wins, int losses, double sumReturnPct,
                            List<TradeResult> recent) {

        public TypeStats {
            Objects.requireNonNull(type, "type");
            recent = List.copyOf(recent);
        }

        /** wins / trades, 0 without trades. */
        public double winRate() {
            return trades == 0 ? 0 : (double) wins / trades;
        }

        /**
         * The current run: +n for n wins in a row up to the latest result, -n for n losses, 0 when the latest is flat
         * or there is none (a "hot" type has a positive streak, a "cold" one a negative one).
         */
        public int streak() {
            if (recent.isEmpty() || recent.get(0) == TradeResult.FLAT) {
                return 0;
            }
            TradeResult head = recent.get(0);
            int n = 0;
            while (n < recent.size() && recent.get(n) == head) {
                n++;
            }
            return head == TradeResult.WIN ? n : -n;
        }
    }
}
