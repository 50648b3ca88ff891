package io.chanflow.operators.llm;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Session statistics in Redis: per symbol and trading session, and per buy/sell point type, the number of trades,
 * wins, losses, the summed return, the last N results (hot and cold patterns) and the latest regime label.
 *
 * <p><b>Atomic updates.</b> {@link #record} is one {@code FCALL record_outcome} of the Redis FUNCTION library
 * {@code chanflow} ({@link #LIBRARY_CODE}), loaded with {@code FUNCTION LOAD REPLACE} when the store opens and again
 * whenever Redis answers "Function not found" (a fresh server). Functions, unlike {@code EVALSHA} scripts, are
 * persisted with the data, so a restarted Redis keeps them. Inside the function: the trade id goes into a per-session
 * set first, and a trade id already there changes nothing, so an at-least-once replay of outcomes (Flink restart)
 * counts every trade once. The regime label is taken only from a close not older than the one that set it.
 *
 * <p><b>Keys</b> (one hash tag per symbol and session, so the function is Redis-Cluster safe):
 * <pre>
 * cf:stats:{SPY|2025-01-02}              hash  trades wins losses sum_return regime regime_at
 * cf:stats:{SPY|2025-01-02}:seen         set   trade ids already counted
 * cf:stats:{SPY|2025-01-02}:type:2s      hash  trades wins losses sum_return
 * cf:stats:{SPY|2025-01-02}:type:2s:recent list W|L|F, newest first, trimmed to recentResults
 * </pre>
 * Every key expires {@code ttl} after the last update of its session.
 *
 * <p><b>Failures.</b> Every method except {@link #close} throws {@link SessionStatsUnavailableException} when Redis is
 * down, slow (beyond {@code timeout}), refuses the password or fails the command; the caller then builds the prompt
 * without stats. After a connection error the idle pooled connections are dropped and the call is tried once more on
 * a fresh one (safe for {@code record}: the trade id makes it idempotent), so a restarted Redis is used again at once
 * and a call takes at most about {@code 2 * timeout}. A Redis that is down answers in well under a millisecond on
 * localhost ("connection refused"). The store is thread-safe.
 */
public final class SessionStatsStore implements AutoCloseable {

    /** The FUNCTION library's name. */
    public static final String LIBRARY = "chanflow";
    /** The function {@link #record} calls. */
    public static final String RECORD_FUNCTION = "record_outcome";

    /**
     * The library. KEYS: session hash, seen set, then per type its hash and its list. ARGV: trade id, return, result
     * code, regime ("" keeps the current one), list length, ttl seconds, closed-at millis. Returns 1 if counted, 0 if
     * the trade id was counted before.
     */
    public static final String LIBRARY_CODE = """
            #!lua name=chanflow
            local function record_outcome(keys, args)
              local session, seen = keys[1], keys[2]
              local trade_id, ret, result, regime = args[1], args[2], args[3], args[4]
              local keep, ttl, closed_at = tonumber(args[5]), tonumber(args[6]), tonumber(args[7])
              if redis.call('SADD', seen, trade_id) == 0 then
                return 0
              end
              local win = (result == 'W') and 1 or 0
              local loss = (result == 'L') and 1 or 0
              redis.call('HINCRBY', session, 'trades', 1)
              redis.call('HINCRBY', session, 'wins', win)
              redis.call('HINCRBY', session, 'losses', loss)
              redis.call('HINCRBYFLOAT', session, 'sum_return', ret)
              if regime ~= '' then
                local at = tonumber(redis.call('HGET', session, 'regime_at') or '-1')
                if closed_at >= at then
                  redis.call('HSET', session, 'regime', regime, 'regime_at', args[7])
                end
              end
              redis.call('EXPIRE', session, ttl)
              redis.call('EXPIRE', seen, ttl)
              for i = 3, #keys, 2 do
                local stats, recent = keys[i], keys[i + 1]
                redis.call('HINCRBY', stats, 'trades', 1)
                redis.call('HINCRBY', stats, 'wins', win)
                redis.call('HINCRBY', stats, 'losses', loss)
                redis.call('HINCRBYFLOAT', stats, 'sum_return', ret)
                redis.call('LPUSH', recent, result)
                redis.call('LTRIM', recent, 0, keep - 1)
                redis.call('EXPIRE', stats, ttl)
                redis.call('EXPIRE', recent, ttl)
              end
              return 1
            end
            redis.register_function('record_outcome', record_outcome)
            """;

    private final RedisSettings settings;
    private final RedisClient client;
    private volatile boolean libraryLoaded;

    private SessionStatsStore(RedisSettings settings, RedisClient client) {
        this.settings = settings;
        this.client = client;
    }

    /**
     * Creates the client and loads the function library. Does not fail when Redis is down: the library is then loaded
     * by the first {@link #record} that reaches Redis.
     */
    public static SessionStatsStore open(RedisSettings settings) {
        Objects.requireNonNull(settings, "settings");
        int millis = (int) settings.timeout().toMillis();
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .clientName("chanflow-session-stats")
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis);
        if (settings.password() != null && !settings.password().isEmpty()) {
            cfg.password(settings.password());
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.maxConnections());
        pool.setMaxIdle(settings.maxConnections());
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(settings.timeout()); // never wait forever for a pooled connection
        RedisClient client = RedisClient.builder()
                .hostAndPort(settings.host(), settings.port())
                .clientConfig(cfg.build())
                .poolConfig(pool)
                .build();
        SessionStatsStore store = new SessionStatsStore(settings, client);
        try {
            store.loadLibrary();
        } catch (SessionStatsUnavailableException down) {
            // loaded later, by the first record() that reaches Redis
        }
        return store;
    }

    /** {@code FUNCTION LOAD REPLACE} of {@link #LIBRARY_CODE}. */
    public void loadLibrary() {
        call("FUNCTION LOAD", () -> client.functionLoadReplace(LIBRARY_CODE));
        libraryLoaded = true;
    }

    /**
     * Counts a closed trade in its session's totals and in each of its point types, atomically.
     *
     * @return true if counted, false if a trade with this id was counted before (nothing changed)
     * @throws SessionStatsUnavailableException Redis down, slow or failing
     */
    public boolean record(ClosedTrade trade) {
        Objects.requireNonNull(trade, "trade");
        String tag = tag(trade.symbol(), trade.sessionDay());
        List<String> keys = new ArrayList<>();
        keys.add(sessionKey(tag));
        keys.add(sessionKey(tag) + ":seen");
        for (String type : new LinkedHashSet<>(trade.types())) {
            keys.add(typeKey(tag, type));
            keys.add(typeKey(tag, type) + ":recent");
        }
        List<String> args = List.of(
                trade.tradeId(),
                BigDecimal.valueOf(trade.returnPct()).toPlainString(),
                trade.result().code(),
                trade.regime(),
                Integer.toString(settings.recentResults()),
                Long.toString(settings.ttl().toSeconds()),
                Long.toString(trade.closedAt()));
        if (!libraryLoaded) {
            loadLibrary();
        }
        Object counted;
        try {
            counted = call("FCALL " + RECORD_FUNCTION, () -> client.fcall(RECORD_FUNCTION, keys, args));
        } catch (SessionStatsUnavailableException e) {
            if (!isFunctionMissing(e)) {
                throw e;
            }
            loadLibrary(); // a fresh Redis (no AOF, flushed): load and try once more
            counted = call("FCALL " + RECORD_FUNCTION, () -> client.fcall(RECORD_FUNCTION, keys, args));
        }
        return Long.valueOf(1).equals(counted);
    }

    /**
     * The session's statistics with one {@link SessionStats.TypeStats} per requested type (in that order), read in one
     * round trip. A session without trades gives zero counts, not an exception.
     *
     * @throws SessionStatsUnavailableException Redis down, slow or failing
     */
    public SessionStats read(String symbol, LocalDate day, Collection<String> types) {
        Objects.requireNonNull(types, "types");
        String tag = tag(symbol, day);
        List<String> wanted = List.copyOf(new LinkedHashSet<>(types));
        return call("read", () -> {
            try (Pipeline p = client.pipelined()) {
                Response<Map<String, String>> session = p.hgetAll(sessionKey(tag));
                List<Response<Map<String, String>>> stats = new ArrayList<>();
                List<Response<List<String>>> recents = new ArrayList<>();
                for (String type : wanted) {
                    stats.add(p.hgetAll(typeKey(tag, type)));
                    recents.add(p.lrange(typeKey(tag, type) + ":recent", 0, settings.recentResults() - 1));
                }
                p.sync();
                Map<String, SessionStats.TypeStats> byType = new LinkedHashMap<>();
                for (int i = 0; i < wanted.size(); i++) {
                    Map<String, String> h = stats.get(i).get();
                    List<TradeResult> recent = recents.get(i).get().stream().map(TradeResult::fromCode).toList();
                    byType.put(wanted.get(i), new SessionStats.TypeStats(wanted.get(i), integer(h, "trades"),
                            integer(h, "wins"), integer(h, "losses"), decimal(h, "sum_return"), recent));
                }
                Map<String, String> s = session.get();
                return new SessionStats(symbol, day, s.getOrDefault("regime", ""), integer(s, "trades"),
                        integer(s, "wins"), integer(s, "losses"), decimal(s, "sum_return"), byType);
            }
        });
    }

    /** The hash key of a session's totals, e.g. {@code cf:stats:{SPY|2025-01-02}}. */
    public String sessionKey(String symbol, LocalDate day) {
        return sessionKey(tag(symbol, day));
    }

    private String sessionKey(String tag) {
        return settings.keyPrefix() + ":stats:" + tag;
    }

    private String typeKey(String tag, String type) {
        return sessionKey(tag) + ":type:" + type;
    }

    private static String tag(String symbol, LocalDate day) {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(day, "day");
        if (symbol.isBlank() || symbol.indexOf('{') >= 0 || symbol.indexOf('}') >= 0 || symbol.indexOf('|') >= 0) {
            throw new IllegalArgumentException("symbol must be non-blank without { } |, got '" + symbol + "'");
        }
        return "{" + symbol + "|" + day + "}";
    }

    private static int integer(Map<String, String> h, String field) {
        String v = h.get(field);
        return v == null ? 0 : Integer.parseInt(v);
    }

    private static double decimal(Map<String, String> h, String field) {
        String v = h.get(field);
        return v == null ? 0 : Double.parseDouble(v);
    }

    private static boolean isFunctionMissing(SessionStatsUnavailableException e) {
        return e.getCause() instanceof JedisDataException
                && String.valueOf(e.getCause().getMessage()).contains("Function not found");
    }

    /** Runs {@code op}; one more try on a fresh connection after a connection error; every failure mapped. */
    private <T> T call(String what, Supplier<T> op) {
        try {
            return op.get();
        } catch (JedisConnectionException first) {
            client.getPool().clear(); // idle connections are likely as dead as this one (Redis restarted)
            try {
                return op.get();
            } catch (JedisException second) {
                second.addSuppressed(first);
                throw unavailable(what, second);
            }
        } catch (JedisException e) {
            throw unavailable(what, e);
        }
    }

    private SessionStatsUnavailableException unavailable(String what, JedisException e) {
        return new SessionStatsUnavailableException(
                what + " on redis " + settings.host() + ":" + settings.port() + " failed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        client.close();
    }
}
