package io.chanflow.operators.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.chanflow.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** {@link SessionStatsStore} against a real Redis server started by the test ({@link RedisServer}). */
class SessionStatsStoreTest {

    static final LocalDate DAY = LocalDate.of(2025, 1, 2);
    static final long CLOSE = 1_735_830_000_000L; // 2025-01-02T15:00:00Z
    static final Duration TIMEOUT = Duration.ofMillis(300);
    /** Scheduling slack on a busy 2-core machine. */
    static final Duration MARGIN = Duration.ofMillis(1000);

    @TempDir
    static Path tmp;
    static RedisServer redis;

    SessionStatsStore store;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.launch(tmp.resolve("redis"));
        System.out.printf("redis-server %s ready in %d ms%n", redis, redis.lastStartDuration().toMillis());
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void openStore() {
        redis.start(); // in case a test left it stopped
        store = SessionStatsStore.open(settings());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static RedisSettings settings() {
        return RedisSettings.defaults(redis.host(), redis.port(), redis.password()).withTimeout(TIMEOUT);
    }

    static ClosedTrade trade(String symbol, String id, double ret, long closedAt, String regime, String... types) {
        TradeResult result = ret > 0 ? TradeResult.WIN : ret < 0 ? TradeResult.LOSS : TradeResult.FLAT;
        return new ClosedTrade(id, symbol, "1m", List.of(types), ret, result, closedAt, DAY, regime);
    }

    Jedis admin() {
        return new Jedis(new HostAndPort(redis.host(), redis.port()), redis.clientConfig(Duration.ofSeconds(2)));
    }

    @Test
    void shouldCountConcurrentRecordsFromEightThreadsExactly() throws Exception {
        int threads = 8;
        int perThread = 500;
        double[] returns = {0.5, -0.25, 0.0, 1.25};
        for (int i = 0; i < 1000; i++) { // warm-up (JIT, pooled connections); another symbol
            store.record(trade("WARM", "w" + i, 0.5, CLOSE + i, "", "1"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    double ret = returns[i % returns.length];
                    String[] types = i % 3 == 0 ? new String[] {"1"} : i % 3 == 1 ? new String[] {"2s"}
                            : new String[] {"1", "2s"};
                    assertThat(store.record(trade("CONC", thread + "-" + i, ret, CLOSE + i, "trend-up", types))).isTrue();
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        int total = threads * perThread;
        System.out.printf("FCALL record_outcome: %d calls from %d threads in %.2f s = %.0f calls/s%n",
                total, threads, seconds, total / seconds);

        SessionStats s = store.read("CONC", DAY, List.of("1", "2s", "3b"));
        // per thread, i % 4 picks the return: 125 each of +0.5 (win), -0.25 (loss), 0 (flat), +1.25 (win)
        assertThat(s.trades()).isEqualTo(total);
        assertThat(s.wins()).isEqualTo(threads * 250);
        assertThat(s.losses()).isEqualTo(threads * 125);
        assertThat(s.sumReturnPct()).isEqualTo(threads * 125 * (0.5 - 0.25 + 1.25));
        assertThat(s.regime()).isEqualTo("trend-up");
        // i % 3 == 0 -> "1", 1 -> "2s", 2 -> both: 167 + 166 trades of type 1, 167 + 166 of type 2s per thread
        assertThat(s.byType().get("1").trades()).isEqualTo(threads * (167 + 166));
        assertThat(s.byType().get("2s").trades()).isEqualTo(threads * (167 + 166));
        assertThat(s.byType().get("1").wins() + s.byType().get("1").losses()).isLessThan(s.byType().get("1").trades());
        assertThat(s.byType().get("1").recent()).hasSize(10);
        assertThat(s.byType().get("3b").trades()).isZero();
        assertThat(s.byType().get("3b").recent()).isEmpty();
        assertThat(s.byType().keySet()).containsExactly("1", "2s", "3b");
    }

    @Test
    void shouldCountATradeIdOnlyOnce() {
        ClosedTrade t = trade("ONCE", "SPY/1m/bi/1/B/2s#1", 0.5, CLOSE, "range", "2s");

        assertThat(store.record(t)).isTrue();
        assertThat(store.record(t)).isFalse();

        SessionStats s = store.read("ONCE", DAY, List.of("2s"));
        assertThat(s.trades()).isEqualTo(1);
        assertThat(s.byType().get("2s").trades()).isEqualTo(1);
        assertThat(s.byType().get("2s").recent()).containsExactly(TradeResult.WIN);
    }

    @Test
    void shouldKeepTheLastResultsNewestFirstForHotAndColdPatterns() {
        double[] returns = {-1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -0.5, -0.5};
        for (int i = 0; i < returns.length; i++) {
            store.record(trade("HOT", "h" + i, returns[i], CLOSE + i, "", "3b"));
        }

        SessionStats.TypeStats s = store.read("HOT", DAY, List.of("3b")).byType().get("3b");

        assertThat(s.recent()).hasSize(10).startsWith(TradeResult.LOSS, TradeResult.LOSS, TradeResult.WIN);
        assertThat(s.streak()).isEqualTo(-2);
        assertThat(s.trades()).isEqualTo(14);
        assertThat(s.winRate()).isEqualTo(10 / 14.0);
    }

    @Test
    void shouldTakeTheRegimeFromTheLatestCloseEvenWhenOutcomesArriveOutOfOrder() {
        store.record(trade("REG", "a", 1, CLOSE + 2_000, "trend-down", "1"));
        store.record(trade("REG", "b", 1, CLOSE + 1_000, "trend-up", "1")); // older close, arrives later
        store.record(trade("REG", "c", 1, CLOSE + 3_000, "", "1")); // no label: keeps the current one

        assertThat(store.read("REG", DAY, List.of()).regime()).isEqualTo("trend-down");
    }

    @Test
    void shouldKeepStatsAndTheFunctionAcrossARedisRestart() {
        store.record(trade("RESTART", "r1", 0.5, CLOSE, "range", "2"));
        redis.stop();
        redis.start();
        System.out.printf("redis-server restart ready in %d ms%n", redis.lastStartDuration().toMillis());

        try (Jedis j = admin()) {
            assertThat(j.functionList(SessionStatsStore.LIBRARY)).hasSize(1); // persisted in the AOF, not reloaded
        }
        assertThat(store.record(trade("RESTART", "r2", 0.5, CLOSE + 1, "range", "2"))).isTrue(); // same store, same pool
        assertThat(store.record(trade("RESTART", "r1", 0.5, CLOSE, "range", "2"))).isFalse(); // the seen set survived too
        assertThat(store.read("RESTART", DAY, List.of("2")).byType().get("2").trades()).isEqualTo(2);
    }

    @Test
    void shouldFailWithTheDocumentedExceptionWithinTheTimeoutWhileRedisIsDown() {
        store.record(trade("DOWN", "d1", 0.5, CLOSE, "range", "1"));
        redis.stop();
        try {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> store.record(trade("DOWN", "d2", 0.5, CLOSE, "range", "1")))
                    .isInstanceOf(SessionStatsUnavailableException.class);
            Duration record = Duration.ofNanos(System.nanoTime() - t0);
            long t1 = System.nanoTime();
            assertThatThrownBy(() -> store.read("DOWN", DAY, List.of("1")))
                    .isInstanceOf(SessionStatsUnavailableException.class);
            Duration read = Duration.ofNanos(System.nanoTime() - t1);
            System.out.printf("redis down: record failed in %d ms, read in %d ms%n", record.toMillis(), read.toMillis());
            assertThat(record).isLessThan(TIMEOUT.plus(MARGIN));
            assertThat(read).isLessThan(TIMEOUT.plus(MARGIN));
        } finally {
            redis.start();
        }
        assertThat(store.record(trade("DOWN", "d2", 0.5, CLOSE, "range", "1"))).isTrue();
        assertThat(store.read("DOWN", DAY, List.of("1")).trades()).isEqualTo(2);
    }

    @Test
    void shouldLoadTheFunctionAgainOnARedisThatLostIt() {
        try (Jedis j = admin()) {
            j.functionFlush();
        }

        assertThat(store.record(trade("FRESH", "f1", -0.5, CLOSE, "range", "1"))).isTrue();
        assertThat(store.read("FRESH", DAY, List.of("1")).losses()).isEqualTo(1);
    }

    @Test
    void shouldOpenWhileRedisIsDownAndWorkOnceItIsUp() {
        redis.stop();
        SessionStatsStore early;
        try {
            early = SessionStatsStore.open(settings()); // does not throw
            assertThatThrownBy(() -> early.record(trade("EARLY", "e1", 0.5, CLOSE, "", "1")))
                    .isInstanceOf(SessionStatsUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + redis.port());
        } finally {
            redis.start();
        }
        try (early) {
            assertThat(early.record(trade("EARLY", "e1", 0.5, CLOSE, "", "1"))).isTrue();
        }
    }

    @Test
    void shouldReportAWrongPasswordAsUnavailable() {
        RedisSettings wrong = RedisSettings.defaults(redis.host(), redis.port(), "not-the-password");
        try (SessionStatsStore s = SessionStatsStore.open(wrong)) {
            assertThatThrownBy(() -> s.read("X", DAY, List.of("1")))
                    .isInstanceOf(SessionStatsUnavailableException.class)
                    .hasMessageContaining("WRONGPASS");
        }
    }

    @Test
    void shouldUseOneHashTagPerSymbolAndSession() {
        assertThat(store.sessionKey("SPY", DAY)).isEqualTo("cf:stats:{SPY|2025-01-02}");
        assertThatThrownBy(() -> store.read("S{P}Y", DAY, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
