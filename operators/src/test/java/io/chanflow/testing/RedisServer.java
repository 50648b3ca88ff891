package io.chanflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A real Redis server ({@code redis-server} from the OS, 7.0 on Debian 12) started as a local process for a test:
 * bound to 127.0.0.1 on a free port, protected by a random password, AOF persistence under {@code dir/data} (so data
 * and Redis FUNCTION libraries survive {@link #stop()} + {@link #start()}), no RDB snapshots, log in
 * {@code dir/redis.log}. See RECIPES.md section 7.
 *
 * <p>Typical use: {@code @TempDir static Path tmp; @BeforeAll redis = RedisServer.launch(tmp); @AfterAll
 * redis.close();}. Fault tests call {@link #stop()} (the port is then closed: clients get "connection refused") and
 * {@link #start()} (same port, same password, same data). Start-up takes well under a second.
 *
 * <p>The binary is {@code redis-server} on the PATH, or the file named by the system property
 * {@code chanflow.redis-server}. If it is missing, {@link #launch} fails with the command that installs it.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final String INSTALL_HINT = "install it with `sudo apt-get install -y redis-server` (Debian/Ubuntu; "
            + "the package does not start a server), or run .ci/run, which installs what the tests need";

    private final int port;
    private final String password;
    private final Path dataDir;
    private final LocalProcess process;

    private RedisServer(int port, String password, Path dataDir, LocalProcess process) {
        this.port = port;
        this.password = password;
        this.dataDir = dataDir;
        this.process = process;
    }

    /** Writes {@code dir/redis.conf}, starts the server on a free port and waits for {@code PING}. */
    public static RedisServer launch(Path dir) {
        Path binary = binary();
        try {
            Path root = Files.createDirectories(dir.toAbsolutePath());
            Path data = Files.createDirectories(root.resolve("data"));
            int port = LocalProcess.freePort();
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            Path conf = root.resolve("redis.conf");
            Files.writeString(conf, config(port, password, data, root.resolve("redis.log")), StandardCharsets.UTF_8);
            LocalProcess process = new LocalProcess("redis-server:" + port, List.of(binary.toString(), conf.toString()),
                    root, root.resolve("redis.out"), STOP_GRACE);
            RedisServer server = new RedisServer(port, password, data, process);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String config(int port, String password, Path data, Path log) {
        return String.join("\n",
                "bind 127.0.0.1",
                "protected-mode yes",
                "port " + port,
                "requirepass " + password,
                "dir " + data,
                "appendonly yes",
                "appendfsync everysec",
                "appenddirname appendonly",
                "save \"\"",
                "daemonize no",
                "logfile " + log,
                "databases 1",
                "");
    }

    private static Path binary() {
        String configured = System.getProperty("chanflow.redis-server");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("chanflow.redis-server=" + configured + " is not an executable file; "
                        + INSTALL_HINT);
            }
            return p;
        }
        return LocalProcess.onPath("redis-server")
                .or(() -> Optional.of(Path.of("/usr/bin/redis-server")).filter(Files::isExecutable))
                .orElseThrow(() -> new IllegalStateException("redis-server not found on the PATH; " + INSTALL_HINT));
    }

    /** Starts the server again after {@link #stop()} (same port, password and data) and waits for PING. No-op while running. */
    public void start() {
        process.start(this::answersPing, START_TIMEOUT);
    }

    /** Stops the server cleanly (SIGTERM: Redis flushes the AOF; SIGKILL after 10 s). The port is then closed. */
    public void stop() {
        process.stop();
    }

    /** Kills the server with SIGKILL (no AOF flush): writes of the last second may be lost, as in a crash. */
    public void kill() {
        process.kill();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** The server's OS process id while it runs. */
    public long pid() {
        return process.pid();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Time from spawn to the first {@code PONG} of the last start. */
    public Duration lastStartDuration() {
        return process.lastStartDuration();
    }

    /** A client config with the password and the given connect/read timeout. */
    public JedisClientConfig clientConfig(Duration timeout) {
        return DefaultJedisClientConfig.builder().password(password).clientName("chanflow-test")
                .timeoutMillis((int) timeout.toMillis()).build();
    }

    private boolean answersPing() {
        try (Jedis j = new Jedis(new HostAndPort(host(), port), clientConfig(Duration.ofMillis(250)))) {
            return "PONG".equals(j.ping());
        } catch (JedisException e) {
            return false; // not listening yet, or still loading the AOF ("LOADING ...")
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "RedisServer[127.0.0.1:" + port + (isRunning() ? ", pid " + pid() : ", stopped") + "]";
    }
}
