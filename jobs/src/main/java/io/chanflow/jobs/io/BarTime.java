package io.chanflow.jobs.io;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time of one input row: the string as written (kept for output, so that results can be
 * matched against the input file) and the instant it denotes.
 *
 * <p>Accepted forms: {@code YYYY-MM-DD}; {@code YYYY-MM-DDTHH:MM[:SS[.fff]]} or the same with a
 * space instead of {@code T}, optionally followed by {@code Z} or an offset {@code ±HH:MM}
 * ({@code ±HHMM}, {@code ±HH}); or epoch milliseconds (digits only). A time without an offset is
 * taken as UTC.
 *
 * @param text         the string as written in the input (trimmed)
 * @param epochMillis  the instant
 * @param dateOnly     true for {@code YYYY-MM-DD}: such a bar stands for the whole day
 * @param calendarDay  the calendar date as written (UTC date for epoch milliseconds)
 */
public record BarTime(String text, long epochMillis, boolean dateOnly, LocalDate calendarDay) {

    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})"
                    + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?"
                    + "\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)?)?");
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,18}");
    /** chan.py stores a date-only time as 23:59 of that day, so that a day bar sorts after its intraday bars. */
    private static final long DATE_ONLY_SHIFT_MS = (23 * 60 + 59) * 60_000L;

    /**
     * Parses one time string.
     *
     * @throws IllegalArgumentException naming the string and the accepted forms
     */
    public static BarTime parse(String raw) {
        String s = raw == null ? "" : raw.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("time is empty");
        }
        if (EPOCH_MILLIS.matcher(s).matches()) {
            long ms = Long.parseLong(s);
            LocalDate day = Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC).toLocalDate();
            return new BarTime(s, ms, false, day);
        }
        Matcher m = DATE_TIME.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("time '" + s + "' is not YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM],"
                    + " 'YYYY-MM-DD HH:MM[:SS]' or epoch milliseconds");
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            if (m.group(4) == null) {
                long ms = date.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
                return new BarTime(s, ms, true, date);
            }
            int nanos = 0;
            if (m.group(7) != null) {
                nanos = Integer.parseInt((m.group(7) + "000000000").substring(0, 9));
            }
            LocalDateTime local = LocalDateTime.of(date.getYear(), date.getMonth(), date.getDayOfMonth(),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos);
            ZoneOffset offset = offset(m.group(8));
            long ms = local.toInstant(offset).toEpochMilli();
            return new BarTime(s, ms, false, date);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("time '" + s + "' is not a valid date/time: " + e.getMessage());
        }
    }

    private static ZoneOffset offset(String tz) {
        if (tz == null || tz.equalsIgnoreCase("z")) {
            return ZoneOffset.UTC;
        }
        String digits = tz.substring(1).replace(":", "");
        int hours = Integer.parseInt(digits.substring(0, 2));
        int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
        return tz.charAt(0) == '-' ? ZoneOffset.ofHoursMinutes(-hours, -minutes) : ZoneOffset.ofHoursMinutes(hours, minutes);
    }

    /**
     * The instant chan.py orders this bar by when it aligns levels: a date-only time counts as 23:59
     * of that day (chan.py's {@code CTime(auto=True)}), so that a day or week bar comes after the
     * intraday bars of its last day.
     */
    public long alignmentMillis() {
        return dateOnly ? epochMillis + DATE_ONLY_SHIFT_MS : epochMillis;
    }

    @Override
    public String toString() {
        return text;
    }
}
