package io.chanflow.state.bars;

import io.chanflow.state.bars.TradingCalendar.Window;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.chanflow.state.bars.BarLevel.DAY;
import static io.chanflow.state.bars.BarLevel.M1;
import static io.chanflow.state.bars.BarLevel.M15;
import static io.chanflow.state.bars.BarLevel.M30;
import static io.chanflow.state.bars.BarLevel.M5;
import static io.chanflow.state.bars.BarLevel.M60;
import static io.chanflow.state.bars.BarLevel.MONTH;
import static io.chanflow.state.bars.BarLevel.WEEK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Calendar windows at known instants. Every expected value was worked out by hand from the rules in
 * {@link TradingCalendar}'s javadoc (US: EDT = UTC-4 → 09:30-16:00 is 13:30Z-20:00Z; EST = UTC-5 →
 * 14:30Z-21:00Z; Chicago CDT = UTC-5, CST = UTC-6), never by calling the calendar.
 */
class TradingCalendarTest {

    private static final TradingCalendar US = TradingCalendar.usEquities();
    private static final TradingCalendar CME = TradingCalendar.parse("custom:America/Chicago:17:00-16:00:MON-FRI");

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    static Window w(String start, String end) {
        return new Window(at(start), at(end));
    }

    @Test
    void shouldGiveUsWindowsOnASummerWednesday() {
        long ts = at("2024-07-10T14:47:23Z"); // 10:47:23 EDT
        assertThat(US.inSession(ts)).isTrue();
        assertThat(US.window(M1, ts)).isEqualTo(w("2024-07-10T14:47:00Z", "2024-07-10T14:48:00Z"));
        assertThat(US.window(M5, ts)).isEqualTo(w("2024-07-10T14:45:00Z", "2024-07-10T14:50:00Z"));
        assertThat(US.window(M15, ts)).isEqualTo(w("2024-07-10T14:45:00Z", "2024-07-10T15:00:00Z"));
        assertThat(US.window(M30, ts)).isEqualTo(w("2024-07-10T14:30:00Z", "2024-07-10T15:00:00Z"));
        assertThat(US.window(M60, ts)).isEqualTo(w("2024-07-10T14:30:00Z", "2024-07-10T15:30:00Z"));
        assertThat(US.window(DAY, ts)).isEqualTo(w("2024-07-10T13:30:00Z", "2024-07-10T20:00:00Z"));
        assertThat(US.window(WEEK, ts)).isEqualTo(w("2024-07-08T13:30:00Z", "2024-07-12T20:00:00Z"));
        // July 4th is inside: there is no holiday list
        assertThat(US.window(MONTH, ts)).isEqualTo(w("2024-07-01T13:30:00Z", "2024-07-31T20:00:00Z"));
    }

    @Test
    void shouldAlignUs60mBarsToTheOpenAndCutTheLastAtTheClose() {
        assertThat(US.window(M60, at("2024-07-10T13:30:00Z"))).isEqualTo(w("2024-07-10T13:30:00Z", "2024-07-10T14:30:00Z"));
        assertThat(US.window(M60, at("2024-07-10T14:29:59.999Z"))).isEqualTo(w("2024-07-10T13:30:00Z", "2024-07-10T14:30:00Z"));
        assertThat(US.window(M60, at("2024-07-10T19:30:00Z"))).isEqualTo(w("2024-07-10T19:30:00Z", "2024-07-10T20:00:00Z"));
        assertThat(US.window(M60, at("2024-07-10T19:59:59.999Z"))).isEqualTo(w("2024-07-10T19:30:00Z", "2024-07-10T20:00:00Z"));
        assertThat(US.window(M30, at("2024-07-10T19:59:59.999Z"))).isEqualTo(w("2024-07-10T19:30:00Z", "2024-07-10T20:00:00Z"));
        assertThat(US.window(M1, at("2024-07-10T19:59:59.999Z"))).isEqualTo(w("2024-07-10T19:59:00Z", "2024-07-10T20:00:00Z"));
    }

    @Test
    void shouldGiveUsWindowsOnAWinterWednesdayAnHourLaterInUtc() {
        long ts = at("2024-01-17T15:10:00Z"); // 10:10 EST
        assertThat(US.window(M1, ts)).isEqualTo(w("2024-01-17T15:10:00Z", "2024-01-17T15:11:00Z"));
        assertThat(US.window(M60, ts)).isEqualTo(w("2024-01-17T14:30:00Z", "2024-01-17T15:30:00Z"));
        assertThat(US.window(DAY, ts)).isEqualTo(w("2024-01-17T14:30:00Z", "2024-01-17T21:00:00Z"));
        assertThat(US.window(WEEK, ts)).isEqualTo(w("2024-01-15T14:30:00Z", "2024-01-19T21:00:00Z"));
        // starts on New Year's Day (a holiday, but a weekday in the calendar)
        assertThat(US.window(MONTH, ts)).isEqualTo(w("2024-01-01T14:30:00Z", "2024-01-31T21:00:00Z"));
    }

    @Test
    void shouldSwitchUsSessionsAcrossTheNovember2013FallBackWeekend() {
        long fridayLastMinute = at("2013-11-01T19:59:00Z"); // 15:59 EDT
        assertThat(US.window(M60, fridayLastMinute)).isEqualTo(w("2013-11-01T19:30:00Z", "2013-11-01T20:00:00Z"));
        assertThat(US.window(DAY, fridayLastMinute)).isEqualTo(w("2013-11-01T13:30:00Z", "2013-11-01T20:00:00Z"));
        assertThat(US.window(WEEK, fridayLastMinute)).isEqualTo(w("2013-10-28T13:30:00Z", "2013-11-01T20:00:00Z"));
        // November opens on Friday the 1st in EDT and closes on Friday the 29th in EST
        assertThat(US.window(MONTH, fridayLastMinute)).isEqualTo(w("2013-11-01T13:30:00Z", "2013-11-29T21:00:00Z"));
        assertThat(US.window(MONTH, at("2013-10-31T19:00:00Z"))).isEqualTo(w("2013-10-01T13:30:00Z", "2013-10-31T20:00:00Z"));

        long mondayOpen = at("2013-11-04T14:30:00Z"); // 09:30 EST
        assertThat(US.window(M1, mondayOpen)).isEqualTo(w("2013-11-04T14:30:00Z", "2013-11-04T14:31:00Z"));
        assertThat(US.window(M60, mondayOpen)).isEqualTo(w("2013-11-04T14:30:00Z", "2013-11-04T15:30:00Z"));
        assertThat(US.window(DAY, mondayOpen)).isEqualTo(w("2013-11-04T14:30:00Z", "2013-11-04T21:00:00Z"));
        assertThat(US.window(WEEK, mondayOpen)).isEqualTo(w("2013-11-04T14:30:00Z", "2013-11-08T21:00:00Z"));
        assertThat(US.window(MONTH, mondayOpen)).isEqualTo(w("2013-11-01T13:30:00Z", "2013-11-29T21:00:00Z"));

        assertThat(US.window(DAY, at("2013-11-01T20:00:00Z"))).as("Friday 16:00 EDT, close is exclusive").isNull();
        assertThat(US.window(M1, at("2013-11-02T15:00:00Z"))).as("Saturday").isNull();
        assertThat(US.window(M1, at("2013-11-03T06:30:00Z"))).as("Sunday 01:30 EST, the repeated hour").isNull();
        assertThat(US.window(M1, at("2013-11-04T13:00:00Z"))).as("Monday 08:00 EST pre-market").isNull();
        assertThat(US.window(M1, at("2013-11-04T13:30:00Z"))).as("Monday 08:30 EST, the summer open instant").isNull();
        assertThat(US.inSession(at("2013-11-04T14:29:59.999Z"))).isFalse();
    }

    @Test
    void shouldSwitchUsSessionsAcrossTheMarch2024SpringForwardWeekend() {
        long friday = at("2024-03-08T15:00:00Z"); // 10:00 EST
        assertThat(US.window(M60, friday)).isEqualTo(w("2024-03-08T14:30:00Z", "2024-03-08T15:30:00Z"));
        assertThat(US.window(DAY, friday)).isEqualTo(w("2024-03-08T14:30:00Z", "2024-03-08T21:00:00Z"));
        assertThat(US.window(WEEK, friday)).isEqualTo(w("2024-03-04T14:30:00Z", "2024-03-08T21:00:00Z"));
        assertThat(US.window(MONTH, friday)).isEqualTo(w("2024-03-01T14:30:00Z", "2024-03-29T20:00:00Z"));

        long mondayOpen = at("2024-03-11T13:30:00Z"); // 09:30 EDT
        assertThat(US.window(M1, mondayOpen)).isEqualTo(w("2024-03-11T13:30:00Z", "2024-03-11T13:31:00Z"));
        assertThat(US.window(M60, mondayOpen)).isEqualTo(w("2024-03-11T13:30:00Z", "2024-03-11T14:30:00Z"));
        assertThat(US.window(M60, at("2024-03-11T14:30:00Z"))).isEqualTo(w("2024-03-11T14:30:00Z", "2024-03-11T15:30:00Z"));
        assertThat(US.window(DAY, mondayOpen)).isEqualTo(w("2024-03-11T13:30:00Z", "2024-03-11T20:00:00Z"));
        assertThat(US.window(WEEK, mondayOpen)).isEqualTo(w("2024-03-11T13:30:00Z", "2024-03-15T20:00:00Z"));
        assertThat(US.window(MONTH, mondayOpen)).isEqualTo(w("2024-03-01T14:30:00Z", "2024-03-29T20:00:00Z"));

        assertThat(US.window(DAY, at("2024-03-10T15:00:00Z"))).as("Sunday").isNull();
        assertThat(US.window(M1, at("2024-03-11T12:00:00Z"))).as("Monday 08:00 EDT pre-market").isNull();
        assertThat(US.window(M1, at("2024-03-11T13:29:59.999Z"))).as("one ms before the open").isNull();
        assertThat(US.window(M1, at("2024-03-11T20:00:00Z"))).as("Monday 16:00 EDT").isNull();
    }

    @Test
    void shouldLetAWeekStraddleTwoMonths() {
        long ts = at("2024-07-31T15:00:00Z");
        assertThat(US.window(WEEK, ts)).isEqualTo(w("2024-07-29T13:30:00Z", "2024-08-02T20:00:00Z"));
        assertThat(US.window(MONTH, ts)).isEqualTo(w("2024-07-01T13:30:00Z", "2024-07-31T20:00:00Z"));
    }

    @Test
    void shouldAlign24x7WindowsToUtcMidnightIsoWeeksAndMonths() {
        TradingCalendar c = TradingCalendar.always();
        long ts = at("2024-03-10T07:42:10Z"); // a Sunday
        assertThat(c.window(M1, ts)).isEqualTo(w("2024-03-10T07:42:00Z", "2024-03-10T07:43:00Z"));
        assertThat(c.window(M5, ts)).isEqualTo(w("2024-03-10T07:40:00Z", "2024-03-10T07:45:00Z"));
        assertThat(c.window(M60, ts)).isEqualTo(w("2024-03-10T07:00:00Z", "2024-03-10T08:00:00Z"));
        assertThat(c.window(DAY, ts)).isEqualTo(w("2024-03-10T00:00:00Z", "2024-03-11T00:00:00Z"));
        assertThat(c.window(WEEK, ts)).isEqualTo(w("2024-03-04T00:00:00Z", "2024-03-11T00:00:00Z"));
        assertThat(c.window(MONTH, ts)).isEqualTo(w("2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"));

        long leap = at("2024-02-29T23:59:59.999Z");
        assertThat(c.window(M60, leap)).isEqualTo(w("2024-02-29T23:00:00Z", "2024-03-01T00:00:00Z"));
        assertThat(c.window(DAY, leap)).isEqualTo(w("2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z"));
        assertThat(c.window(MONTH, leap)).isEqualTo(w("2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"));

        // 1970-01-01 was a Thursday: the week starts before the epoch
        assertThat(c.window(WEEK, 0)).isEqualTo(w("1969-12-29T00:00:00Z", "1970-01-05T00:00:00Z"));
        assertThat(c.window(M1, -1)).isEqualTo(w("1969-12-31T23:59:00Z", "1970-01-01T00:00:00Z"));
        assertThat(c.inSession(at("2024-03-09T12:00:00Z"))).isTrue();
    }

    @Test
    void shouldLabelAnOvernightSessionByTheDateOnWhichItCloses() {
        long thursdayEvening = at("2024-02-29T23:30:00Z"); // Thu 17:30 CST: Friday 1 March's session
        assertThat(CME.window(DAY, thursdayEvening)).isEqualTo(w("2024-02-29T23:00:00Z", "2024-03-01T22:00:00Z"));
        assertThat(CME.window(M60, thursdayEvening)).isEqualTo(w("2024-02-29T23:00:00Z", "2024-03-01T00:00:00Z"));
        assertThat(CME.window(MONTH, thursdayEvening)).as("March, which opens on 29 February")
                .isEqualTo(w("2024-02-29T23:00:00Z", "2024-03-29T21:00:00Z"));
        assertThat(CME.window(WEEK, thursdayEvening)).isEqualTo(w("2024-02-25T23:00:00Z", "2024-03-01T22:00:00Z"));

        long thursdayAfternoon = at("2024-02-29T21:59:00Z"); // Thu 15:59 CST: Thursday's session
        assertThat(CME.window(DAY, thursdayAfternoon)).isEqualTo(w("2024-02-28T23:00:00Z", "2024-02-29T22:00:00Z"));
        assertThat(CME.window(MONTH, thursdayAfternoon)).isEqualTo(w("2024-01-31T23:00:00Z", "2024-02-29T22:00:00Z"));

        assertThat(CME.inSession(at("2024-02-29T22:30:00Z"))).as("the 16:00-17:00 CST break").isFalse();
        assertThat(CME.inSession(at("2024-03-02T18:00:00Z"))).as("Saturday").isFalse();
    }

    @Test
    void shouldMoveAnOvernightSessionAcrossTheSpringForwardWeekend() {
        long fridayLastHour = at("2024-03-08T21:30:00Z"); // Fri 15:30 CST
        assertThat(CME.window(M60, fridayLastHour)).isEqualTo(w("2024-03-08T21:00:00Z", "2024-03-08T22:00:00Z"));
        assertThat(CME.window(WEEK, fridayLastHour)).isEqualTo(w("2024-03-03T23:00:00Z", "2024-03-08T22:00:00Z"));
        assertThat(CME.inSession(at("2024-03-08T22:00:00Z"))).as("Fri 16:00 CST").isFalse();
        assertThat(CME.inSession(at("2024-03-10T21:59:00Z"))).as("Sun 16:59 CDT").isFalse();

        long sundayOpen = at("2024-03-10T22:00:00Z"); // Sun 17:00 CDT: Monday 11 March's session
        assertThat(CME.window(M1, sundayOpen)).isEqualTo(w("2024-03-10T22:00:00Z", "2024-03-10T22:01:00Z"));
        assertThat(CME.window(M60, sundayOpen)).isEqualTo(w("2024-03-10T22:00:00Z", "2024-03-10T23:00:00Z"));
        assertThat(CME.window(DAY, sundayOpen)).isEqualTo(w("2024-03-10T22:00:00Z", "2024-03-11T21:00:00Z"));
        assertThat(CME.window(WEEK, sundayOpen)).isEqualTo(w("2024-03-10T22:00:00Z", "2024-03-15T21:00:00Z"));
        assertThat(CME.window(M60, at("2024-03-11T20:30:00Z"))).isEqualTo(w("2024-03-11T20:00:00Z", "2024-03-11T21:00:00Z"));
    }

    @Test
    void shouldKeepIntradayBarsAnHourLongInsideASessionThatSpansADstSwitch() {
        // SUN-FRI close dates: Sunday's session runs Sat 17:00 CST (23:00Z) to Sun 16:00 CDT (21:00Z), 22 hours
        TradingCalendar c = TradingCalendar.parse("custom:America/Chicago:17:00-16:00:SUN-FRI");
        assertThat(c.inSession(at("2024-03-09T23:30:00Z"))).isTrue();
        assertThat(CME.inSession(at("2024-03-09T23:30:00Z"))).isFalse();
        assertThat(c.window(DAY, at("2024-03-10T08:30:00Z"))).isEqualTo(w("2024-03-09T23:00:00Z", "2024-03-10T21:00:00Z"));
        // 01:00-03:00 on the wall clock is one elapsed hour; 03:30 CDT is in the next hour
        assertThat(c.window(M60, at("2024-03-10T07:59:00Z"))).isEqualTo(w("2024-03-10T07:00:00Z", "2024-03-10T08:00:00Z"));
        assertThat(c.window(M60, at("2024-03-10T08:30:00Z"))).isEqualTo(w("2024-03-10T08:00:00Z", "2024-03-10T09:00:00Z"));
        assertThat(c.window(WEEK, at("2024-03-10T08:30:00Z"))).isEqualTo(w("2024-03-03T23:00:00Z", "2024-03-10T21:00:00Z"));

        // fall back: Sunday 3 November runs Sat 17:00 CDT (22:00Z) to Sun 16:00 CST (22:00Z), 24 hours
        long secondOneThirty = at("2024-11-03T07:30:00Z"); // 01:30 CST, the repeated hour
        assertThat(c.window(DAY, secondOneThirty)).isEqualTo(w("2024-11-02T22:00:00Z", "2024-11-03T22:00:00Z"));
        assertThat(c.window(M60, secondOneThirty)).isEqualTo(w("2024-11-03T07:00:00Z", "2024-11-03T08:00:00Z"));
    }

    @Test
    void shouldResolveAnOpenInADstGapLaterByTheGap() {
        TradingCalendar c = TradingCalendar.custom(ZoneId.of("America/New_York"), LocalTime.of(2, 30), LocalTime.of(10, 0),
                EnumSet.allOf(DayOfWeek.class));
        // 02:30 does not exist on 2024-03-10: the session opens at 03:30 EDT (07:30Z)
        assertThat(c.window(DAY, at("2024-03-10T07:45:00Z"))).isEqualTo(w("2024-03-10T07:30:00Z", "2024-03-10T14:00:00Z"));
        assertThat(c.window(M60, at("2024-03-10T07:45:00Z"))).isEqualTo(w("2024-03-10T07:30:00Z", "2024-03-10T08:30:00Z"));
        assertThat(c.inSession(at("2024-03-10T07:15:00Z"))).isFalse();
        assertThat(c.window(DAY, at("2024-03-11T07:00:00Z"))).isEqualTo(w("2024-03-11T06:30:00Z", "2024-03-11T14:00:00Z"));
    }

    @Test
    void shouldRoundTripSpecsThroughParse() {
        for (String spec : List.of("us-equities", "24x7", "custom:America/Chicago:17:00-16:00:MON-FRI",
                "custom:America/Chicago:17:00-16:00:SUN-FRI", "custom:UTC:09:00-17:00:MON,WED,FRI",
                "custom:Etc/GMT-5:09:00-15:00:SAT-MON,WED", "custom:+05:30:09:15-15:30:MON-SUN",
                "custom:Asia/Shanghai:09:30-15:00:MON-FRI")) {
            TradingCalendar c = TradingCalendar.parse(spec);
            assertThat(c.spec()).isEqualTo(spec);
            assertThat(TradingCalendar.parse(c.spec())).isEqualTo(c);
        }
        assertThat(TradingCalendar.parse("us-equities")).isEqualTo(TradingCalendar.usEquities());
        assertThat(TradingCalendar.always().spec()).isEqualTo("24x7");
    }

    @Test
    void shouldWriteCanonicalDaysWhateverTheInputForm() {
        assertThat(TradingCalendar.parse("custom:UTC:09:00-17:00:fri,thu,wed,tue,mon").spec())
                .isEqualTo("custom:UTC:09:00-17:00:MON-FRI");
        assertThat(TradingCalendar.parse("custom:UTC:09:00-17:00:FRI-MON").spec())
                .isEqualTo("custom:UTC:09:00-17:00:FRI-MON");
        assertThat(TradingCalendar.custom(ZoneId.of("America/Chicago"), LocalTime.of(17, 0), LocalTime.of(16, 0),
                Set.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY)).spec())
                .isEqualTo("custom:America/Chicago:17:00-16:00:SUN-TUE");
    }

    @Test
    void shouldNameTheBadPartOfASpec() {
        assertThatThrownBy(() -> TradingCalendar.parse("nyse"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nyse'").hasMessageContaining("us-equities").hasMessageContaining("custom:ZONE:HH:MM-HH:MM:DAYS");
        assertThatThrownBy(() -> TradingCalendar.parse("custom:UTC:9:00-17:00:MON-FRI"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("custom:ZONE:HH:MM-HH:MM:DAYS");
        assertThatThrownBy(() -> TradingCalendar.parse("custom:Mars/Olympus:09:00-17:00:MON-FRI"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zone 'Mars/Olympus'");
        assertThatThrownBy(() -> TradingCalendar.parse("custom:UTC:25:00-17:00:MON-FRI"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("open '25:00'");
        assertThatThrownBy(() -> TradingCalendar.parse("custom:UTC:09:00-17:60:MON-FRI"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("close '17:60'");
        assertThatThrownBy(() -> TradingCalendar.parse("custom:UTC:09:00-17:00:MON-FUN"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'FUN' is not a day");
        assertThatThrownBy(() -> TradingCalendar.parse("custom:UTC:09:00-17:00:MON-WED-FRI"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("days item 'MON-WED-FRI'");
        assertThatThrownBy(() -> TradingCalendar.parse("custom:UTC:09:00-17:00:"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("days are empty");
        assertThatThrownBy(() -> TradingCalendar.parse(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    }

    @Test
    void shouldRejectCustomSessionsThatDoNotStartOnAWholeMinute() {
        ZoneId utc = ZoneId.of("UTC");
        Set<DayOfWeek> weekdays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        assertThatThrownBy(() -> TradingCalendar.custom(utc, LocalTime.of(9, 30, 15), LocalTime.of(16, 0), weekdays))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("open 09:30:15").hasMessageContaining("whole minute");
        assertThatThrownBy(() -> TradingCalendar.custom(utc, LocalTime.of(9, 30), LocalTime.of(16, 0).plusNanos(1), weekdays))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("close");
        assertThatThrownBy(() -> TradingCalendar.custom(utc, LocalTime.of(9, 30), LocalTime.of(16, 0), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("days");
        assertThatThrownBy(() -> TradingCalendar.custom(null, LocalTime.of(9, 30), LocalTime.of(16, 0), weekdays))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zone");
    }
}
