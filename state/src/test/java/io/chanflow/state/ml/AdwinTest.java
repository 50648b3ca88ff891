package io.chanflow.state.ml;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AdwinTest {

    private static double bernoulli(SplittableRandom r, double p) {
        return r.nextDouble() < p ? 1.0 : 0.0;
    }

    /** Feeds {@code before} values of Bernoulli(p0), then Bernoulli(p1) until a detection; returns the delay or -1. */
    private static int delay(Adwin adwin, SplittableRandom r, double p0, int before, double p1, int maxAfter) {
        for (int i = 0; i < before; i++) {
            assertThat(adwin.add(bernoulli(r, p0))).as("false alarm before the shift, at %d", i).isFalse();
        }
        for (int i = 1; i <= maxAfter; i++) {
            if (adwin.add(bernoulli(r, p1))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void shouldDetectALargeMeanShiftWithinBoundedDelay() {
        // 0.2 -> 0.8 after 5000: with W0 = 5000 and a new part W1 of k values, var(W) <= 0.25 and
        // ln(2/delta') ~ 9.1, the cut threshold is sqrt(2 * 0.25 * 9.1 / k) + 6.1 / k: below 0.45 from
        // k = 40, against a true gap of 0.6 (the noise of the new part's mean is ~0.4/sqrt(k) ~ 0.06).
        // Checks come every 32 values and cut points lie on bucket boundaries, which adds at most
        // about one clock and a bucket: 200 is a safe bound. Measured: 24 or 56 on every seed.
        for (long seed = 1; seed <= 5; seed++) {
            int d = delay(new Adwin(Adwin.Config.defaultConfig()), new SplittableRandom(seed), 0.2, 5000, 0.8, 5000);
            System.out.printf("ADWIN 0.2 -> 0.8, seed %d: detected %d values after the shift%n", seed, d);
            assertThat(d).as("seed %d", seed).isBetween(1, 200);
        }
    }

    @Test
    void shouldDetectASmallMeanShiftWithinALooserBound() {
        // 0.3 -> 0.5 after 5000: with k = 1000 new values m = 833, var(W) ~ 0.24, ln(2/delta') ~ 9.1,
        // so the threshold is ~0.080 while the observed gap (0.2) has a standard deviation of ~0.017:
        // missing it by then would take a 7-sigma deviation. Measured on 50 seeds: 56 to 344.
        for (long seed = 1; seed <= 5; seed++) {
            int d = delay(new Adwin(Adwin.Config.defaultConfig()), new SplittableRandom(seed), 0.3, 5000, 0.5, 5000);
            System.out.printf("ADWIN 0.3 -> 0.5, seed %d: detected %d values after the shift%n", seed, d);
            assertThat(d).as("seed %d", seed).isBetween(1, 1000);
        }
    }

    @Test
    void shouldRaiseNoFalseAlarmOnAStationaryStream() {
        // 50 streams of 100k values at the default confidence (0 of 300 alarmed when it was chosen)
        for (long seed = 1; seed <= 50; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Adwin adwin = new Adwin(Adwin.Config.defaultConfig());
            for (int i = 0; i < 100_000; i++) {
                assertThat(adwin.add(bernoulli(r, 0.3))).as("seed %d, value %d", seed, i).isFalse();
            }
            assertThat(adwin.detections()).isZero();
            assertThat(adwin.width()).isEqualTo(100_000);
            assertThat(adwin.mean()).isCloseTo(0.3, within(0.01));
        }
    }

    @Test
    void shouldTrackTheNewMeanAfterACut() {
        for (long seed = 1; seed <= 5; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Adwin adwin = new Adwin(Adwin.Config.defaultConfig());
            int d = delay(adwin, r, 0.2, 5000, 0.8, 5000);
            assertThat(adwin.width()).as("most of the old window is dropped at once").isLessThan(1000);
            for (int i = 0; i < 1000; i++) {
                adwin.add(bernoulli(r, 0.8));
            }
            long sinceShift = d + 1000L;
            System.out.printf("ADWIN after the 0.2 -> 0.8 cut, seed %d: width %d (%d values since the shift), mean %.4f%n", seed,
                    adwin.width(), sinceShift, adwin.mean());
            assertThat(adwin.width()).as("window holds (almost) only new values").isLessThanOrEqualTo(sinceShift + 64);
            assertThat(adwin.mean()).isCloseTo(0.8, within(0.05));
        }
    }

    @Test
    void shouldKeepItsHistogramLogarithmicInTheWindow() {
        Adwin adwin = new Adwin(Adwin.Config.defaultConfig());
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            adwin.add(bernoulli(r, 0.3));
        }
        // at most M + 1 buckets (8 + 8 + 8 + 8 bytes with sizes) per row, 17 rows for 100k values
        assertThat(adwin.toBytes().length).isLessThan(17 * 5 * 16 + 100);
        assertThat(adwin.variance()).isCloseTo(0.21, within(0.01));
    }

    @Test
    void shouldComputeTheWindowMeanAndVarianceExactlyWhileSmall() {
        Adwin adwin = new Adwin(Adwin.Config.defaultConfig());
        double[] values = {1, 4, 2, 8, 5, 7};
        for (double v : values) {
            adwin.add(v);
        }
        // mean 27/6 = 4.5; squared deviations 12.25 + 0.25 + 6.25 + 12.25 + 0.25 + 6.25 = 37.5
        assertThat(adwin.mean()).isCloseTo(4.5, within(1e-12));
        assertThat(adwin.variance()).isCloseTo(37.5 / 6, within(1e-12));
        assertThat(adwin.width()).isEqualTo(6);
        assertThat(new Adwin(Adwin.Config.defaultConfig()).mean()).isNaN();
    }

    @Test
    void shouldRejectInvalidSettingsAndValuesNamingThem() {
        assertThatThrownBy(() -> new Adwin.Config(0, 5, 32)).hasMessageStartingWith("delta");
        assertThatThrownBy(() -> new Adwin.Config(0.002, 1, 32)).hasMessageStartingWith("bucketsPerRow");
        assertThatThrownBy(() -> new Adwin.Config(0.002, 5, 0)).hasMessageStartingWith("clock");
        assertThatThrownBy(() -> new Adwin(Adwin.Config.defaultConfig()).add(Double.NaN)).hasMessageStartingWith("value");
    }
}
