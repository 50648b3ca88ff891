package io.chanflow.state.outcome;

import io.chanflow.state.Bar;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The ta4j wiring against the formulas written out here, one loop each: Wilder's RSI and ATR (and
 * MACD, %B, volume z-score) over the bars of the window.
 */
class IndicatorWindowTest {

    /** A deterministic series with trends, swings, gaps and uneven volume. */
    static List<Bar> series(int n) {
        List<Bar> out = new ArrayList<>();
        double c = 50;
        long seed = 12345;
        for (int i = 0; i < n; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            double u = ((seed >>> 11) & ((1L << 53) - 1)) / (double) (1L << 53);
            double o = c + (u - 0.5) * 0.8;
            c = o + Math.sin(i / 7.0) * 0.9 + (u - 0.45) * 1.5;
            double h = Math.max(o, c) + u * 0.7;
            double l = Math.min(o, c) - (1 - u) * 0.6;
            out.add(new Bar(1_000_000L + i * 60_000L, o, h, l, c, 1000 + 900 * u + (i % 7 == 0 ? 2500 : 0)));
        }
        return out;
    }

    /** Wilder's smoothing as ta4j seeds it: the first value, then avg += (x - avg) / n. */
    private static double wilder(double[] x, int n) {
        double avg = x[0];
        for (int i = 1; i < x.length; i++) {
            avg += (x[i] - avg) / n;
        }
        return avg;
    }

    /** Textbook Wilder: the plain mean of the first n values from {@code from}, then avg = (avg * (n - 1) + x) / n. */
    private static double wilderSmaSeed(double[] x, int from, int n) {
        double avg = 0;
        for (int i = from; i < from + n; i++) {
            avg += x[i] / n;
        }
        for (int i = from + n; i < x.length; i++) {
            avg = (avg * (n - 1) + x[i]) / n;
        }
        return avg;
    }

    private static double ema(double[] x, int n) {
        double k = 2.0 / (n + 1);
        double e = x[0];
        for (int i = 1; i < x.length; i++) {
            e += (x[i] - e) * k;
        }
        return e;
    }

    private static double[] emaSeries(double[] x, int n) {
        double k = 2.0 / (n + 1);
        double[] e = new double[x.length];
        e[0] = x[0];
        for (int i = 1; i < x.length; i++) {
            e[i] = e[i - 1] + (x[i] - e[i - 1]) * k;
        }
        return e;
    }

    private static double[] gains(List<Bar> b, boolean up) {
        double[] g = new double[b.size()];
        for (int i = 1; i < b.size(); i++) {
            double d = b.get(i).close() - b.get(i - 1).close();
            g[i] = up ? Math.max(d, 0) : Math.max(-d, 0);
        }
        return g;
    }

    private static double[] trueRanges(List<Bar> b) {
        double[] tr = new double[b.size()];
        tr[0] = b.get(0).high() - b.get(0).low();
        for (int i = 1; i < b.size(); i++) {
            double pc = b.get(i - 1).close();
            Bar x = b.get(i);
            tr[i] = Math.max(x.high() - x.low(), Math.max(Math.abs(x.high() - pc), Math.abs(pc - x.low())));
        }
        return tr;
    }

    private static double rsi(double avgGain, double avgLoss) {
        return 100 - 100 / (1 + avgGain / avgLoss);
    }

    private static IndicatorWindow window(List<Bar> bars, int capacity) {
        IndicatorWindow w = new IndicatorWindow(capacity);
        for (Bar b : bars) {
            w.push(b);
        }
        return w;
    }

    @Test
    void shouldMatchWildersRsiAndAtrWorkedOutBarByBar() {
        List<Bar> bars = series(60);
        IndicatorWindow.Values v = window(bars, 200).values();
        double close = bars.get(bars.size() - 1).close();

        double expectedRsi = rsi(wilder(gains(bars, true), 14), wilder(gains(bars, false), 14));
        double expectedAtrPct = wilder(trueRanges(bars), 14) / close * 100;
        assertThat(v.rsi()).isCloseTo(expectedRsi, within(1e-9));
        assertThat(v.atrPct()).isCloseTo(expectedAtrPct, within(1e-12));
        assertThat(v.bars()).isEqualTo(60);
    }

    @Test
    void shouldMatchMacdHistogramPercentBAndVolumeZWorkedOutBarByBar() {
        List<Bar> bars = series(80);
        IndicatorWindow.Values v = window(bars, 200).values();
        int n = bars.size();
        double[] c = new double[n];
        double[] vol = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = bars.get(i).close();
            vol[i] = bars.get(i).volume();
        }
        double[] e12 = emaSeries(c, 12);
        double[] e26 = emaSeries(c, 26);
        double[] macd = new double[n];
        for (int i = 0; i < n; i++) {
            macd[i] = e12[i] - e26[i];
        }
        double hist = macd[n - 1] - ema(macd, 9);
        assertThat(v.macdHistPct()).isCloseTo(hist / c[n - 1] * 100, within(1e-12));

        double mean = 0;
        double vm = 0;
        for (int i = n - 20; i < n; i++) {
            mean += c[i] / 20;
            vm += vol[i] / 20;
        }
        double var = 0;
        double vv = 0;
        for (int i = n - 20; i < n; i++) {
            var += (c[i] - mean) * (c[i] - mean) / 20;
            vv += (vol[i] - vm) * (vol[i] - vm) / 20;
        }
        double sd = Math.sqrt(var);
        double lower = mean - 2 * sd;
        assertThat(v.percentB()).isCloseTo((c[n - 1] - lower) / (4 * sd), within(1e-9));
        assertThat(v.volumeZ()).isCloseTo((vol[n - 1] - vm) / Math.sqrt(vv), within(1e-9));
    }

    @Test
    void shouldComeWithinAMillionthOfTextbookWilderOnceTheWindowIsFull() {
        List<Bar> all = series(500);
        IndicatorWindow.Values v = window(all, 200).values();
        List<Bar> kept = all.subList(300, 500);
        double close = kept.get(199).close();
        // textbook: the first average is the mean of the first 14 changes (or true ranges after the first bar)
        double rsi = rsi(wilderSmaSeed(gains(kept, true), 1, 14), wilderSmaSeed(gains(kept, false), 1, 14));
        double atrPct = wilderSmaSeed(trueRanges(kept), 1, 14) / close * 100;
        assertThat(v.rsi()).isCloseTo(rsi, within(1e-4));
        assertThat(v.atrPct()).isCloseTo(atrPct, within(1e-6 * atrPct));
        // and exactly the ta4j-seeded recursion over the kept bars
        assertThat(v.rsi()).isCloseTo(rsi(wilder(gains(kept, true), 14), wilder(gains(kept, false), 14)), within(1e-9));
    }

    @Test
    void shouldKeepItsBytesConstantOnceFull() {
        IndicatorWindow w = new IndicatorWindow(50);
        List<Bar> bars = series(140);
        int full = -1;
        for (int i = 0; i < bars.size(); i++) {
            w.push(bars.get(i));
            int len = w.toBytes().length;
            if (i == 49) {
                full = len;
            }
            if (i >= 49) {
                assertThat(len).isEqualTo(full);
                assertThat(w.size()).isEqualTo(50);
            }
        }
        // 40 bytes a bar: five doubles, no times
        assertThat(window(bars, 200).toBytes().length - new IndicatorWindow().toBytes().length).isEqualTo(140 * 40);
    }

    @Test
    void shouldContinueIdenticallyAfterARoundTripThroughItsBytes() {
        List<Bar> bars = series(400);
        IndicatorWindow a = new IndicatorWindow();
        IndicatorWindow b = new IndicatorWindow();
        for (int i = 0; i < bars.size(); i++) {
            a.push(bars.get(i));
            b.push(bars.get(i));
            if (i % 37 == 5) {
                byte[] bytes = b.toBytes();
                b = IndicatorWindow.fromBytes(bytes);
                assertThat(b.toBytes()).isEqualTo(bytes);
                assertThat(b.values()).isEqualTo(a.values());
            }
        }
        assertThat(b.values()).isEqualTo(a.values());
        assertThat(b.toBytes()).isEqualTo(a.toBytes());
        assertThatThrownBy(() -> IndicatorWindow.fromBytes(new byte[5])).isInstanceOf(IllegalArgumentException.class);
        IndicatorWindow c = b;
        assertThatThrownBy(() -> c.push(bars.get(0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveNeutralFiniteValuesOnAFlatOrTinyWindow() {
        IndicatorWindow w = new IndicatorWindow();
        assertThat(w.values()).isEqualTo(IndicatorWindow.Values.EMPTY);
        for (int i = 0; i < 30; i++) {
            w.push(new Bar(1000L + i, 10, 10, 10, 10, 0));
        }
        IndicatorWindow.Values v = w.values();
        assertThat(v.percentB()).isEqualTo(0.5);
        assertThat(v.volumeZ()).isZero();
        assertThat(v.macdHistPct()).isZero();
        assertThat(v.atrPct()).isZero();
        assertThat(v.rsi()).isZero();
    }
}
