package io.chanflow.jobs.evaluate;

import io.chanflow.state.Bar;
import io.chanflow.state.bars.BarLevel;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Infers a series' level from the median spacing of consecutive bar times (gaps such as nights,
 * weekends and holidays are a minority, so the median is the bar length):
 * <table>
 *   <caption>median spacing to level</caption>
 *   <tr><th>median spacing</th><th>level</th></tr>
 *   <tr><td>within 10% of 1, 5, 15, 30 or 60 minutes</td><td>1m, 5m, 15m, 30m, 60m</td></tr>
 *   <tr><td>20 hours to 4 days</td><td>day</td></tr>
 *   <tr><td>5 to 10 days</td><td>week</td></tr>
 *   <tr><td>25 to 35 days</td><td>month</td></tr>
 * </table>
 * Anything else (or fewer than two bars) cannot be inferred: the caller asks for {@code --level}.
 */
public final class LevelGuess {
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private LevelGuess() {
    }

    /** The median spacing in milliseconds, or -1 with fewer than two bars. */
    public static long medianSpacing(List<Bar> bars) {
        if (bars.size() < 2) {
            return -1;
        }
        long[] d = new long[bars.size() - 1];
        for (int i = 1; i < bars.size(); i++) {
            d[i - 1] = bars.get(i).time() - bars.get(i - 1).time();
        }
        Arrays.sort(d);
        return d[d.length / 2];
    }

    /** The level, or {@code null} when the spacing fits none. */
    public static BarLevel infer(List<Bar> bars) {
        long m = medianSpacing(bars);
        if (m <= 0) {
            return null;
        }
        for (BarLevel l : new BarLevel[] {BarLevel.M1, BarLevel.M5, BarLevel.M15, BarLevel.M30, BarLevel.M60}) {
            long len = Long.parseLong(l.label().replace("m", "")) * MINUTE;
            if (Math.abs(m - len) * 10 <= len) {
                return l;
            }
        }
        if (m >= 20 * HOUR && m <= 4 * DAY) {
            return BarLevel.DAY;
        }
        if (m >= 5 * DAY && m <= 10 * DAY) {
            return BarLevel.WEEK;
        }
        if (m >= 25 * DAY && m <= 35 * DAY) {
            return BarLevel.MONTH;
        }
        return null;
    }

    /** A spacing for messages: {@code 42 s}, {@code 7.0 min}, {@code 3.0 h}, {@code 2.5 days}. */
    public static String describe(long ms) {
        if (ms < 0) {
            return "unknown (fewer than two bars)";
        }
        if (ms < MINUTE) {
            return (ms / 1000) + " s";
        }
        if (ms < HOUR) {
            return String.format(Locale.ROOT, "%.1f min", ms / (double) MINUTE);
        }
        if (ms < DAY) {
            return String.format(Locale.ROOT, "%.1f h", ms / (double) HOUR);
        }
        return String.format(Locale.ROOT, "%.1f days", ms / (double) DAY);
    }
}
