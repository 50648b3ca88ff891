package io.chanflow.state.bars;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trading calendar: which instants are in session and the bar window of every level.
 *
 * <p>A calendar has one session per <em>label date</em> whose day of week is in {@code days}. The
 * session of label date {@code D} runs from {@code open} to {@code close} local time in {@code zone}:
 * on {@code D} itself when {@code open < close}; from {@code open} on the day before to {@code close}
 * on {@code D} when {@code close <= open} (an overnight session such as CME's 17:00-16:00 is labelled
 * by the date on which it closes). The 24x7 calendar has the session {@code [D 00:00, D+1 00:00)} UTC.
 *
 * <p>Windows, all half-open {@code [start, end)} in epoch milliseconds:
 * <ul>
 *   <li>1m..60m: {@code [open + k*len, min(open + (k+1)*len, close))} of the session containing the
 *       instant, so a session's last bar is cut short by the close (US 60m: 09:30-10:30 … 15:30-16:00).
 *       {@code k*len} is elapsed time, so inside a session that spans a DST switch bars keep their
 *       length and their local labels shift by the offset change.</li>
 *   <li>DAY: the whole session.</li>
 *   <li>WEEK: from the open of the first to the close of the last label date in {@code days} of the
 *       ISO week (Monday..Sunday) of the session's label date.</li>
 *   <li>MONTH: likewise over the calendar month of the label date.</li>
 * </ul>
 * There is no holiday list: a weekday in {@code days} is a session day even if the exchange is
 * closed, so a week still spans Monday's open to Friday's close when Monday is a holiday; such a day
 * simply has no ticks and therefore no bars.
 *
 * <p>Every boundary is computed from a local date and time through the zone's rules
 * ({@link ZonedDateTime#of}), so DST switches are right (US 09:30 ET is 13:30Z in summer, 14:30Z in
 * winter). A custom open or close that falls in a DST gap resolves as {@code ZonedDateTime.of} does:
 * moved later by the length of the gap; one in an overlap takes the earlier offset. A session whose
 * close thereby resolves at or before its open does not exist. Open and close must be whole minutes,
 * so every higher-level window end is also the end of a 1m window.
 *
 * <p>Immutable. Two calendars are equal when their {@link #spec()} is.
 */
public final class TradingCalendar {

    /** A half-open window {@code [start, end)} in epoch milliseconds. */
    public record Window(long start, long end) {
        public Window {
            if (end <= start) {
                throw new IllegalArgumentException("window end " + end + " must be after its start " + start);
            }
        }
    }

    private static final String US_EQUITIES = "us-equities";
    private static final String ALWAYS = "24x7";
    private static final String SPEC_FORMS = "'" + US_EQUITIES + "', '" + ALWAYS
            + "' or 'custom:ZONE:HH:MM-HH:MM:DAYS' (e.g. custom:America/Chicago:17:00-16:00:MON-FRI)";
    private static final Pattern CUSTOM = Pattern.compile("custom:(.+):(\\d{2}:\\d{2})-(\\d{2}:\\d{2}):([^:]*)");
    private static final DayOfWeek[] WEEK = DayOfWeek.values();

    private final String spec;
    private final ZoneId zone;
    private final LocalTime open;
    private final LocalTime close;
    private final Set<DayOfWeek> days;
    /** Days from the label date to the date of the open: -1 for overnight sessions, else 0. */
    private final int openDay;
    /** Days from the label date to the date of the close: 1 for 24x7 (it closes at the next midnight), else 0. */
    private final int closeDay;
    /** FNV-1a of {@link #spec()}, kept in serialized bar state to detect a restore with another calendar. */
    private final long specHash;

    private TradingCalendar(String spec, ZoneId zone, LocalTime open, LocalTime close, Set<DayOfWeek> days,
                            int openDay, int closeDay) {
        this.spec = spec;
        this.zone = zone;
        this.open = open;
        this.close = close;
        this.days = Collections.unmodifiableSet(EnumSet.copyOf(days));
        this.openDay = openDay;
        this.closeDay = closeDay;
        long h = 0xcbf29ce484222325L;
        for (byte x : spec.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h ^= x & 0xff;
            h *= 0x100000001b3L;
        }
        this.specHash = h;
    }

    /** NYSE/Nasdaq regular session: America/New_York, Monday-Friday 09:30-16:00, no holidays. */
    public static TradingCalendar usEquities() {
        return new TradingCalendar(US_EQUITIES, ZoneId.of("America/New_York"), LocalTime.of(9, 30), LocalTime.of(16, 0),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 0, 0);
    }

    /** Always in session; days, weeks and months are UTC calendar days, ISO weeks and months. */
    public static TradingCalendar always() {
        return new TradingCalendar(ALWAYS, ZoneOffset.UTC, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT,
                EnumSet.allOf(DayOfWeek.class), 0, 1);
    }

    /**
     * A session from {@code open} to {@code close} in {@code zone} on each label date whose day is in
     * {@code days}; {@code close <= open} makes it an overnight session labelled by its closing date,
     * so {@code days} are the closing days (CME Sunday 17:00 to Friday 16:00 is {@code MON-FRI}).
     */
    public static TradingCalendar custom(ZoneId zone, LocalTime open, LocalTime close, Set<DayOfWeek> days) {
        if (zone == null) {
            throw new IllegalArgumentException("custom calendar: zone must not be null");
        }
        wholeMinute("open", open);
        wholeMinute("close", close);
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("custom calendar: days must name at least one day of the week");
        }
        String spec = "custom:" + zone.getId() + ":" + open + "-" + close + ":" + formatDays(days);
        return new TradingCalendar(spec, zone, open, close, days, close.isAfter(open) ? 0 : -1, 0);
    }

    /** Parses {@code us-equities}, {@code 24x7} or {@code custom:ZONE:HH:MM-HH:MM:DAYS} (the form {@link #spec()} writes). */
    public static TradingCalendar parse(String spec) {
        if (spec == null) {
            throw new IllegalArgumentException("trading calendar spec is null; expected " + SPEC_FORMS);
        }
        String s = spec.trim();
        if (s.equals(US_EQUITIES)) {
            return usEquities();
        }
        if (s.equals(ALWAYS)) {
            return always();
        }
        Matcher m = CUSTOM.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("trading calendar spec '" + spec + "' is not " + SPEC_FORMS);
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(m.group(1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("trading calendar spec '" + spec + "': zone '" + m.group(1)
                    + "' is not a known time zone id (e.g. America/New_York, UTC)");
        }
        return custom(zone, time(spec, "open", m.group(2)), time(spec, "close", m.group(3)), parseDays(spec, m.group(4)));
    }

    /** The text {@link #parse} turns back into this calendar. */
    public String spec() {
        return spec;
    }

    /** FNV-1a over the UTF-8 bytes of {@link #spec()}. */
    public long specHash() {
        return specHash;
    }

    public boolean inSession(long ts) {
        return session(ts) != null;
    }

    /**
     * The window [start, end) (epoch ms) of the bar of {@code level} containing {@code ts}, or null
     * when {@code ts} is outside every session.
     */
    public Window window(BarLevel level, long ts) {
        Session s = session(ts);
        if (s == null) {
            return null;
        }
        return switch (level) {
            case DAY -> new Window(s.start, s.end);
            case WEEK -> {
                LocalDate monday = s.label.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield span(monday, monday.plusDays(6));
            }
            case MONTH -> span(s.label.withDayOfMonth(1), s.label.with(TemporalAdjusters.lastDayOfMonth()));
            default -> {
                long len = level.millis();
                long start = s.start + Math.floorDiv(ts - s.start, len) * len;
                yield new Window(start, Math.min(start + len, s.end));
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TradingCalendar c && c.spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    @Override
    public String toString() {
        return "TradingCalendar[" + spec + "]";
    }

    /** The session of one label date, as instants. */
    private record Session(LocalDate label, long start, long end) { }

    /** The session containing ts, or null. Sessions of different label dates never overlap. */
    private Session session(long ts) {
        LocalDate d = LocalDate.ofInstant(Instant.ofEpochMilli(ts), zone);
        // A session opens on label+openDay and closes on label+closeDay, so ts's local date minus one of
        // those offsets is the label; one more day either side covers a boundary that a DST gap pushed
        // over midnight. The likely labels are tried first: this runs for every tick.
        for (int back = openDay; back <= closeDay; back++) {
            Session s = containing(d.minusDays(back), ts);
            if (s != null) {
                return s;
            }
        }
        Session s = containing(d.minusDays(openDay - 1), ts);
        return s != null ? s : containing(d.minusDays(closeDay + 1), ts);
    }

    private Session containing(LocalDate label, long ts) {
        Session s = sessionOf(label);
        return s != null && ts >= s.start && ts < s.end ? s : null;
    }

    /** The session labelled {@code label}, or null if there is none that day. */
    private Session sessionOf(LocalDate label) {
        if (!days.contains(label.getDayOfWeek())) {
            return null;
        }
        long start = instant(label.plusDays(openDay), open);
        long end = instant(label.plusDays(closeDay), close);
        return end > start ? new Session(label, start, end) : null;
    }

    /** From the open of the first to the close of the last session labelled within [first, last]. */
    private Window span(LocalDate first, LocalDate last) {
        Session a = null;
        for (LocalDate d = first; a == null; d = d.plusDays(1)) {
            a = sessionOf(d);
        }
        Session b = null;
        for (LocalDate d = last; b == null; d = d.minusDays(1)) {
            b = sessionOf(d);
        }
        return new Window(a.start, b.end);
    }

    private long instant(LocalDate date, LocalTime time) {
        return ZonedDateTime.of(date, time, zone).toInstant().toEpochMilli();
    }

    private static void wholeMinute(String field, LocalTime t) {
        if (t == null) {
            throw new IllegalArgumentException("custom calendar: " + field + " must not be null");
        }
        if (t.getSecond() != 0 || t.getNano() != 0) {
            throw new IllegalArgumentException("custom calendar: " + field + " " + t
                    + " must be a whole minute (so that every window ends on a 1m window end)");
        }
    }

    private static LocalTime time(String spec, String field, String hhmm) {
        int h = Integer.parseInt(hhmm.substring(0, 2));
        int m = Integer.parseInt(hhmm.substring(3));
        if (h > 23 || m > 59) {
            throw new IllegalArgumentException("trading calendar spec '" + spec + "': " + field + " '" + hhmm
                    + "' is not a time of day (00:00..23:59)");
        }
        return LocalTime.of(h, m);
    }

    private static Set<DayOfWeek> parseDays(String spec, String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("trading calendar spec '" + spec + "': days are empty (e.g. MON-FRI or MON,WED,FRI)");
        }
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String item : text.split(",", -1)) {
            String[] ends = item.split("-", -1);
            if (ends.length > 2) {
                throw new IllegalArgumentException("trading calendar spec '" + spec + "': days item '" + item
                        + "' is not a day or a range like MON-FRI");
            }
            DayOfWeek from = day(spec, ends[0]);
            DayOfWeek to = day(spec, ends[ends.length - 1]);
            // ranges may wrap past Sunday: SUN-FRI is Sunday through Friday
            for (DayOfWeek d = from; ; d = d.plus(1)) {
                out.add(d);
                if (d == to) {
                    break;
                }
            }
        }
        return out;
    }

    private static DayOfWeek day(String spec, String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : WEEK) {
            if (abbrev(d).equals(n)) {
                return d;
            }
        }
        throw new IllegalArgumentException("trading calendar spec '" + spec + "': '" + name
                + "' is not a day (MON, TUE, WED, THU, FRI, SAT, SUN)");
    }

    private static String abbrev(DayOfWeek d) {
        return d.name().substring(0, 3);
    }

    /**
     * Days as runs, starting from Monday unless a run wraps past Sunday (then from that run's first
     * day): MON-FRI, SUN-FRI, MON,WED,FRI. Parsing the result gives the same set.
     */
    private static String formatDays(Set<DayOfWeek> days) {
        int first = 0;
        if (days.size() < WEEK.length) {
            while (days.contains(WEEK[Math.floorMod(first - 1, WEEK.length)])) {
                first--;
            }
        }
        List<String> runs = new ArrayList<>();
        int i = 0;
        while (i < WEEK.length) {
            DayOfWeek d = WEEK[Math.floorMod(first + i, WEEK.length)];
            if (!days.contains(d)) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < WEEK.length && days.contains(WEEK[Math.floorMod(first + j + 1, WEEK.length)])) {
                j++;
            }
            DayOfWeek e = WEEK[Math.floorMod(first + j, WEEK.length)];
            runs.add(j == i ? abbrev(d) : abbrev(d) + "-" + abbrev(e));
            i = j + 1;
        }
        return String.join(",", runs);
    }
}
