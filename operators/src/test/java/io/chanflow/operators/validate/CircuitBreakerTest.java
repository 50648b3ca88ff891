package io.chanflow.operators.validate;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {

    @Test
    void shouldOpenAfterNConsecutiveFailuresAndHalfOpenAfterTheCoolDown() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker b = new CircuitBreaker(3, 1_000, now::get);
        b.failure();
        b.failure();
        b.success(); // resets the run
        b.failure();
        b.failure();
        assertThat(b.allow()).isTrue();
        b.failure();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.allow()).isFalse();
        now.set(999);
        assertThat(b.allow()).isFalse();
        now.set(1_000);
        assertThat(b.allow()).as("one trial").isTrue();
        assertThat(b.allow()).as("only one trial at a time").isFalse();
        b.failure();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.set(2_000);
        assertThat(b.allow()).isTrue();
        b.success();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(b.allow()).isTrue();
        assertThat(b.allow()).isTrue();
    }
}
