package io.chanflow.jobs.evaluate;

import io.chanflow.state.Bar;
import io.chanflow.state.bars.BarLevel;
import io.chanflow.state.bars.TradingCalendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Objects;

/**
 * Builds one symbol's bars of the next-higher level (级别) from its bars of the evaluated level,
 * streaming, so that the higher engine is only ever given bars that have closed.
 *
 * <p>Which higher bar a lower bar belongs to:
 * <ul>
 *   <li>intraday lower levels (1m..60m): the {@link TradingCalendar} window of the higher level
 *       (5m..60m windows from the session open, or the whole session for a day) that contains the
 *       bar. The bar's start is used when it is in session, else its last instant (a 60m bar stamped
 *       09:00 New York time covers 09:30-10:00 of the session); a bar with neither in session
 *       (pre- or after-market) stays on its level but goes into no higher bar
 *       ({@link #outsideSession()} counts them);</li>
 *   <li>day: the ISO week (Monday to Sunday) of the bar's date; week: the calendar month of the
 *       week bar's date (a week across a month end belongs wholly to the month its date names).</li>
 * </ul>
 * A higher bar's open is its first lower bar's open, close the last one's close, high/low the
 * extremes, volume the sum; it is stamped with the start of its first lower bar, so higher bar
 * times split the lower time axis into the same intervals.
 *
 * <p><b>No look-ahead.</b> {@link #onBar} is called before the lower bar is given to its engine
 * and returns only higher bars that closed before that bar: those whose calendar window ended at
 * or before the lower bar's start, or whose key is older than the lower bar's. A higher bar that
 * ends together with a lower bar is therefore handed over with the next lower bar (levels close
 * finest first, as in the signal job), and the last, still forming higher bar never is.
 */
public final class HigherBars {

    private final BarLevel lower;
    private final BarLevel higher;
    private final TradingCalendar calendar;
    private final long lowerMillis;

    private boolean forming;
    private long key;
    private long end;
    private long time;
    private double open;
    private double high;
    private double low;
    private double close;
    private double volume;
    private long built;
    private long outside;

    /**
     * @param calendar the symbol's trading calendar; required when {@code lower} is intraday
     */
    public HigherBars(BarLevel lower, TradingCalendar calendar) {
        this.lower = Objects.requireNonNull(lower, "lower");
        this.higher = above(lower);
        if (higher == null) {
            throw new IllegalArgumentException(lower.label() + " has no higher level");
        }
        if (lower.intraday() && calendar == null) {
            throw new IllegalArgumentException("a trading calendar is needed to build " + higher.label() + " bars from "
                    + lower.label() + " bars");
        }
        this.calendar = calendar;
        this.lowerMillis = lower.intraday() ? minutes(lower) * 60_000L : 0;
    }

    /** The level above {@code level}: 1m→5m→15m→30m→60m→day→week→month; {@code null} above month. */
    public static BarLevel above(BarLevel level) {
        BarLevel[] all = BarLevel.values();
        return level.ordinal() + 1 < all.length ? all[level.ordinal() + 1] : null;
    }

    public BarLevel higher() {
        return higher;
    }

    /**
     * Takes the next lower bar; returns the higher bars that closed before it (at most one), to be
     * given to the higher engine before {@code bar} is given to the lower one.
     *
     * @param day the bar's date for day and week bars, ignored (may be null) for intraday bars
     */
    public List<Bar> onBar(Bar bar, LocalDate day) {
        long k;
        long e;
        if (lower.intraday()) {
            long t = bar.time();
            if (!calendar.inSession(t)) {
                t = bar.time() + lowerMillis - 1;
            }
            TradingCalendar.Window w = calendar.inSession(t) ? calendar.window(higher, t) : null;
            if (w == null) {
                outside++;
                return forming && bar.time() >= end ? List.of(take()) : List.of();
            }
            k = w.start();
            e = w.end();
        } else {
            Objects.requireNonNull(day, "day of a " + lower.label() + " bar");
            LocalDate first = higher == BarLevel.WEEK ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    : day.withDayOfMonth(1);
            k = first.toEpochDay();
            e = Long.MAX_VALUE;
        }
        List<Bar> out = List.of();
        if (forming && (bar.time() >= end || k != key)) {
            out = List.of(take());
        }
        if (!forming) {
            forming = true;
            key = k;
            end = e;
            time = bar.time();
            open = bar.open();
            high = bar.high();
            low = bar.low();
            close = bar.close();
            volume = bar.volume();
        } else {
            high = Math.max(high, bar.high());
            low = Math.min(low, bar.low());
            close = bar.close();
            volume += bar.volume();
        }
        return out;
    }

    private Bar take() {
        forming = false;
        built++;
        return new Bar(time, open, high, low, close, volume);
    }

    /** Higher bars handed over so far. */
    public long built() {
        return built;
    }

    /** Lower bars that fell in no session of the calendar and so into no higher bar. */
    public long outsideSession() {
        return outside;
    }

    private static int minutes(BarLevel l) {
        return switch (l) {
            case M1 -> 1;
            case M5 -> 5;
            case M15 -> 15;
            case M30 -> 30;
            case M60 -> 60;
            default -> throw new IllegalArgumentException(l.label() + " is not intraday");
        };
    }
}
