package io.chanflow.jobs.io;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BarTimeTest {

    private static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void shouldReadADateAsMidnightUtcThatAlignsAt2359() {
        BarTime t = BarTime.parse("2006-01-02");
        assertThat(t.epochMillis()).isEqualTo(ms("2006-01-02T00:00:00Z"));
        assertThat(t.dateOnly()).isTrue();
        assertThat(t.alignmentMillis()).isEqualTo(ms("2006-01-02T23:59:00Z"));
        assertThat(t.calendarDay()).isEqualTo(LocalDate.of(2006, 1, 2));
    }

    @Test
    void shouldReadEveryAcceptedFormAndKeepTheText() {
        assertThat(BarTime.parse("2006-01-02T09:01").epochMillis()).isEqualTo(ms("2006-01-02T09:01:00Z"));
        assertThat(BarTime.parse("2006-01-02T09:01:30").epochMillis()).isEqualTo(ms("2006-01-02T09:01:30Z"));
        assertThat(BarTime.parse("2006-01-02T09:01:30.250Z").epochMillis()).isEqualTo(ms("2006-01-02T09:01:30.250Z"));
        assertThat(BarTime.parse("2006-01-02 09:01").epochMillis()).isEqualTo(ms("2006-01-02T09:01:00Z"));
        assertThat(BarTime.parse("2006-01-02 09:01:05").epochMillis()).isEqualTo(ms("2006-01-02T09:01:05Z"));
        assertThat(BarTime.parse("2006-01-02T09:01:00+08:00").epochMillis()).isEqualTo(ms("2006-01-02T01:01:00Z"));
        assertThat(BarTime.parse("2006-01-02T09:01:00-05:30").epochMillis()).isEqualTo(ms("2006-01-02T14:31:00Z"));
        assertThat(BarTime.parse("1136192460000").epochMillis()).isEqualTo(1136192460000L);
        BarTime t = BarTime.parse(" 2006-01-02T09:01:00.000Z ");
        assertThat(t.text()).isEqualTo("2006-01-02T09:01:00.000Z");
        assertThat(t.dateOnly()).isFalse();
        assertThat(t.alignmentMillis()).isEqualTo(t.epochMillis());
    }

    @Test
    void shouldRejectMalformedTimesNamingThem() {
        assertThatThrownBy(() -> BarTime.parse("02/01/2006")).hasMessageContaining("02/01/2006");
        assertThatThrownBy(() -> BarTime.parse("2006-02-30")).hasMessageContaining("2006-02-30");
        assertThatThrownBy(() -> BarTime.parse("2006-01-02T25:00")).hasMessageContaining("25:00");
        assertThatThrownBy(() -> BarTime.parse("")).hasMessageContaining("empty");
    }
}
