package io.chanflow.jobs.evaluate;

import io.chanflow.state.Bar;
import io.chanflow.state.bars.BarLevel;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One symbol's bars on one level, as {@link Evaluation} reads them.
 *
 * @param source    where the bars came from (the file as named on the command line)
 * @param days      for a level of a day or more: the date each bar stands for (the date as written
 *                  in the file), used to group days into weeks and weeks into months; {@code null}
 *                  for intraday levels, whose higher bars come from the trading calendar
 * @param firstTime the first bar's time as written (for the report)
 * @param lastTime  the last bar's time as written
 */
public record Series(String source, String symbol, BarLevel level, List<Bar> bars, List<LocalDate> days,
                     String firstTime, String lastTime) {

    public Series {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(level, "level");
        bars = List.copyOf(bars);
        if (bars.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + symbol + " has no bars");
        }
        for (int i = 1; i < bars.size(); i++) {
            if (bars.get(i).time() <= bars.get(i - 1).time()) {
                throw new IllegalArgumentException(source + ": " + symbol + " bar " + i + " is not after the one before");
            }
        }
        if (level.intraday() != (days == null)) {
            throw new IllegalArgumentException(source + ": " + symbol + " " + level.label()
                    + (level.intraday() ? " must not carry dates" : " needs the date of every bar"));
        }
        if (days != null) {
            days = List.copyOf(days);
            if (days.size() != bars.size()) {
                throw new IllegalArgumentException(source + ": " + days.size() + " dates for " + bars.size() + " bars");
            }
        }
    }
}
