package io.chanflow.jobs.pipeline;

import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.util.List;
import java.util.Locale;

/**
 * The built-in demo feed: deterministic JSON ticks for a few 24/7 symbols, one tick per symbol per
 * {@code stepMs}. The price of tick {@code i} is a pure function of {@code i} (overlapping waves of
 * several periods plus hashed noise), so any element can be produced independently — the source is
 * resumable and every run is identical. Waves on several time scales give strokes, segments and
 * pivots on the minute and hour levels.
 */
public final class SyntheticTicks implements GeneratorFunction<Long, String> {
    /** Symbols of the demo feed: 24/7 ({@code -USD}), so they never leave the session. */
    public static final List<String> SYMBOLS = List.of("SIMA-USD", "SIMB-USD", "SIMC-USD");
    /** 2024-01-01T00:00:00Z. */
    public static final long START = 1_704_067_200_000L;

    private final long stepMs;
    private final Pace pace;
    private transient Pace.Clock clock;

    public SyntheticTicks(long stepMs, Pace pace) {
        if (stepMs < 1) {
            throw new IllegalArgumentException("tick step must be >= 1 ms");
        }
        this.stepMs = stepMs;
        this.pace = pace;
    }

    /** Element count for {@code hours} of market time. */
    public long count(double hours) {
        return (long) (hours * 3_600_000 / stepMs) * SYMBOLS.size();
    }

    @Override
    public void open(SourceReaderContext ctx) {
        clock = new Pace.Clock(pace);
    }

    @Override
    public String map(Long index) throws Exception {
        int n = SYMBOLS.size();
        int s = (int) (index % n);
        long step = index / n;
        long ts = START + step * stepMs;
        clock.await(ts);
        double t = step * (double) stepMs / 60_000.0; // minutes
        double base = 100 * (s + 1);
        double wave = 0.030 * Math.sin(t / 1_400.0 + s) + 0.012 * Math.sin(t / 173.0 + 2 * s)
                + 0.005 * Math.sin(t / 29.0 + 3 * s) + 0.002 * Math.sin(t / 4.3 + s);
        double price = base * Math.exp(wave + 0.0006 * noise(index));
        double size = 1 + Math.floorMod(mix(index * 31 + 7), 500);
        return String.format(Locale.ROOT, "{\"symbol\":\"%s\",\"ts\":%d,\"price\":%.4f,\"size\":%.0f}",
                SYMBOLS.get(s), ts, price, size);
    }

    /** Deterministic noise in [-1, 1). */
    private static double noise(long i) {
        return (mix(i) >>> 11) * 0x1.0p-53 * 2 - 1;
    }

    /** SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
