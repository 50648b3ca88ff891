package io.chanflow.jobs.cli;

import io.chanflow.jobs.pipeline.BenchJobs;
import io.chanflow.jobs.pipeline.LocalCluster;
import io.chanflow.operators.chan.ChanJobSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code chanflow bench}: ticks/s through the whole signal job (bars on 8 levels + Chan per level)
 * into discarding sinks, with heap and RocksDB state, against the ceiling of a trivial keyed
 * {@code ValueState<Long>} update job fed by the same in-memory source and parse step; then the
 * tick-to-signal latency of chan/rocksdb at half its measured maximum rate. See {@link BenchJobs}
 * for how time and latency are measured.
 */
public final class Bench implements Command {
    public static final String NAME = "bench";

    static final List<String> DEFAULT_TICKS = List.of(
            "SPY_trades_20131007_20131011.norm.csv.gz", "AIG_trades_20131007_20131011.norm.csv.gz");

    private static final Set<String> OPTIONS = Set.of("ticks", "limit", "repeat", "parallelism",
            "checkpoint-interval", "json", "latency-rate");
    private static final Set<String> FLAGS = Set.of("help", "no-latency");

    static final String USAGE = String.join("\n",
            "Usage: chanflow bench [--ticks FILE]... [--limit N] [--repeat N] [--parallelism N] [--json FILE]",
            "",
            "Throughput of the signal job (ticks -> bars on 8 levels -> Chan engine per level, every output into a",
            "discarding sink) with heap (hashmap) and RocksDB state, and in the same run the ceiling: a trivial",
            "keyed ValueState<Long> get+update per tick on the same source and parse step. The ticks are loaded",
            "into memory first (merged by time) and fed at parallelism 1 from memory; time runs from the first",
            "record emitted to the end of input at the last sink (MiniCluster start and final checkpoint excluded);",
            "the best of --repeat runs is kept. Then chan/rocksdb runs again rate-limited to half its measured",
            "maximum and reports the tick-to-signal latency: wall time at the signal sink minus the wall time at",
            "which the source emitted the tick whose watermark closed the bar that caused the signal.",
            "",
            "  --ticks FILE            CSV time,symbol,price,size (plain or .gz), repeatable; default the SPY and AIG",
            "                          trades of 2013-10-07..11 from <shared>/data/real/quantconnect-lean, where",
            "                          <shared> is -Dchanflow.shared, $CHANFLOW_SHARED or ../shared of the repo root",
            "  --limit N               first N ticks (after merging) only (default: all)",
            "  --repeat N              runs per mode, best kept (2)",
            "  --parallelism N         keyed operators and sinks (2); the source is always 1",
            "  --checkpoint-interval MS  (5000, as in production)",
            "  --latency-rate R        ticks/s of the latency run (default: half of chan/rocksdb's best rate)",
            "  --no-latency            skip the latency run",
            "  --json FILE             also write the figures as JSON");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "benchmark ticks/s of the signal job vs a trivial keyed-state ceiling, and latency";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    /** One measured mode. */
    record Row(String mode, String backend, long ticks, double seconds) {
        double rate() {
            return ticks / seconds;
        }
    }

    @Override
    public int execute(String[] args, PrintStream out, PrintStream err) {
        CliArgs a;
        List<Path> ticks;
        long limit;
        int repeat;
        int parallelism;
        long checkpointMs;
        double latencyRate;
        try {
            a = CliArgs.parse(args, OPTIONS, FLAGS);
            if (a.has("help")) {
                out.println(USAGE);
                return 0;
            }
            if (!a.positional().isEmpty()) {
                throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
            }
            ticks = new ArrayList<>();
            for (String t : a.all("ticks")) {
                Path p = Path.of(t);
                if (!Files.isReadable(p)) {
                    throw new UsageException("--ticks " + p + ": no such readable file");
                }
                ticks.add(p);
            }
            if (ticks.isEmpty()) {
                ticks = defaultTicks();
            }
            limit = a.longOr("limit", Long.MAX_VALUE);
            repeat = a.intOr("repeat", 2);
            parallelism = a.intOr("parallelism", 2);
            checkpointMs = a.longOr("checkpoint-interval", 5000);
            latencyRate = a.single("latency-rate") == null ? 0 : Double.parseDouble(a.single("latency-rate"));
            if (limit < 1 || repeat < 1 || parallelism < 1 || checkpointMs < 100 || latencyRate < 0) {
                throw new UsageException("--limit, --repeat, --parallelism must be >= 1, --checkpoint-interval >= 100");
            }
        } catch (UsageException | IllegalArgumentException e) {
            err.println("chanflow bench: " + e.getMessage());
            err.println();
            err.println(USAGE);
            return 2;
        }
        Path stateDir = null;
        try {
            ChanJobSettings settings = ChanJobSettings.defaults();
            long t0 = System.nanoTime();
            BenchJobs.TickData data = BenchJobs.load(ticks, limit, settings.outOfOrdernessMs());
            BenchJobs.install(data);
            out.printf(Locale.ROOT, "chanflow bench: %d ticks from %s loaded in %.1f s; parallelism %d, checkpoints"
                            + " every %d ms, best of %d%n", data.size(), ticks, (System.nanoTime() - t0) / 1e9,
                    parallelism, checkpointMs, repeat);
            stateDir = Files.createTempDirectory("chanflow-bench");
            String[][] modes = {{"ceiling", "hashmap"}, {"chan", "hashmap"}, {"ceiling", "rocksdb"}, {"chan", "rocksdb"}};
            Map<String, Row> best = new LinkedHashMap<>();
            int run = 0;
            for (int r = 1; r <= repeat; r++) {
                for (String[] m : modes) {
                    Path dir = stateDir.resolve("run" + (++run));
                    double s = runOnce(m[0], m[1], dir, parallelism, checkpointMs, settings, 0);
                    Row row = new Row(m[0], m[1], data.size(), s);
                    out.printf(Locale.ROOT, "  run %d/%d %-7s %-7s %8.3f s %12.0f ticks/s%n", r, repeat, m[0], m[1],
                            s, row.rate());
                    best.merge(m[0] + "/" + m[1], row, (x, y) -> x.seconds() <= y.seconds() ? x : y);
                }
            }
            out.println();
            out.printf("%-8s %-8s %10s %9s %12s %9s%n", "mode", "backend", "ticks", "seconds", "ticks/s", "ceiling%");
            for (Row row : best.values()) {
                double ratio = row.rate() / best.get("ceiling/" + row.backend()).rate();
                out.printf(Locale.ROOT, "%-8s %-8s %10d %9.3f %12.0f %8.1f%%%n", row.mode(), row.backend(), row.ticks(),
                        row.seconds(), row.rate(), 100 * ratio);
            }
            Latency lat = null;
            if (!a.has("no-latency")) {
                double rate = latencyRate > 0 ? latencyRate : best.get("chan/rocksdb").rate() / 2;
                double s = runOnce("chan", "rocksdb", stateDir.resolve("latency"), parallelism, checkpointMs, settings,
                        rate);
                lat = Latency.of(rate, s, BenchJobs.latencies(), BenchJobs.signals(), BenchJobs.unmeasured());
                out.println();
                out.printf(Locale.ROOT, "latency chan/rocksdb at %.0f ticks/s (achieved %.0f): %d signals, %d measured,"
                                + " %d closed only by end of input%n", rate, data.size() / s, lat.signals,
                        lat.measured, lat.unmeasured);
                out.printf(Locale.ROOT, "  tick-to-signal latency ms: p50 %.2f  p99 %.2f  max %.2f%n",
                        lat.p50Ms, lat.p99Ms, lat.maxMs);
                out.println("  (signal sink wall time - source emit time of the tick whose punctuated watermark"
                        + " closed the signal's bar)");
            }
            String json = a.single("json");
            if (json != null) {
                writeJson(Path.of(json), data.size(), parallelism, checkpointMs, repeat, best, lat);
                out.println("chanflow bench: figures written to " + json);
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            err.println("chanflow bench: failed: " + e);
            return 1;
        } finally {
            BenchJobs.install(null);
            deleteQuietly(stateDir);
        }
    }

    private static double runOnce(String mode, String backend, Path dir, int parallelism, long checkpointMs,
                                  ChanJobSettings settings, double perSecond) throws Exception {
        var conf = LocalCluster.configuration(new LocalCluster.Options(dir, backend, parallelism, 0, checkpointMs,
                null));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (mode.equals("chan")) {
            BenchJobs.chan(env, settings, perSecond);
        } else {
            BenchJobs.ceiling(env, settings);
        }
        BenchJobs.reset();
        env.execute("chanflow bench " + mode + "/" + backend);
        double s = BenchJobs.elapsedSeconds();
        if (!(s > 0)) {
            throw new IllegalStateException("no timing recorded for " + mode + "/" + backend);
        }
        return s;
    }

    /** Latency figures of the rate-limited run. */
    record Latency(double rate, double seconds, long signals, long measured, long unmeasured, double p50Ms,
                   double p99Ms, double maxMs) {
        static Latency of(double rate, double seconds, long[] sortedNanos, long signals, long unmeasured) {
            return new Latency(rate, seconds, signals, sortedNanos.length, unmeasured, pct(sortedNanos, 0.50),
                    pct(sortedNanos, 0.99), sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6);
        }
    }

    /** Nearest-rank percentile {@code q} of sorted nanoseconds, in ms; NaN when there are none. */
    static double pct(long[] s, double q) {
        if (s.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
    }

    private static void writeJson(Path file, int ticks, int parallelism, long checkpointMs, int repeat,
                                  Map<String, Row> best, Latency lat) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "{\"ticks\":%d,\"parallelism\":%d,\"checkpointIntervalMs\":%d,"
                + "\"repeat\":%d,\"runs\":[", ticks, parallelism, checkpointMs, repeat));
        String sep = "";
        for (Row r : best.values()) {
            double ratio = r.rate() / best.get("ceiling/" + r.backend()).rate();
            sb.append(sep).append(String.format(Locale.ROOT, "{\"mode\":\"%s\",\"backend\":\"%s\",\"ticks\":%d,"
                    + "\"seconds\":%.6f,\"ticksPerSecond\":%.1f,\"ratioToCeiling\":%.4f}", r.mode(), r.backend(),
                    r.ticks(), r.seconds(), r.rate(), ratio));
            sep = ",";
        }
        sb.append("]");
        if (lat != null) {
            sb.append(String.format(Locale.ROOT, ",\"latency\":{\"mode\":\"chan\",\"backend\":\"rocksdb\","
                            + "\"ticksPerSecond\":%.1f,\"seconds\":%.6f,\"signals\":%d,\"measured\":%d,"
                            + "\"closedByEndOfInput\":%d,\"p50Ms\":%s,\"p99Ms\":%s,\"maxMs\":%s}", lat.rate(),
                    lat.seconds(), lat.signals(), lat.measured(), lat.unmeasured(), num(lat.p50Ms()),
                    num(lat.p99Ms()), num(lat.maxMs())));
        }
        sb.append("}\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, sb.toString());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** The default inputs under the shared directory; a {@link UsageException} naming every place tried. */
    static List<Path> defaultTicks() {
        Set<Path> tried = new LinkedHashSet<>();
        String prop = System.getProperty("chanflow.shared");
        if (prop != null && !prop.isBlank()) {
            tried.add(Path.of(prop).toAbsolutePath().normalize());
        }
        String env = System.getenv("CHANFLOW_SHARED");
        if (env != null && !env.isBlank()) {
            tried.add(Path.of(env).toAbsolutePath().normalize());
        }
        tried.add(Path.of("..", "shared").toAbsolutePath().normalize());       // from the repo root
        tried.add(Path.of("..", "..", "shared").toAbsolutePath().normalize()); // from a module (Maven tests)
        try {
            // the repo root is two levels above jobs/target/chanflow.jar (or jobs/target/classes)
            Path code = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = code.getParent() == null ? null : code.getParent().getParent();
            if (root != null && root.getParent() != null && root.getParent().getParent() != null) {
                tried.add(root.getParent().getParent().resolve("shared").normalize());
            }
        } catch (Exception ignored) {
            // no code source: rely on the other places
        }
        for (Path p : tried) {
            Path dir = p.resolve("data").resolve("real").resolve("quantconnect-lean");
            List<Path> files = DEFAULT_TICKS.stream().map(dir::resolve).toList();
            if (files.stream().allMatch(Files::isReadable)) {
                return files;
            }
        }
        StringBuilder sb = new StringBuilder("default ticks " + DEFAULT_TICKS + " not found under"
                + " <shared>/data/real/quantconnect-lean; give --ticks FILE, -Dchanflow.shared=DIR or CHANFLOW_SHARED."
                + " Looked in:");
        for (Path p : tried) {
            sb.append("\n  ").append(p);
        }
        throw new UsageException(sb.toString());
    }

    static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
