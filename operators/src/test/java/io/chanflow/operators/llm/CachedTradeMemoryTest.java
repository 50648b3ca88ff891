package io.chanflow.operators.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import io.chanflow.state.outcome.FeatureNormalizer;
import io.chanflow.state.outcome.FeatureVector;
import io.chanflow.state.outcome.Features;
import io.chanflow.testing.ChromaServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** {@link CachedTradeMemory} against brute force and a real Chroma 1.0 server ({@link ChromaServer}). */
class CachedTradeMemoryTest {

    static final int DIMS = FeatureNormalizer.DIMENSIONS;
    static final long T0 = 1_735_830_000_000L; // 2025-01-02T15:00:00Z
    static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Cosine similarities closer than this are ties (the cache sums in float, Chroma in its own order). */
    static final double TIE = 1e-5;

    @TempDir
    static Path tmp;
    static ChromaServer chroma;

    ChromaSettings settings;

    @BeforeAll
    static void startChroma() {
        chroma = ChromaServer.launch(tmp.resolve("chroma"));
    }

    @AfterAll
    static void stopChroma() {
        if (chroma != null) {
            chroma.close();
        }
    }

    @BeforeEach
    void collection(TestInfo test) {
        chroma.start(); // in case a test left it stopped
        String name = "c-" + test.getTestMethod().orElseThrow().getName();
        settings = new ChromaSettings(chroma.baseUrl(), name.substring(0, Math.min(60, name.length())), DIMS,
                TIMEOUT);
    }

    /** A bulk loader on the same collection: batches of 1000 want a timeout of seconds. */
    ChromaSettings bulk() {
        return new ChromaSettings(settings.baseUrl(), settings.collection(), DIMS, Duration.ofSeconds(20));
    }

    record Stored(ClosedTrade trade, float[] vector) {}

    /** n trades with realistic normalised feature vectors, closing one minute apart in shuffled order. */
    static List<Stored> trades(int n, long seed) {
        Random r = new Random(seed);
        List<Stored> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double ret = Math.round(r.nextGaussian() * 100) / 100.0;
            TradeResult result = ret > 0.05 ? TradeResult.WIN : ret < -0.05 ? TradeResult.LOSS : TradeResult.FLAT;
            ClosedTrade t = new ClosedTrade(String.format("SPY/60m/bi/%06d/B/2s#1", i), "SPY", "60m",
                    List.of("2s"), ret, result, T0 + i * 60_000L, LocalDate.of(2025, 1, 2), "range");
            out.add(new Stored(t, FeatureNormalizer.normalize(features(r))));
        }
        Collections.shuffle(out, r);
        return out;
    }

    static FeatureVector features(Random r) {
        double[] v = new double[Features.NAMES.size()];
        v[r.nextInt(6)] = 1;
        v[6] = r.nextInt(2);
        v[7] = r.nextInt(2);
        v[8] = r.nextInt(8);
        for (int i = 9; i < v.length; i++) {
            v[i] = r.nextGaussian() * 2 + (i == 25 ? 50 + r.nextGaussian() * 15 : 0);
        }
        return new FeatureVector(Features.SCHEMA_VERSION, v);
    }

    static double cosine(float[] a, float[] b) {
        double s = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return s / Math.sqrt(na * nb);
    }

    /** Exact top k with closedAt < asOf, most similar first, ties by id. */
    static List<TradeMemory.SimilarTrade> bruteForce(List<Stored> all, float[] q, int k, long asOf) {
        return all.stream().filter(s -> s.trade().closedAt() < asOf)
                .map(s -> new TradeMemory.SimilarTrade(s.trade(), cosine(q, s.vector())))
                .sorted(Comparator.comparingDouble((TradeMemory.SimilarTrade s) -> -s.similarity())
                        .thenComparing(s -> s.trade().tradeId()))
                .limit(k).toList();
    }

    /** Same trades at every rank, except where two candidates are tied within {@link #TIE}. */
    static void assertSameRanking(List<TradeMemory.SimilarTrade> actual, List<TradeMemory.SimilarTrade> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            TradeMemory.SimilarTrade a = actual.get(i);
            TradeMemory.SimilarTrade e = expected.get(i);
            assertThat(a.similarity()).as("rank %d: %s vs %s", i, a, e).isCloseTo(e.similarity(),
                    org.assertj.core.api.Assertions.offset(TIE));
            if (!a.trade().tradeId().equals(e.trade().tradeId())) {
                // a tie: the expected trade must be among the actual ones with the same similarity
                assertThat(actual).as("tie at rank %d", i).anySatisfy(x -> {
                    assertThat(x.trade().tradeId()).isEqualTo(e.trade().tradeId());
                    assertThat(Math.abs(x.similarity() - e.similarity())).isLessThan(TIE);
                });
            }
        }
    }

    static void load(CachedTradeMemory m, List<Stored> trades) {
        m.rememberAll(trades.stream().map(Stored::trade).toList(), trades.stream().map(Stored::vector).toList());
    }

    @Test
    void shouldReturnTheSameTradesAsABruteForceScanForEveryAsOfTime() {
        List<Stored> all = trades(2200, 1);
        CachedTradeMemory m = CachedTradeMemory.open(bulk());
        load(m, all.subList(0, 2000));
        for (Stored s : all.subList(2000, 2200)) { // one at a time, out of order: inserted mid-array
            m.remember(s.trade(), s.vector());
        }
        Random r = new Random(2);
        for (int n = 0; n < 300; n++) {
            float[] q = FeatureNormalizer.normalize(features(r));
            long asOf = T0 + r.nextInt(2300) * 60_000L + r.nextInt(3) - 1;
            int k = 1 + r.nextInt(10);
            assertSameRanking(m.nearest(q, k, asOf), bruteForce(all, q, k, asOf));
        }
    }

    @Test
    void shouldReturnTheSameTradesAsChromaOn2000Trades() {
        List<Stored> all = trades(2000, 3);
        CachedTradeMemory m = CachedTradeMemory.open(bulk());
        load(m, all);
        TradeMemory chromaOnly = TradeMemory.open(bulk());
        Random r = new Random(4);
        for (int n = 0; n < 100; n++) {
            float[] q = FeatureNormalizer.normalize(features(r));
            long asOf = n % 4 == 0 ? Long.MAX_VALUE : T0 + (200 + r.nextInt(1900)) * 60_000L;
            List<TradeMemory.SimilarTrade> fromChroma = chromaOnly.similar(q, 5, asOf);
            assertSameRanking(m.nearest(q, 5, asOf), fromChroma);
            assertThat(m.similar(q, 5, asOf)).hasSize(5);
        }
    }

    @Test
    void shouldNeverReturnATradeThatClosedAtOrAfterTheAsOfTime() {
        List<Stored> all = trades(500, 5);
        CachedTradeMemory m = CachedTradeMemory.open(bulk());
        load(m, all);
        Stored one = all.get(0);
        long at = one.trade().closedAt();
        // the trade's own vector: it would be the nearest if it were visible
        assertThat(m.similar(one.vector(), 500, at)).noneMatch(t -> t.closedAt() >= at).hasSize((int) ((at - T0)
                / 60_000L));
        assertThat(m.similar(one.vector(), 1, at + 1)).extracting(ClosedTrade::tradeId)
                .containsExactly(one.trade().tradeId());
        assertThat(m.similar(one.vector(), 5, T0)).isEmpty();
        Random r = new Random(6);
        for (int n = 0; n < 200; n++) {
            long asOf = T0 + r.nextInt(510) * 60_000L + r.nextInt(3) - 1;
            assertThat(m.similar(FeatureNormalizer.normalize(features(r)), 20, asOf))
                    .allSatisfy(t -> assertThat(t.closedAt()).isLessThan(asOf));
        }
    }

    @Test
    void shouldWarmUpFromChromaWhenOpenedAgain() {
        List<Stored> all = trades(2500, 7); // three pages of the reader
        CachedTradeMemory first = CachedTradeMemory.open(bulk());
        load(first, all);

        CachedTradeMemory restarted = CachedTradeMemory.open(settings);

        assertThat(restarted.isWarm()).isTrue();
        assertThat(restarted.size()).isEqualTo(2500);
        Random r = new Random(8);
        for (int n = 0; n < 50; n++) {
            float[] q = FeatureNormalizer.normalize(features(r));
            long asOf = T0 + r.nextInt(2600) * 60_000L;
            assertSameRanking(restarted.nearest(q, 5, asOf), bruteForce(all, q, 5, asOf));
        }
        Stored s = all.get(17);
        assertThat(restarted.similar(s.vector(), 1, Long.MAX_VALUE)).containsExactly(s.trade()); // every fact back
    }

    @Test
    void shouldPickUpTradesThatAnotherWriterStoredInChroma() {
        // two TaskManagers: each caches what it writes; the other's trades arrive through refresh()
        List<Stored> all = trades(2600, 21); // shuffled: ids and close times are not in storage order
        CachedTradeMemory here = CachedTradeMemory.open(bulk());
        CachedTradeMemory there = CachedTradeMemory.open(bulk());
        load(there, all.subList(0, 1200)); // more than a reader page before the first refresh
        assertThat(here.size()).isZero();
        assertThat(here.refresh()).isEqualTo(1200);
        load(here, all.subList(1200, 1300)); // its own writes: already cached, read back and skipped
        load(there, all.subList(1300, 2600));
        assertThat(here.refresh()).isEqualTo(1300);
        assertThat(here.refresh()).isZero();
        assertThat(here.size()).isEqualTo(2600);
        assertThat(there.refresh()).isEqualTo(100);
        Random r = new Random(22);
        for (int n = 0; n < 50; n++) {
            float[] q = FeatureNormalizer.normalize(features(r));
            long asOf = T0 + r.nextInt(2700) * 60_000L;
            List<TradeMemory.SimilarTrade> expected = bruteForce(all, q, 5, asOf);
            assertSameRanking(here.nearest(q, 5, asOf), expected);
            assertSameRanking(there.nearest(q, 5, asOf), expected);
        }
    }

    @Test
    void shouldRefreshInTheBackgroundAndSurviveChromaBeingDown() throws InterruptedException {
        List<Stored> all = trades(40, 23);
        CachedTradeMemory writer = CachedTradeMemory.open(bulk());
        try (CachedTradeMemory reader = CachedTradeMemory.open(settings).refreshEvery(Duration.ofMillis(100))) {
            load(writer, all.subList(0, 20));
            awaitSize(reader, 20);
            chroma.stop();
            long failures = reader.refreshFailures();
            long until = System.nanoTime() + 10_000_000_000L;
            while (reader.refreshFailures() == failures && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(reader.refreshFailures()).isGreaterThan(failures);
            assertThat(reader.similar(all.get(3).vector(), 1, Long.MAX_VALUE)).containsExactly(all.get(3).trade());
            chroma.start();
            load(writer, all.subList(20, 40));
            awaitSize(reader, 40);
        } finally {
            chroma.start();
        }
    }

    /** Waits (at most 10 s) until the background refresh has brought {@code m} to {@code n} trades. */
    static void awaitSize(CachedTradeMemory m, int n) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (m.size() < n && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(m.size()).isEqualTo(n);
    }

    @Test
    void shouldKeepAnsweringFromMemoryWhileChromaIsDown() {
        List<Stored> all = trades(300, 9);
        CachedTradeMemory m = CachedTradeMemory.open(bulk());
        load(m, all.subList(0, 299));
        Stored late = all.get(299);
        chroma.stop();
        try {
            Random r = new Random(10);
            float[] q = FeatureNormalizer.normalize(features(r));
            assertSameRanking(m.nearest(q, 5, Long.MAX_VALUE), bruteForce(all.subList(0, 299), q, 5, Long.MAX_VALUE));

            assertThatThrownBy(() -> m.remember(late.trade(), late.vector()))
                    .isInstanceOf(TradeMemoryUnavailableException.class);
            // not persisted, but in memory: the validator still sees it
            assertThat(m.similar(late.vector(), 1, Long.MAX_VALUE)).containsExactly(late.trade());
        } finally {
            chroma.start();
        }
    }

    @Test
    void shouldFailWhileColdAndChromaIsDownThenWarmUpWhenItIsBack() {
        List<Stored> all = trades(50, 11);
        load(CachedTradeMemory.open(bulk()), all);
        chroma.stop();
        CachedTradeMemory cold;
        try {
            cold = CachedTradeMemory.open(settings, 1000, Duration.ZERO);
            assertThat(cold.isWarm()).isFalse();
            assertThatThrownBy(() -> cold.similar(all.get(0).vector(), 3, Long.MAX_VALUE))
                    .isInstanceOf(TradeMemoryUnavailableException.class).hasMessageContaining("cold");
        } finally {
            chroma.start();
        }
        assertThat(cold.similar(all.get(0).vector(), 1, Long.MAX_VALUE)).containsExactly(all.get(0).trade());
        assertThat(cold.isWarm()).isTrue();
        assertThat(cold.size()).isEqualTo(50);
    }

    @Test
    void shouldHoldAtMostTheCapacityAndEvictTheOldestTrades() {
        List<Stored> all = trades(1000, 12); // shuffled close times
        CachedTradeMemory m = CachedTradeMemory.open(bulk(), 100, Duration.ZERO);
        for (int from = 0; from < all.size(); from += 50) {
            load(m, all.subList(from, from + 50));
            assertThat(m.size()).isLessThanOrEqualTo(100);
        }
        assertThat(m.size()).isEqualTo(100);
        assertThat(m.evicted()).isEqualTo(900);
        long newest100 = T0 + 900 * 60_000L;
        List<ClosedTrade> found = m.similar(all.get(0).vector(), 1000, Long.MAX_VALUE);
        assertThat(found).hasSize(100).allSatisfy(t -> assertThat(t.closedAt()).isGreaterThanOrEqualTo(newest100));

        // a warm-up of 1000 stored trades into a cache of 100 keeps the newest 100 as well
        CachedTradeMemory small = CachedTradeMemory.open(settings, 100, Duration.ZERO);
        assertThat(small.size()).isEqualTo(100);
        assertThat(small.similar(all.get(0).vector(), 1000, Long.MAX_VALUE)).containsExactlyInAnyOrderElementsOf(found);
    }

    @Test
    void shouldKeepOneEntryWhenATradeIsRememberedTwice() {
        Stored s = trades(1, 13).get(0);
        CachedTradeMemory m = CachedTradeMemory.open(settings);
        m.remember(s.trade(), s.vector());
        m.remember(s.trade(), s.vector());
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.similar(s.vector(), 5, Long.MAX_VALUE)).containsExactly(s.trade());
    }

    @Test
    void shouldRejectBadQueriesAsBugs() {
        CachedTradeMemory m = CachedTradeMemory.open(settings);
        assertThatThrownBy(() -> m.similar(new float[DIMS], 3, T0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("all zero");
        assertThatThrownBy(() -> m.similar(new float[3], 3, T0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("30 dimensions");
        assertThatThrownBy(() -> m.similar(trades(1, 14).get(0).vector(), 0, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldOfferTheChromaOnlyMemoryAsATradeRecallToo() {
        List<Stored> all = trades(20, 15);
        CachedTradeMemory m = CachedTradeMemory.open(bulk());
        load(m, all);
        TradeRecall chromaRecall = TradeMemory.open(settings).asRecall();
        TradeRecall cached = m;
        float[] q = all.get(3).vector();
        assertThat(chromaRecall.similar(q, 3, Long.MAX_VALUE)).isEqualTo(cached.similar(q, 3, Long.MAX_VALUE));
    }
}
