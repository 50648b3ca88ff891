package io.chanflow.state.bars;

import io.chanflow.state.Bar;
import io.chanflow.state.bars.BarAggregator.ClosedBar;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.chanflow.state.bars.BarLevel.DAY;
import static io.chanflow.state.bars.BarLevel.M1;
import static io.chanflow.state.bars.BarLevel.M15;
import static io.chanflow.state.bars.BarLevel.M30;
import static io.chanflow.state.bars.BarLevel.M5;
import static io.chanflow.state.bars.BarLevel.M60;
import static io.chanflow.state.bars.BarLevel.MONTH;
import static io.chanflow.state.bars.BarLevel.WEEK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The aggregator on the US calendar around the July/August 2024 month end (EDT: the session is
 * 13:30Z-20:00Z; the week of Monday 29 July straddles the two months). Expected bars are written
 * by hand.
 */
class BarAggregatorTest {

    private static final TradingCalendar US = TradingCalendar.usEquities();

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    static Tick tick(String iso, double price, double size) {
        return new Tick("SPY", at(iso), price, size);
    }

    static ClosedBar bar(BarLevel level, String start, String end, double o, double h, double l, double c, double v, int n) {
        return new ClosedBar(level, at(start), at(end), o, h, l, c, v, n);
    }

    /**
     * One input event: a tick or a watermark. A tick comes with a watermark at the start of its
     * minute just before it (as a stream in time order delivers it), so what that closes is the
     * tick's event's output.
     */
    private record Event(Tick tick, long watermark) {
        List<ClosedBar> apply(BarAggregator a) {
            if (tick == null) {
                return a.onWatermark(watermark);
            }
            List<ClosedBar> closed = a.onWatermark(Math.floorDiv(tick.ts(), 60_000L) * 60_000L);
            a.onTick(tick);
            return closed;
        }
    }

    private static final List<Event> SCRIPT = List.of(
            new Event(tick("2024-07-31T13:30:05Z", 100, 10), 0),
            new Event(tick("2024-07-31T13:30:40Z", 101, 5), 0),
            new Event(tick("2024-07-31T13:31:10Z", 99, 1), 0),
            new Event(tick("2024-07-31T13:36:00Z", 102, 2), 0),
            new Event(tick("2024-07-31T19:59:30Z", 103, 4), 0),
            new Event(tick("2024-08-01T13:30:00Z", 98, 3), 0),
            new Event(null, at("2024-08-01T13:31:00Z")),
            new Event(null, at("2024-08-02T20:00:00Z")),
            new Event(tick("2024-09-03T13:45:00Z", 97, 1), 0),
            new Event(null, Long.MAX_VALUE));

    @Test
    void shouldCloseBarsAcrossMinuteHourDayWeekAndMonthBoundariesInCloseOrder() {
        BarAggregator a = new BarAggregator(US);
        List<List<ClosedBar>> out = new ArrayList<>();
        for (Event e : SCRIPT) {
            out.add(e.apply(a));
        }
        assertThat(out.get(0)).isEmpty();
        assertThat(out.get(1)).isEmpty();
        assertThat(out.get(2)).containsExactly(
                bar(M1, "2024-07-31T13:30:00Z", "2024-07-31T13:31:00Z", 100, 101, 100, 101, 15, 2));
        // 13:32-13:35 had no ticks: no 1m bars, but the 5m bar closes
        assertThat(out.get(3)).containsExactly(
                bar(M1, "2024-07-31T13:31:00Z", "2024-07-31T13:32:00Z", 99, 99, 99, 99, 1, 1),
                bar(M5, "2024-07-31T13:30:00Z", "2024-07-31T13:35:00Z", 100, 101, 99, 99, 16, 3));
        assertThat(out.get(4)).containsExactly(
                bar(M1, "2024-07-31T13:36:00Z", "2024-07-31T13:37:00Z", 102, 102, 102, 102, 2, 1),
                bar(M5, "2024-07-31T13:35:00Z", "2024-07-31T13:40:00Z", 102, 102, 102, 102, 2, 1),
                bar(M15, "2024-07-31T13:30:00Z", "2024-07-31T13:45:00Z", 100, 102, 99, 102, 18, 4),
                bar(M30, "2024-07-31T13:30:00Z", "2024-07-31T14:00:00Z", 100, 102, 99, 102, 18, 4),
                bar(M60, "2024-07-31T13:30:00Z", "2024-07-31T14:30:00Z", 100, 102, 99, 102, 18, 4));
        // everything ending at Wednesday's close, July included; the week runs on to Friday
        assertThat(out.get(5)).containsExactly(
                bar(M1, "2024-07-31T19:59:00Z", "2024-07-31T20:00:00Z", 103, 103, 103, 103, 4, 1),
                bar(M5, "2024-07-31T19:55:00Z", "2024-07-31T20:00:00Z", 103, 103, 103, 103, 4, 1),
                bar(M15, "2024-07-31T19:45:00Z", "2024-07-31T20:00:00Z", 103, 103, 103, 103, 4, 1),
                bar(M30, "2024-07-31T19:30:00Z", "2024-07-31T20:00:00Z", 103, 103, 103, 103, 4, 1),
                bar(M60, "2024-07-31T19:30:00Z", "2024-07-31T20:00:00Z", 103, 103, 103, 103, 4, 1),
                bar(DAY, "2024-07-31T13:30:00Z", "2024-07-31T20:00:00Z", 100, 103, 99, 103, 22, 5),
                bar(MONTH, "2024-07-01T13:30:00Z", "2024-07-31T20:00:00Z", 100, 103, 99, 103, 22, 5));
        assertThat(out.get(6)).containsExactly(
                bar(M1, "2024-08-01T13:30:00Z", "2024-08-01T13:31:00Z", 98, 98, 98, 98, 3, 1));
        // Friday's close: no Friday ticks, so no Friday day bar, but the week (from Monday's open) closes
        assertThat(out.get(7)).containsExactly(
                bar(M5, "2024-08-01T13:30:00Z", "2024-08-01T13:35:00Z", 98, 98, 98, 98, 3, 1),
                bar(M15, "2024-08-01T13:30:00Z", "2024-08-01T13:45:00Z", 98, 98, 98, 98, 3, 1),
                bar(M30, "2024-08-01T13:30:00Z", "2024-08-01T14:00:00Z", 98, 98, 98, 98, 3, 1),
                bar(M60, "2024-08-01T13:30:00Z", "2024-08-01T14:30:00Z", 98, 98, 98, 98, 3, 1),
                bar(DAY, "2024-08-01T13:30:00Z", "2024-08-01T20:00:00Z", 98, 98, 98, 98, 3, 1),
                bar(WEEK, "2024-07-29T13:30:00Z", "2024-08-02T20:00:00Z", 100, 103, 98, 98, 25, 6));
        // a tick after Labor Day closes August (last session day Friday the 30th)
        assertThat(out.get(8)).containsExactly(
                bar(MONTH, "2024-08-01T13:30:00Z", "2024-08-30T20:00:00Z", 98, 98, 98, 98, 3, 1));
        assertThat(out.get(9)).extracting(ClosedBar::level).containsExactly(M1, M5, M15, M30, M60, DAY, WEEK, MONTH);
        assertThat(out.get(9)).allSatisfy(b -> assertThat(b.ticks()).isEqualTo(1));
        assertThat(a.nextCloseTime()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldEmitAMonthThatEndsBeforeItsWeekFirstThoughItIsTheHigherLevel() {
        BarAggregator a = new BarAggregator(US);
        a.onTick(tick("2024-07-31T19:59:30Z", 103, 4));
        assertThat(a.onWatermark(at("2024-08-02T20:00:00Z")))
                .extracting(ClosedBar::level, ClosedBar::end)
                .containsExactly(
                        tuple(M1, at("2024-07-31T20:00:00Z")), tuple(M5, at("2024-07-31T20:00:00Z")),
                        tuple(M15, at("2024-07-31T20:00:00Z")), tuple(M30, at("2024-07-31T20:00:00Z")),
                        tuple(M60, at("2024-07-31T20:00:00Z")), tuple(DAY, at("2024-07-31T20:00:00Z")),
                        tuple(MONTH, at("2024-07-31T20:00:00Z")), tuple(WEEK, at("2024-08-02T20:00:00Z")));
    }

    @Test
    void shouldReportTheNextCloseTimeAsTheEarliestFormingWindowEnd() {
        BarAggregator a = new BarAggregator(US);
        assertThat(a.nextCloseTime()).isEqualTo(Long.MAX_VALUE);
        a.onTick(tick("2024-08-01T13:30:00Z", 98, 3));
        assertThat(a.nextCloseTime()).as("the forming 1m bar").isEqualTo(at("2024-08-01T13:31:00Z"));
        a.onWatermark(at("2024-08-01T13:31:00Z"));
        assertThat(a.nextCloseTime()).as("the 5m bar").isEqualTo(at("2024-08-01T13:35:00Z"));
        a.onWatermark(at("2024-08-01T20:00:00Z"));
        assertThat(a.nextCloseTime()).as("the week").isEqualTo(at("2024-08-02T20:00:00Z"));
        a.onWatermark(at("2024-08-02T20:00:00Z"));
        assertThat(a.nextCloseTime()).as("August").isEqualTo(at("2024-08-30T20:00:00Z"));
    }

    @Test
    void shouldCloseOnlyBarsEndingAtOrBeforeTheWatermark() {
        BarAggregator a = new BarAggregator(US);
        a.onTick(tick("2024-08-01T13:30:00Z", 98, 3));
        assertThat(a.onWatermark(at("2024-08-01T13:30:59.999Z"))).isEmpty();
        assertThat(a.onWatermark(at("2024-08-01T13:31:00Z"))).extracting(ClosedBar::level).containsExactly(M1);
        assertThat(a.onWatermark(at("2024-08-01T13:31:00Z"))).as("emitted once").isEmpty();
        assertThat(a.onWatermark(at("2024-08-01T14:00:00Z"))).extracting(ClosedBar::level).containsExactly(M5, M15, M30);
    }

    @Test
    void shouldAcceptTicksFromTheFrontierOnAndRejectLateOnes() {
        BarAggregator a = new BarAggregator(US);
        assertThat(a.acceptsTime(Long.MIN_VALUE)).isTrue();
        a.onTick(tick("2024-07-31T13:30:05Z", 100, 10));
        // a later minute's tick before the watermark: earlier minutes stay open
        a.onTick(tick("2024-07-31T13:36:00Z", 102, 2));
        assertThat(a.acceptsTime(at("2024-07-31T13:31:00Z"))).isTrue();
        a.onTick(tick("2024-07-31T13:30:50Z", 101, 1));
        assertThat(a.onWatermark(at("2024-07-31T13:36:00Z"))).extracting(ClosedBar::level, ClosedBar::ticks)
                .containsExactly(tuple(M1, 2), tuple(M5, 2));
        // 13:31-13:36 were empty and the 5m bar 13:30-13:35 has been emitted: they are closed
        assertThat(a.acceptsTime(at("2024-07-31T13:31:00Z"))).isFalse();
        assertThat(a.acceptsTime(at("2024-07-31T13:35:59.999Z"))).isFalse();
        assertThat(a.acceptsTime(at("2024-07-31T13:36:00Z"))).isTrue();
        a.onTick(tick("2024-07-31T13:36:00Z", 101, 1));
        a.onWatermark(at("2024-07-31T13:40:00Z"));
        assertThat(a.acceptsTime(at("2024-07-31T13:39:59.999Z"))).isFalse();
        assertThat(a.acceptsTime(at("2024-07-31T13:40:00Z"))).isTrue();
        assertThatThrownBy(() -> a.onTick(tick("2024-07-31T13:37:00Z", 101, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("late")
                .hasMessageContaining("2024-07-31T13:37:00Z").hasMessageContaining("2024-07-31T13:40:00Z");
    }

    @Test
    void shouldRejectATickOutsideTheSession() {
        BarAggregator a = new BarAggregator(US);
        assertThatThrownBy(() -> a.onTick(tick("2024-07-31T12:00:00Z", 100, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the sessions of us-equities");
        assertThat(a.nextCloseTime()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldTakeOpenAndCloseFromTheFirstAndLastTickAddedWithinAMinute() {
        BarAggregator a = new BarAggregator(US);
        a.onTick(tick("2024-07-31T13:30:40Z", 100, 1));
        a.onTick(tick("2024-07-31T13:30:10Z", 99.5, 0));
        a.onTick(tick("2024-07-31T13:30:20Z", 100.25, 2));
        assertThat(a.onWatermark(at("2024-07-31T13:31:00Z"))).containsExactly(
                bar(M1, "2024-07-31T13:30:00Z", "2024-07-31T13:31:00Z", 100, 100.25, 99.5, 100.25, 3, 3));
    }

    @Test
    void shouldContinueIdenticallyAfterAByteRoundTripAtEveryPointOfTheScript() {
        for (int k = 0; k <= SCRIPT.size(); k++) {
            BarAggregator a = new BarAggregator(US);
            for (Event e : SCRIPT.subList(0, k)) {
                e.apply(a);
            }
            byte[] bytes = a.toBytes();
            BarAggregator b = BarAggregator.fromBytes(bytes, US);
            assertThat(b.toBytes()).as("re-encoded after %d events", k).isEqualTo(bytes);
            assertThat(b.nextCloseTime()).isEqualTo(a.nextCloseTime());
            for (Event e : SCRIPT.subList(k, SCRIPT.size())) {
                assertThat(e.apply(b)).as("restored after %d events", k).isEqualTo(e.apply(a));
            }
        }
    }

    @Test
    void shouldEncodeCompactly() {
        BarAggregator a = new BarAggregator(US);
        assertThat(a.toBytes()).as("magic, version, calendar hash, frontier, level mask, 1m count").hasSize(24);
        a.onTick(tick("2024-07-31T13:30:05Z", 100, 10));
        a.onTick(tick("2024-07-31T13:31:05Z", 100, 10));
        assertThat(a.toBytes()).as("two 1m bars forming before the watermark").hasSize(24 + 2 * 60);
        a.onWatermark(at("2024-07-31T13:31:00Z"));
        assertThat(a.toBytes()).as("all 8 levels forming").hasSize(24 + 8 * 60);
    }

    @Test
    void shouldRefuseStateOfAnotherCalendarOrFormat() {
        BarAggregator a = new BarAggregator(US);
        a.onTick(tick("2024-07-31T13:30:05Z", 100, 10));
        byte[] bytes = a.toBytes();
        assertThatThrownBy(() -> BarAggregator.fromBytes(bytes, TradingCalendar.always()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another trading calendar than 24x7");
        byte[] badMagic = bytes.clone();
        badMagic[0] ^= 1;
        assertThatThrownBy(() -> BarAggregator.fromBytes(badMagic, US))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad magic");
        byte[] badVersion = bytes.clone();
        badVersion[4] = 9;
        assertThatThrownBy(() -> BarAggregator.fromBytes(badVersion, US))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
        assertThatThrownBy(() -> BarAggregator.fromBytes(Arrays.copyOf(bytes, bytes.length - 1), US))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> BarAggregator.fromBytes(Arrays.copyOf(bytes, bytes.length + 1), US))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 trailing bytes");
    }

    @Test
    void shouldTurnAClosedBarIntoAnEngineBarStampedWithItsStart() {
        ClosedBar b = bar(M5, "2024-07-31T13:30:00Z", "2024-07-31T13:35:00Z", 100, 101, 99, 99, 16, 3);
        assertThat(b.toBar()).isEqualTo(new Bar(at("2024-07-31T13:30:00Z"), 100, 101, 99, 99, 16));
    }

    @Test
    void shouldValidateClosedBarsAndTicksNamingTheField() {
        assertThatThrownBy(() -> new ClosedBar(M1, 10, 10, 1, 1, 1, 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end");
        assertThatThrownBy(() -> new ClosedBar(M1, 0, 10, 1, 1, 1, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ticks");
        assertThatThrownBy(() -> new Tick(" ", 0, 1, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbol");
        assertThatThrownBy(() -> new Tick("X", 0, 0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price");
        assertThatThrownBy(() -> new Tick("X", 0, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price");
        assertThatThrownBy(() -> new Tick("X", 0, 1, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
        assertThatThrownBy(() -> new Tick("X", 0, 1, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
        assertThat(new Tick("X", 0, 1, 0).size()).isZero();
    }

    @Test
    void shouldMapLevelLabelsBothWays() {
        for (BarLevel l : BarLevel.values()) {
            assertThat(BarLevel.ofLabel(l.label())).isEqualTo(l);
        }
        assertThat(BarLevel.M60.label()).isEqualTo("60m");
        assertThatThrownBy(() -> BarLevel.ofLabel("1h"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1h'").hasMessageContaining("1m, 5m, 15m, 30m, 60m, day, week, month");
    }
}
