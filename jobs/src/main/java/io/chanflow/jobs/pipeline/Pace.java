package io.chanflow.jobs.pipeline;

import java.io.Serializable;
import java.util.Locale;

/**
 * Replay speed: {@code max} (as fast as possible) or a factor of event time ({@code 60x}: one
 * minute of market time per wall second). Pacing only delays emission; it never changes what is
 * computed, which depends on event time alone. Gaps longer than {@link #MAX_PAUSE_MS} of wall time
 * (nights, weekends) are cut to that, so a replay never stalls.
 */
public record Pace(double factor) implements Serializable {
    public static final long MAX_PAUSE_MS = 1_000;
    public static final Pace MAX = new Pace(Double.POSITIVE_INFINITY);

    public Pace {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("speed must be > 0, got " + factor);
        }
    }

    /** {@code max}, {@code 60x}, {@code 60}. */
    public static Pace parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("max")) {
            return MAX;
        }
        if (t.endsWith("x")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return new Pace(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--speed must be 'max' or a factor like 60x, got '" + s + "'");
        }
    }

    public boolean unlimited() {
        return Double.isInfinite(factor);
    }

    @Override
    public String toString() {
        return unlimited() ? "max" : (factor == Math.rint(factor) ? String.valueOf((long) factor) : String.valueOf(factor)) + "x";
    }

    /** Sleeps as needed; one instance per source reader (not thread-safe, not part of any state). */
    public static final class Clock {
        private final Pace pace;
        private long lastEvent = Long.MIN_VALUE;
        private long dueNanos;

        public Clock(Pace pace) {
            this.pace = pace;
        }

        public void await(long eventTime) throws InterruptedException {
            if (pace.unlimited() || eventTime <= 0) {
                return;
            }
            long now = System.nanoTime();
            if (lastEvent == Long.MIN_VALUE) {
                dueNanos = now;
            } else if (eventTime > lastEvent) {
                double wallMs = Math.min((eventTime - lastEvent) / pace.factor, MAX_PAUSE_MS);
                dueNanos += (long) (wallMs * 1e6);
            }
            lastEvent = Math.max(lastEvent, eventTime);
            long wait = dueNanos - now;
            if (wait > 1_000_000) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } else if (wait < -2_000_000_000L) {
                dueNanos = now; // fell behind by more than 2 s: do not burst to catch up
            }
        }
    }
}
