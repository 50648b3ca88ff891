package io.chanflow.bench;

import io.chanflow.jobs.io.BarCsv;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Paired speed comparison of two engine builds in one JVM: each pass feeds every bar of a file
 * through a fresh state of build A and then of build B (the order alternates every pass), timed
 * with the thread's CPU time, so both builds see the same machine load; the medians of the second
 * half of the passes (after the JIT has settled) and their ratio are printed. On a shared machine
 * this resolves differences of a few percent where JMH runs in separate JVMs do not.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.chanflow.bench.EnginePair A.jar B.jar FILE.csv PASSES [key=value ...]
 * </pre>
 * A and B are state-module jars (or classes folders); {@code key=value} are config assignments.
 * Prints one line: bars/s of A and B and B/A; exits 1 if the two builds emit different event
 * counts (use {@link EngineDiff} to compare the events themselves).
 */
public final class EnginePair {
    private EnginePair() {
    }

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: EnginePair A.jar B.jar FILE.csv PASSES [key=value ...]");
            System.exit(2);
        }
        EngineBuild a = new EngineBuild(Path.of(args[0]));
        EngineBuild b = new EngineBuild(Path.of(args[1]));
        Path file = Path.of(args[2]);
        int passes = Integer.parseInt(args[3]);
        if (passes < 2) {
            throw new IllegalArgumentException("PASSES must be at least 2");
        }
        List<String> sets = new ArrayList<>(Arrays.asList(args).subList(4, args.length));
        Result r = compare(a, b, BarCsv.read(file), passes, sets);
        System.out.println(r.line(file.getFileName().toString()));
        if (r.eventsA() != r.eventsB()) {
            System.exit(1);
        }
    }

    /** Medians in bars/s (CPU time) of the last half of the passes, and the event counts of one pass. */
    record Result(int bars, double barsPerSecA, double barsPerSecB, long eventsA, long eventsB) {
        double ratio() {
            return barsPerSecB / barsPerSecA;
        }

        String line(String name) {
            return String.format(Locale.ROOT, "%s: %d bars; A %.0f bars/s, B %.0f bars/s (CPU time, median of the last half"
                    + " of the passes); B/A %.3fx; events A %d, B %d%s", name, bars, barsPerSecA, barsPerSecB, ratio(),
                    eventsA, eventsB, eventsA == eventsB ? "" : " (DIFFERENT)");
        }
    }

    static Result compare(EngineBuild a, EngineBuild b, List<BarCsv.Row> rows, int passes, List<String> sets) {
        EngineBuild[] builds = {a, b};
        Object[][] bars = {a.bars(rows), b.bars(rows)};
        Object[] engines = {a.engine(sets), b.engine(sets)};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] rate = new double[2][passes];
        long[] events = new long[2];
        for (int p = 0; p < passes; p++) {
            for (int k = 0; k < 2; k++) {
                int which = (p & 1) == 0 ? k : 1 - k;
                long t0 = threads.getCurrentThreadCpuTime();
                events[which] = pass(builds[which], engines[which], bars[which]);
                long dt = Math.max(1, threads.getCurrentThreadCpuTime() - t0);
                rate[which][p] = rows.size() * 1e9 / dt;
            }
        }
        if (Boolean.getBoolean("chanflow.pair.best")) {
            // the fastest decile of the last half: on a shared machine interference only ever slows a pass down
            double p90a = quantile(rate[0], passes / 2, 0.9);
            double p90b = quantile(rate[1], passes / 2, 0.9);
            double bestA = quantile(rate[0], passes / 2, 1.0);
            double bestB = quantile(rate[1], passes / 2, 1.0);
            System.out.printf(Locale.ROOT, "p90 A %.0f B %.0f B/A %.3fx; best A %.0f B %.0f B/A %.3fx%n",
                    p90a, p90b, p90b / p90a, bestA, bestB, bestB / bestA);
        }
        return new Result(rows.size(), median(rate[0], passes / 2), median(rate[1], passes / 2), events[0], events[1]);
    }

    private static long pass(EngineBuild build, Object engine, Object[] bars) {
        Object state = build.newState(engine);
        long n = 0;
        for (Object bar : bars) {
            n += build.step(engine, state, bar).size();
        }
        return n;
    }

    /** The {@code q} quantile (0..1, nearest rank) of {@code v[from..]}. */
    static double quantile(double[] v, int from, double q) {
        double[] t = Arrays.copyOfRange(v, from, v.length);
        Arrays.sort(t);
        return t[(int) Math.min(t.length - 1, Math.round(q * (t.length - 1)))];
    }

    static double median(double[] v, int from) {
        double[] t = Arrays.copyOfRange(v, from, v.length);
        Arrays.sort(t);
        return t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
    }
}
