package io.chanflow.jobs.infra;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A local Chroma 1.0 server for the command line ({@code chanflow bench-rag}): the npm package installed by
 * {@code npm ci --prefix infra/chroma} (chromadb 3.0.12 with bindings 1.0.5; RECIPES section 8), run as
 * {@code node .../chromadb/dist/cli.mjs run --path DIR --host 127.0.0.1 --port <free>}. The node process is the server,
 * so its PID is the one stopped (never {@code npx}, whose PID is npm's).
 *
 * <p>{@code cli.mjs} is {@code -Dchanflow.chroma.cli}, else {@code infra/chroma/node_modules/chromadb/dist/cli.mjs}
 * under the working directory or one of its parents, or under the repository holding {@code jobs/target/chanflow.jar}.
 * Ready when {@code GET /api/v2/heartbeat} answers 200 (~0.3 s). {@link #close} sends SIGTERM and waits up to 10 s
 * (then SIGKILL); a JVM shutdown hook kills a server still running, so none outlives the command.
 */
public final class ChromaProcess implements AutoCloseable {

    static final String CLI = "infra/chroma/node_modules/chromadb/dist/cli.mjs";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread killOnExit;

    private ChromaProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.killOnExit = new Thread(process::destroyForcibly, "chroma-" + port + "-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Whether a Chroma installation can be found (see the class comment). */
    public static boolean available() {
        return cli().isPresent() && onPath("node").isPresent();
    }

    /**
     * Starts a server with its data and log in {@code dir} and waits for its heartbeat.
     *
     * @throws IllegalStateException no node or no installed chromadb (the message says how to install them), or the
     *                               server did not become ready (the message has the log's tail)
     */
    public static ChromaProcess start(Path dir) {
        Path node = onPath("node").orElseThrow(() -> new IllegalStateException(
                "node not found on the PATH: Chroma runs from npm (install Node.js 20, then npm ci --prefix infra/chroma)"));
        Path cli = cli().orElseThrow(() -> new IllegalStateException(CLI + " not found under the working directory or"
                + " the repository: run `npm ci --prefix infra/chroma` in the ChanFlow checkout, set"
                + " -Dchanflow.chroma.cli=PATH, or give --chroma URL"));
        try {
            Path root = Files.createDirectories(dir.toAbsolutePath());
            Path data = Files.createDirectories(root.resolve("data"));
            Path log = root.resolve("chroma.log");
            int port = freePort();
            Process p = new ProcessBuilder(node.toString(), cli.toString(), "run", "--path", data.toString(), "--host",
                    "127.0.0.1", "--port", Integer.toString(port))
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            ChromaProcess chroma = new ChromaProcess(p, port, log);
            chroma.awaitReady();
            return chroma;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start chroma from " + cli, e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(250)).build();
        HttpRequest heartbeat = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v2/heartbeat"))
                .timeout(Duration.ofMillis(500)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                if (http.send(heartbeat, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for chroma", e);
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = process.isAlive() ? "not ready after " + START_TIMEOUT.toSeconds() + " s"
                        : "exited with " + process.exitValue();
                close();
                throw new IllegalStateException("chroma " + why + "; log " + log + ":\n" + tail());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for chroma", e);
            }
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGTERM, up to 10 s for a clean exit, then SIGKILL. Idempotent. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException | IllegalArgumentException alreadyGoneOrShuttingDown) {
            // nothing to remove
        }
    }

    static Optional<Path> cli() {
        String configured = System.getProperty("chanflow.chroma.cli");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured).toAbsolutePath();
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(ChromaProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception ignored) {
            // no code source: the working directory only
        }
        for (Path start : starts) {
            for (Path d = start; d != null; d = d.getParent()) {
                Path cli = d.resolve(CLI);
                if (Files.isRegularFile(cli)) {
                    return Optional.of(cli);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                return Optional.of(Path.of(dir, exe));
            }
        }
        return Optional.empty();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
