package io.chanflow.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One server process started by a test ({@link RedisServer}, {@link ChromaServer}): started with its output appended to
 * a log file, waited for until a readiness probe passes, stopped by PID (SIGTERM, wait, then SIGKILL), restartable
 * with the same command line. A JVM shutdown hook kills it if the test JVM exits without {@link #stop}, so no server
 * outlives a crashed or interrupted build.
 */
final class LocalProcess {

    private static final Duration PROBE_INTERVAL = Duration.ofMillis(25);

    private final String name;
    private final List<String> command;
    private final Path workDir;
    private final Path log;
    private final Duration stopGrace;
    private Process process;
    private Thread killOnExit;
    private Duration lastStartDuration = Duration.ZERO;

    /**
     * @param log stdout and stderr are appended to it
     * @param stopGrace how long {@link #stop} waits after SIGTERM before SIGKILL
     */
    LocalProcess(String name, List<String> command, Path workDir, Path log, Duration stopGrace) {
        this.name = name;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.log = log;
        this.stopGrace = stopGrace;
    }

    /**
     * Starts the process and returns once {@code ready} is true; fails with the log's tail if the process exits first
     * or {@code ready} stays false for {@code timeout} (the process is killed then). No-op while running.
     */
    synchronized void start(BooleanSupplier ready, Duration timeout) {
        if (isRunning()) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
        Process p = process;
        killOnExit = new Thread(() -> kill(p), name + "-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);

        long deadline = t0 + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!p.isAlive()) {
                String tail = logTail();
                stop();
                throw new IllegalStateException(name + " exited with " + p.exitValue() + " before it was ready; "
                        + "command: " + String.join(" ", command) + "\nlog " + log + ":\n" + tail);
            }
            if (System.nanoTime() > deadline) {
                String tail = logTail();
                stop();
                throw new IllegalStateException(name + " not ready after " + timeout.toMillis() + " ms; command: "
                        + String.join(" ", command) + "\nlog " + log + ":\n" + tail);
            }
            sleep(PROBE_INTERVAL.toMillis());
        }
        lastStartDuration = Duration.ofNanos(System.nanoTime() - t0);
    }

    /** SIGTERM, up to {@code stopGrace} for a clean exit (Redis flushes its AOF, Chroma its WAL), then SIGKILL. Idempotent. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        terminate(p, stopGrace);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
        killOnExit = null;
    }

    /** SIGKILL without a clean shutdown (for crash tests). Idempotent. */
    synchronized void kill() {
        if (process != null) {
            kill(process);
            stop();
        }
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The OS process id while running. */
    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    /** Wall time from spawning the process to the first successful readiness probe of the last {@link #start}. */
    synchronized Duration lastStartDuration() {
        return lastStartDuration;
    }

    Path log() {
        return log;
    }

    /** The last ~40 lines of the log file. */
    String logTail() {
        try {
            if (!Files.exists(log)) {
                return "(no log)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static void terminate(Process p, Duration grace) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An executable named {@code exe} on the PATH, if any. */
    static Optional<Path> onPath(String exe) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, exe);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
