package io.chanflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real Chroma 1.0 server started as a local process for a test: the npm package {@code chromadb@3.0.12} with its
 * native bindings pinned to {@code chromadb-js-bindings-linux-x64-gnu@1.0.5} (newer bindings need glibc 2.38; see
 * RECIPES.md section 8), installed by {@code npm ci} in {@code infra/chroma} of the repository, run as
 * {@code node infra/chroma/node_modules/chromadb/dist/cli.mjs run --path dir/data --host 127.0.0.1 --port <free>}.
 *
 * <p>Ready when {@code GET /api/v2/heartbeat} answers 200 (~0.3-0.5 s). {@link #stop()} sends SIGTERM (the server
 * exits in ~1.5 s; data under {@code dir/data} survives), {@link #start()} starts it again on the same port and data.
 * The node process itself is the server (the bindings run in-process), so its PID is the one stopped; never start it
 * with {@code npx}, whose PID is npm's.
 *
 * <p>The repository root is found by walking up from the working directory (surefire runs in the module directory)
 * to the first directory with {@code infra/chroma/package.json}; the system property {@code chanflow.chroma.cli} names
 * {@code cli.mjs} directly instead. Missing {@code node} or {@code node_modules}: {@link #launch} fails with the command
 * that installs them.
 */
public final class ChromaServer implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String CLI = "infra/chroma/node_modules/chromadb/dist/cli.mjs";

    private final int port;
    private final Path dataDir;
    private final LocalProcess process;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofMillis(250)).build();

    private ChromaServer(int port, Path dataDir, LocalProcess process) {
        this.port = port;
        this.dataDir = dataDir;
        this.process = process;
    }

    /** Starts Chroma on a free port with its data in {@code dir/data} and waits for the heartbeat. */
    public static ChromaServer launch(Path dir) {
        Path node = LocalProcess.onPath("node").orElseThrow(() -> new IllegalStateException(
                "node not found on the PATH; Chroma runs from npm: install Node.js 20 (`sudo apt-get install -y nodejs npm`)"
                        + " and run `npm ci --prefix infra/chroma` (or .ci/run)"));
        Path cli = cli();
        try {
            Path root = Files.createDirectories(dir.toAbsolutePath());
            Path data = Files.createDirectories(root.resolve("data"));
            int port = LocalProcess.freePort();
            LocalProcess process = new LocalProcess("chroma:" + port, List.of(node.toString(), cli.toString(), "run",
                    "--path", data.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port)),
                    root, root.resolve("chroma.log"), STOP_GRACE);
            ChromaServer server = new ChromaServer(port, data, process);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code cli.mjs} of the installed chromadb package (see the class comment). */
    static Path cli() {
        String configured = System.getProperty("chanflow.chroma.cli");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("chanflow.chroma.cli=" + configured + " does not exist");
            }
            return p;
        }
        Path repo = repositoryRoot().orElseThrow(() -> new IllegalStateException(
                "no infra/chroma/package.json in " + Path.of("").toAbsolutePath() + " or above; run the tests inside the"
                        + " ChanFlow checkout or set -Dchanflow.chroma.cli=/path/to/chromadb/dist/cli.mjs"));
        Path cli = repo.resolve(CLI);
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException(cli + " not found: install Chroma with `npm ci --prefix "
                    + repo.resolve("infra/chroma") + "` (pinned chromadb@3.0.12 + bindings 1.0.5; or run .ci/run)");
        }
        return cli;
    }

    private static Optional<Path> repositoryRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("infra/chroma/package.json"))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Starts the server again after {@link #stop()} (same port and data); no-op while running. */
    public void start() {
        process.start(this::heartbeat, START_TIMEOUT);
    }

    /** SIGTERM and wait (SIGKILL after 10 s); the port is then closed and clients get "connection refused". */
    public void stop() {
        process.stop();
    }

    /** SIGKILL, as in a crash. */
    public void kill() {
        process.kill();
    }

    public boolean isRunning() {
        return process.isRunning();
    }

    /** {@code http://127.0.0.1:<port>}, the {@code baseUrl} for the Chroma clients. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Time from spawn to the first heartbeat of the last start. */
    public Duration lastStartDuration() {
        return process.lastStartDuration();
    }

    private boolean heartbeat() {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v2/heartbeat"))
                .timeout(Duration.ofMillis(500)).GET().build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "ChromaServer[127.0.0.1:" + port + (isRunning() ? ", pid " + pid() : ", stopped") + "]";
    }
}
