package io.chanflow.jobs.evaluate;

import io.chanflow.jobs.SharedData;
import io.chanflow.jobs.io.BarCsv;
import io.chanflow.state.Bar;
import io.chanflow.state.bars.BarLevel;
import io.chanflow.state.bars.TradingCalendar;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Higher-level bars built from the evaluated level: the same bars an independent grouping gives,
 * handed over only once closed.
 */
class EvaluateHigherBarsTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** Feeds every bar; {@code handedBefore.get(i)} are the higher bars returned before lower bar i. */
    private record Fed(List<Bar> higher, List<List<Bar>> handedBefore) { }

    private static Fed feed(HigherBars hb, List<Bar> bars, List<LocalDate> days) {
        List<Bar> all = new ArrayList<>();
        List<List<Bar>> before = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            List<Bar> h = hb.onBar(bars.get(i), days == null ? null : days.get(i));
            all.addAll(h);
            before.add(h);
        }
        return new Fed(all, before);
    }

    /** Open of the first, extremes, close of the last, summed volume, stamped with the first bar's time. */
    private static Bar reduce(List<Bar> group) {
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        double volume = 0;
        for (Bar b : group) {
            high = Math.max(high, b.high());
            low = Math.min(low, b.low());
            volume += b.volume();
        }
        return new Bar(group.get(0).time(), group.get(0).open(), high, low, group.get(group.size() - 1).close(), volume);
    }

    @Test
    void shouldBuildTheWeeksOfRealSpyDailyBarsAsTheDerivedWeeklyFileHasThem() {
        List<BarCsv.Row> rows = BarCsv.read(SharedData.real("chenc319-silverlight/SPY_daily.norm.csv"));
        List<BarCsv.Row> weekly = BarCsv.read(SharedData.real("chenc319-silverlight/derived/SPY_week.norm.csv"));
        List<Bar> bars = rows.stream().map(BarCsv.Row::bar).toList();
        List<LocalDate> days = rows.stream().map(r -> r.time().calendarDay()).toList();
        Fed fed = feed(new HigherBars(BarLevel.DAY, null), bars, days);

        // every week but the last, which never closes within the data
        assertThat(fed.higher()).hasSize(weekly.size() - 1);
        for (int i = 0; i < fed.higher().size(); i++) {
            Bar mine = fed.higher().get(i);
            Bar ref = weekly.get(i).bar();
            assertThat(new double[] {mine.open(), mine.high(), mine.low(), mine.close(), mine.volume()}).as("week " + i)
                    .containsExactly(ref.open(), ref.high(), ref.low(), ref.close(), ref.volume());
        }
        // a week is handed over with the first bar of the next ISO week, never with a bar of its own
        for (int i = 1; i < bars.size(); i++) {
            boolean newWeek = !sameIsoWeek(days.get(i), days.get(i - 1));
            assertThat(fed.handedBefore().get(i)).as(days.get(i).toString()).hasSize(newWeek ? 1 : 0);
            if (newWeek) {
                assertThat(fed.handedBefore().get(i).get(0).time()).isLessThan(bars.get(i).time());
            }
        }
    }

    private static boolean sameIsoWeek(LocalDate a, LocalDate b) {
        return a.get(IsoFields.WEEK_BASED_YEAR) == b.get(IsoFields.WEEK_BASED_YEAR)
                && a.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) == b.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    @Test
    void shouldBuildTheNewYorkSessionDaysOfRealSpy60mBarsStampedAtTheFirstHour() {
        List<Bar> bars = BarCsv.read(SharedData.real("quantconnect-lean/SPY_60m_19980102_20210331.norm.csv")).stream()
                .map(BarCsv.Row::bar).toList();
        HigherBars hb = new HigherBars(BarLevel.M60, TradingCalendar.usEquities());
        Fed fed = feed(hb, bars, null);

        // independent grouping: the New York date of each bar's start (09:00 .. 15:00 bars)
        List<Bar> expected = new ArrayList<>();
        List<Bar> group = new ArrayList<>();
        LocalDate current = null;
        for (Bar b : bars) {
            LocalDate d = ZonedDateTime.ofInstant(Instant.ofEpochMilli(b.time()), NEW_YORK).toLocalDate();
            if (current != null && !d.equals(current)) {
                expected.add(reduce(group));
                group = new ArrayList<>();
            }
            current = d;
            group.add(b);
        }
        assertThat(expected).hasSizeGreaterThan(5_000);
        assertThat(fed.higher()).isEqualTo(expected);
        assertThat(hb.outsideSession()).isZero();
        assertThat(hb.built()).isEqualTo(expected.size());
        // handed over before the first bar of the next day, whose start is at or after the session close
        for (int i = 0; i < bars.size(); i++) {
            for (Bar day : fed.handedBefore().get(i)) {
                assertThat(bars.get(i - 1).time()).isGreaterThanOrEqualTo(day.time());
                assertThat(bars.get(i).time() - bars.get(i - 1).time()).isGreaterThanOrEqualTo(17 * 3_600_000L);
            }
        }
    }

    private static long ny(String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), NEW_YORK).toInstant().toEpochMilli();
    }

    private static Bar bar(String localDateTime, double close) {
        return new Bar(ny(localDateTime), close, close + 1, close - 1, close, 10);
    }

    @Test
    void shouldHandOverA5mBarOnceALaterMinuteStartsAndLeavePreMarketBarsOut() {
        HigherBars hb = new HigherBars(BarLevel.M1, TradingCalendar.usEquities());
        assertThat(hb.higher()).isEqualTo(BarLevel.M5);
        assertThat(hb.onBar(bar("2013-10-07T08:00", 100), null)).isEmpty(); // pre-market: in no 5m bar
        assertThat(hb.onBar(bar("2013-10-07T09:30", 101), null)).isEmpty();
        assertThat(hb.onBar(bar("2013-10-07T09:32", 103), null)).isEmpty();
        // 09:34 ends the 09:30-09:35 window together with it: not handed over yet
        assertThat(hb.onBar(bar("2013-10-07T09:34", 102), null)).isEmpty();
        List<Bar> closed = hb.onBar(bar("2013-10-07T09:35", 104), null);
        assertThat(closed).containsExactly(new Bar(ny("2013-10-07T09:30"), 101, 104, 100, 102, 30));
        // a gap: the 09:35 bar closes when a bar after its window arrives
        assertThat(hb.onBar(bar("2013-10-07T09:50", 99), null)).containsExactly(
                new Bar(ny("2013-10-07T09:35"), 104, 105, 103, 104, 10));
        // after the close: out of session, but it still closes the 09:50 bar
        assertThat(hb.onBar(bar("2013-10-07T16:10", 98), null)).hasSize(1);
        assertThat(hb.outsideSession()).isEqualTo(2);
        assertThat(hb.built()).isEqualTo(3);
    }

    @Test
    void shouldGroupWeeksIntoTheMonthTheirDateNames() {
        HigherBars hb = new HigherBars(BarLevel.WEEK, null);
        LocalDate[] d = {LocalDate.of(2024, 1, 26), LocalDate.of(2024, 2, 2), LocalDate.of(2024, 2, 9),
            LocalDate.of(2024, 3, 1)};
        List<List<Bar>> handed = new ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            long t = d[i].atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            handed.add(hb.onBar(new Bar(t, 10 + i, 11 + i, 9 + i, 10 + i, 1), d[i]));
        }
        assertThat(handed.get(0)).isEmpty();
        assertThat(handed.get(1)).hasSize(1); // January closed by the first February week
        assertThat(handed.get(2)).isEmpty();
        assertThat(handed.get(3)).containsExactly(new Bar(d[1].atStartOfDay(ZoneOffset.UTC).toInstant()
                .toEpochMilli(), 11, 13, 10, 12, 2));
    }

    @Test
    void shouldClimbTheLevelsOneAtATimeAndNeedACalendarForIntradayBars() {
        assertThat(HigherBars.above(BarLevel.M60)).isEqualTo(BarLevel.DAY);
        assertThat(HigherBars.above(BarLevel.DAY)).isEqualTo(BarLevel.WEEK);
        assertThat(HigherBars.above(BarLevel.WEEK)).isEqualTo(BarLevel.MONTH);
        assertThat(HigherBars.above(BarLevel.MONTH)).isNull();
        assertThatThrownBy(() -> new HigherBars(BarLevel.M60, null)).hasMessageContaining("trading calendar");
        assertThatThrownBy(() -> new HigherBars(BarLevel.MONTH, null)).hasMessageContaining("no higher level");
    }
}
