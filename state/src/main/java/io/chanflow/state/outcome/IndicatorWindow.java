package io.chanflow.state.outcome;

import io.chanflow.state.Bar;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.bollinger.PercentBIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.VolumeIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.num.DoubleNum;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The last {@code capacity} bars of one symbol and level as primitive arrays (a ring), and the
 * ta4j indicators of the newest bar computed from them on demand.
 *
 * <p>Kept in keyed state instead of a ta4j {@code BarSeries}: ta4j indicators are not serializable
 * and a series costs several times the bytes. {@link #values()} builds a {@code BaseBarSeries}
 * with {@link DoubleNum} from the window each time (about a millisecond for 200 bars); it is called
 * only when a point is confirmed. The indicators' recursive averages (EMA, Wilder's MMA) start at
 * the window's first bar, as ta4j seeds them with the first value; with 200 bars the seed weighs
 * less than 1e-6 in RSI(14)/ATR(14) and about 1e-7 in EMA(26).
 *
 * <p>No look-ahead: the values are those of the newest bar pushed, from that bar and older ones only.
 * Bar times are not kept (no indicator reads them); ta4j is given one-minute bars ending at
 * synthetic, increasing times.
 */
public final class IndicatorWindow {
    public static final int DEFAULT_CAPACITY = 200;
    /** MACD(12, 26) needs 26 bars for its slow average and 9 more for the signal line. */
    public static final int MIN_CAPACITY = 35;
    public static final int MACD_SHORT = 12;
    public static final int MACD_LONG = 26;
    public static final int MACD_SIGNAL = 9;
    public static final int RSI_BARS = 14;
    public static final int ATR_BARS = 14;
    public static final int BOLLINGER_BARS = 20;
    public static final double BOLLINGER_K = 2.0;
    public static final int VOLUME_BARS = 20;

    private static final int MAGIC = 0x43484931; // "CHI1"
    private static final byte VERSION = 1;
    private static final int HEADER = 4 + 1 + 4 + 4 + 8;

    /**
     * The indicators of the newest bar; non-finite results are replaced by the neutral value named.
     *
     * @param macdHistPct (MACD(12,26) - EMA9 of it) / close x 100; 0 if not finite
     * @param rsi RSI(14), 0..100 (ta4j: 0 when the window has no move at all); 50 if not finite
     * @param atrPct ATR(14) / close x 100; 0 if not finite
     * @param percentB Bollinger %B(20, 2) with a population standard deviation; 0.5 when the band has no width
     * @param volumeZ (volume - mean20) / population sd20; 0 when the sd is 0
     * @param bars bars in the window
     */
    public record Values(double macdHistPct, double rsi, double atrPct, double percentB, double volumeZ, int bars) {
        public static final Values EMPTY = new Values(0, 50, 0, 0.5, 0, 0);
    }

    private final int capacity;
    private final double[] open;
    private final double[] high;
    private final double[] low;
    private final double[] close;
    private final double[] volume;
    /** Index of the oldest bar. */
    private int first;
    private int count;
    private long lastTime = Long.MIN_VALUE;

    public IndicatorWindow() {
        this(DEFAULT_CAPACITY);
    }

    public IndicatorWindow(int capacity) {
        if (capacity < MIN_CAPACITY || capacity > 100_000) {
            throw new IllegalArgumentException("capacity must be in [" + MIN_CAPACITY + ", 100000], got " + capacity);
        }
        this.capacity = capacity;
        this.open = new double[capacity];
        this.high = new double[capacity];
        this.low = new double[capacity];
        this.close = new double[capacity];
        this.volume = new double[capacity];
    }

    public int capacity() {
        return capacity;
    }

    /** Bars held now (at most {@link #capacity()}). */
    public int size() {
        return count;
    }

    /** The time of the newest bar, {@code Long.MIN_VALUE} before the first. */
    public long lastTime() {
        return lastTime;
    }

    /** Appends a closed bar (times strictly increasing), dropping the oldest one when full. */
    public void push(Bar b) {
        if (b.time() <= lastTime) {
            throw new IllegalArgumentException("bar time " + b.time() + " is not after the previous bar's time "
                    + lastTime);
        }
        int i;
        if (count < capacity) {
            i = (first + count) % capacity;
            count++;
        } else {
            i = first;
            first = (first + 1) % capacity;
        }
        open[i] = b.open();
        high[i] = b.high();
        low[i] = b.low();
        close[i] = b.close();
        volume[i] = b.volume();
        lastTime = b.time();
    }

    /** The window as a ta4j series with {@link DoubleNum}, oldest bar first. */
    public BarSeries series() {
        BarSeries s = new BaseBarSeriesBuilder().withNumTypeOf(DoubleNum.class).build();
        Duration minute = Duration.ofMinutes(1);
        for (int j = 0; j < count; j++) {
            int i = (first + j) % capacity;
            ZonedDateTime end = ZonedDateTime.ofInstant(Instant.ofEpochSecond(60L * (j + 1)), ZoneOffset.UTC);
            s.addBar(minute, end, open[i], high[i], low[i], close[i], volume[i]);
        }
        return s;
    }

    /** The indicators of the newest bar (see {@link Values}). */
    public Values values() {
        if (count == 0) {
            return Values.EMPTY;
        }
        BarSeries s = series();
        int last = s.getEndIndex();
        double c = close[(first + count - 1) % capacity];
        ClosePriceIndicator closes = new ClosePriceIndicator(s);
        double hist = new MACDIndicator(closes, MACD_SHORT, MACD_LONG).getHistogram(MACD_SIGNAL).getValue(last)
                .doubleValue();
        double rsi = new RSIIndicator(closes, RSI_BARS).getValue(last).doubleValue();
        double atr = new ATRIndicator(s, ATR_BARS).getValue(last).doubleValue();
        double pb = new PercentBIndicator(closes, BOLLINGER_BARS, BOLLINGER_K).getValue(last).doubleValue();
        VolumeIndicator vol = new VolumeIndicator(s);
        double mean = new SMAIndicator(vol, VOLUME_BARS).getValue(last).doubleValue();
        double sd = new StandardDeviationIndicator(vol, VOLUME_BARS).getValue(last).doubleValue();
        double z = sd > 0 ? (vol.getValue(last).doubleValue() - mean) / sd : 0;
        double base = Math.abs(c);
        return new Values(finite(base > 0 ? hist / base * 100 : 0, 0), finite(rsi, 50),
                finite(base > 0 ? atr / base * 100 : 0, 0), finite(pb, 0.5), finite(z, 0), count);
    }

    private static double finite(double v, double otherwise) {
        return Double.isFinite(v) ? v : otherwise;
    }

    /** Header, then the bars oldest first: open, high, low, close, volume (40 bytes a bar). */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(HEADER + count * 40);
        b.putInt(MAGIC).put(VERSION).putInt(capacity).putInt(count).putLong(lastTime);
        for (int j = 0; j < count; j++) {
            int i = (first + j) % capacity;
            b.putDouble(open[i]).putDouble(high[i]).putDouble(low[i]).putDouble(close[i]).putDouble(volume[i]);
        }
        return b.array();
    }

    /** Restores a window written by {@link #toBytes()} (its capacity travels with it). */
    public static IndicatorWindow fromBytes(byte[] bytes) {
        if (bytes.length < HEADER) {
            throw new IllegalArgumentException("truncated indicator window state (" + bytes.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt() != MAGIC) {
            throw new IllegalArgumentException("not an indicator window state (bad magic)");
        }
        int v = b.get();
        if (v != VERSION) {
            throw new IllegalArgumentException("unsupported indicator window state version " + v);
        }
        IndicatorWindow w = new IndicatorWindow(b.getInt());
        int n = b.getInt();
        if (n < 0 || n > w.capacity || bytes.length != HEADER + n * 40) {
            throw new IllegalArgumentException("indicator window state of " + bytes.length + " bytes cannot hold "
                    + n + " bars");
        }
        w.lastTime = b.getLong();
        for (int i = 0; i < n; i++) {
            w.open[i] = b.getDouble();
            w.high[i] = b.getDouble();
            w.low[i] = b.getDouble();
            w.close[i] = b.getDouble();
            w.volume[i] = b.getDouble();
        }
        w.count = n;
        return w;
    }
}
