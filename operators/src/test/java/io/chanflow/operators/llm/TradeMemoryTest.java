package io.chanflow.operators.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import io.chanflow.testing.ChromaServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** {@link TradeMemory} against a real Chroma 1.0 server started by the test ({@link ChromaServer}). */
class TradeMemoryTest {

    static final int DIMS = 16;
    static final LocalDate DAY = LocalDate.of(2025, 1, 2);
    static final long T0 = 1_735_830_000_000L; // 2025-01-02T15:00:00Z
    static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Scheduling slack on a busy 2-core machine. */
    static final Duration MARGIN = Duration.ofMillis(1500);

    @TempDir
    static Path tmp;
    static ChromaServer chroma;

    TradeMemory memory;
    String collection;

    @BeforeAll
    static void startChroma() {
        chroma = ChromaServer.launch(tmp.resolve("chroma"));
        System.out.printf("chroma %s ready in %d ms%n", chroma, chroma.lastStartDuration().toMillis());
    }

    @AfterAll
    static void stopChroma() {
        if (chroma != null) {
            chroma.close();
        }
    }

    @BeforeEach
    void openMemory(TestInfo test) {
        chroma.start(); // in case a test left it stopped
        // one collection per test: Chroma names are 3-63 characters
        String name = "t-" + test.getTestMethod().orElseThrow().getName();
        collection = name.substring(0, Math.min(60, name.length()));
        memory = TradeMemory.open(new ChromaSettings(chroma.baseUrl(), collection, DIMS, TIMEOUT));
    }

    static ClosedTrade trade(int i, long closedAt) {
        double ret = (i % 5 - 2) * 0.25;
        TradeResult result = ret > 0 ? TradeResult.WIN : ret < 0 ? TradeResult.LOSS : TradeResult.FLAT;
        return new ClosedTrade(id(i), i % 2 == 0 ? "SPY" : "QQQ", "1m",
                i % 3 == 0 ? List.of("2s", "3b") : List.of("1"), ret, result, closedAt, DAY, "trend-up");
    }

    static String id(int i) {
        return "SPY/1m/bi/" + i + "/B/2s#1";
    }

    static float[] unit(Random r) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return normalize(v);
    }

    static float[] normalize(float[] v) {
        double n = 0;
        for (float f : v) {
            n += f * f;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(n));
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s; // both unit length
    }

    @Test
    void shouldReturnTheNearestOf200StoredTradesNearestFirst() {
        Random r = new Random(7);
        List<float[]> vectors = new ArrayList<>();
        List<ClosedTrade> trades = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            vectors.add(unit(r));
            trades.add(trade(i, T0 + i * 60_000L));
        }
        long tAdd = System.nanoTime();
        for (int i = 0; i < 20; i++) { // one request per trade, as the job stores outcomes
            memory.remember(trades.get(i), vectors.get(i));
        }
        double addMs = (System.nanoTime() - tAdd) / 1e6;
        TradeMemory.open(new ChromaSettings(chroma.baseUrl(), collection, DIMS, Duration.ofSeconds(20)))
                .rememberAll(trades.subList(20, 200), vectors.subList(20, 200));

        // a query close to trade 37: the nearest five must match a brute-force cosine ranking
        float[] query = vectors.get(37).clone();
        query[0] += 0.05f;
        query = normalize(query);
        float[] q = query;
        List<Integer> expected = IntStream.range(0, 200).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -cosine(q, vectors.get(i)))).limit(5).toList();

        List<TradeMemory.SimilarTrade> found = memory.similar(query, 5, Long.MAX_VALUE);

        assertThat(found).extracting(s -> s.trade().tradeId())
                .containsExactlyElementsOf(expected.stream().map(i -> id(i)).toList());
        assertThat(found.get(0).trade()).isEqualTo(trade(37, T0 + 37 * 60_000L)); // every fact comes back
        assertThat(found.get(0).similarity()).isCloseTo(cosine(query, vectors.get(37)),
                offset(1e-4));

        // latency of as-of queries over 200 trades (k = 5), after a warm-up
        for (int i = 0; i < 20; i++) {
            memory.similar(unit(r), 5, T0 + 100 * 60_000L);
        }
        long[] nanos = new long[200];
        for (int i = 0; i < nanos.length; i++) {
            float[] v = unit(r);
            long t = System.nanoTime();
            memory.similar(v, 5, T0 + (i % 200) * 60_000L);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("chroma: 20 single adds in %.0f ms (%.1f ms each); as-of query k=5 over 200 trades:"
                        + " median %.2f ms, p99 %.2f ms, max %.2f ms%n", addMs, addMs / 20, nanos[100] / 1e6,
                nanos[197] / 1e6, nanos[199] / 1e6);
    }

    @Test
    void shouldStoreTradesInBatchesAndFindThemAll() {
        Random r = new Random(11);
        List<ClosedTrade> trades = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            trades.add(trade(i, T0 + i * 60_000L));
            vectors.add(unit(r));
        }

        TradeMemory loader = TradeMemory.open(new ChromaSettings(chroma.baseUrl(), "t-batches", DIMS,
                Duration.ofSeconds(20))); // bulk loads get a timeout of seconds
        long t0 = System.nanoTime();
        loader.rememberAll(trades, vectors); // two requests: 1000 + 500
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("chroma: rememberAll of %d trades in %.0f ms (%.0f trades/s)%n", trades.size(), ms,
                trades.size() / (ms / 1000));

        TradeMemory reader = TradeMemory.open(new ChromaSettings(chroma.baseUrl(), "t-batches", DIMS, TIMEOUT));
        assertThat(reader.similar(vectors.get(1499), 1, Long.MAX_VALUE)).extracting(s -> s.trade().tradeId())
                .containsExactly(id(1499));
        assertThat(reader.similar(vectors.get(0), 1, Long.MAX_VALUE)).extracting(s -> s.trade().tradeId())
                .containsExactly(id(0));
        assertThatThrownBy(() -> loader.rememberAll(trades, vectors.subList(0, 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNeverReturnATradeThatClosedAtOrAfterTheAsOfTime() {
        float[] v = unit(new Random(1));
        long asOf = T0 + 10 * 60_000L;
        memory.remember(trade(1, asOf - 1), v); // closed 1 ms before the signal: visible
        memory.remember(trade(2, asOf), v); // closed at the signal's time: not visible
        memory.remember(trade(3, asOf + 60_000L), v); // closed after: not visible

        assertThat(memory.similar(v, 10, asOf)).extracting(s -> s.trade().tradeId())
                .containsExactly(id(1));
        assertThat(memory.similar(v, 10, asOf - 1)).isEmpty();
        assertThat(memory.similar(v, 10, asOf + 60_001L)).hasSize(3);
    }

    @Test
    void shouldKeepOneEntryWhenATradeIsRememberedTwice() {
        float[] v = unit(new Random(2));
        memory.remember(trade(5, T0), v);
        memory.remember(trade(5, T0), v); // an at-least-once replay

        assertThat(memory.similar(v, 10, Long.MAX_VALUE)).hasSize(1);
    }

    @Test
    void shouldFailWithTheDocumentedExceptionWithinTheTimeoutWhileChromaIsDown() {
        float[] v = unit(new Random(3));
        memory.remember(trade(1, T0), v);
        chroma.stop();
        try {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> memory.similar(v, 3, Long.MAX_VALUE))
                    .isInstanceOf(TradeMemoryUnavailableException.class)
                    .hasMessageContaining(chroma.baseUrl());
            Duration query = Duration.ofNanos(System.nanoTime() - t0);
            long t1 = System.nanoTime();
            assertThatThrownBy(() -> memory.remember(trade(2, T0), v))
                    .isInstanceOf(TradeMemoryUnavailableException.class);
            Duration add = Duration.ofNanos(System.nanoTime() - t1);
            System.out.printf("chroma down: query failed in %d ms, add in %d ms%n", query.toMillis(), add.toMillis());
            assertThat(query).isLessThan(TIMEOUT.plus(MARGIN));
            assertThat(add).isLessThan(TIMEOUT.plus(MARGIN));
        } finally {
            chroma.start();
            System.out.printf("chroma restart ready in %d ms%n", chroma.lastStartDuration().toMillis());
        }
        // back: the data survived and the same TradeMemory reconnects
        assertThat(memory.similar(v, 3, Long.MAX_VALUE)).extracting(s -> s.trade().tradeId())
                .containsExactly(id(1));
    }

    @Test
    void shouldRejectVectorsOfTheWrongShapeAsBugsNotAsUnavailability() {
        assertThatThrownBy(() -> memory.remember(trade(1, T0), new float[DIMS - 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 dimensions");
        assertThatThrownBy(() -> memory.similar(new float[DIMS], 3, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all zero");
        float[] nan = unit(new Random(4));
        nan[3] = Float.NaN;
        assertThatThrownBy(() -> memory.similar(nan, 3, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }
}
