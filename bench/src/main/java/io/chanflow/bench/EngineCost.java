package io.chanflow.bench;

import io.chanflow.jobs.io.BarCsv;
import io.chanflow.state.Bar;
import io.chanflow.state.ChanConfig;
import io.chanflow.state.ChanEngine;
import io.chanflow.state.ChanState;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where a bar's time goes, robust to a shared machine: every bar is timed on its own in each pass
 * and its cost is the minimum over the last half of the passes (interference only ever adds time),
 * then the bars are grouped by what they set off, from the engine's own recomputation counters:
 * no recomputation, a recomputation skipped whole, one whose stroke-level pivot and point passes
 * were relabels, or one that ran them (with or without the stroke-level segment pass), each split by
 * what the segment level did (skipped, relabelled, ran without the segment-of-segments pass, ran
 * in full). The sum of the minima is a floor of the cost of one pass, not a throughput (JMH's
 * {@link EngineBench} is that); it resolves changes of a few percent per group where paired
 * throughput runs do not. {@code System.nanoTime} around every bar adds a few tens of nanoseconds.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.chanflow.bench.EngineCost FILE.csv PASSES [key=value ...]
 * </pre>
 */
public final class EngineCost {
    private EngineCost() {
    }

    static final String[] STROKE = {"no recomputation", "skipped whole", "relabel", "pivot+point passes", "all passes"};
    static final String[] SEGMENT = {"segment level skipped", "segment level relabelled", "segseg pass left out",
        "segment level in full"};

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: EngineCost FILE.csv PASSES [key=value ...]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int passes = Integer.parseInt(args[1]);
        if (passes < 2) {
            throw new IllegalArgumentException("PASSES must be at least 2");
        }
        List<BarCsv.Row> rows = BarCsv.read(file);
        Bar[] bars = new Bar[rows.size()];
        for (int i = 0; i < bars.length; i++) {
            bars[i] = rows.get(i).bar();
        }
        ChanConfig cfg = args.length > 2 ? ChanConfig.fromAssignments(List.of(args).subList(2, args.length))
                : ChanConfig.defaults();
        Costs c = measure(new ChanEngine(cfg), bars, passes);
        System.out.print(c.report(file.getFileName().toString()));
    }

    /** Per-bar minimum cost (ns) and group of every bar. */
    record Costs(long[] minNanos, int[] group) {
        String report(String name) {
            int groups = STROKE.length * SEGMENT.length;
            long[] n = new long[groups];
            long[] sum = new long[groups];
            long total = 0;
            for (int i = 0; i < group.length; i++) {
                n[group[i]]++;
                sum[group[i]] += minNanos[i];
                total += minNanos[i];
            }
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "%s: %d bars, sum of per-bar minima %.2f ms (%.0f bars/s)%n", name, group.length, total / 1e6,
                    group.length * 1e9 / total));
            for (int g = 0; g < groups; g++) {
                if (n[g] > 0) {
                    String label = g < 2 * SEGMENT.length ? STROKE[g / SEGMENT.length]
                            : STROKE[g / SEGMENT.length] + ", " + SEGMENT[g % SEGMENT.length];
                    sb.append(String.format(Locale.ROOT, "  %-58s %6d bars %5.1f%% %6.2f us/bar%n", label, n[g],
                            100.0 * sum[g] / total, sum[g] / 1e3 / n[g]));
                }
            }
            return sb.toString();
        }
    }

    static Costs measure(ChanEngine engine, Bar[] bars, int passes) {
        long[] min = new long[bars.length];
        java.util.Arrays.fill(min, Long.MAX_VALUE);
        int[] group = new int[bars.length];
        for (int p = 0; p < passes; p++) {
            ChanState s = engine.newState();
            ChanState.Recomputations before = s.recomputations();
            for (int i = 0; i < bars.length; i++) {
                long t0 = System.nanoTime();
                s = engine.step(s, bars[i]).state();
                long t = System.nanoTime() - t0;
                ChanState.Recomputations after = s.recomputations();
                if (p >= passes / 2) {
                    min[i] = Math.min(min[i], t);
                }
                group[i] = group(before, after);
                before = after;
            }
        }
        return new Costs(min, group);
    }

    /** The bar's group from the counters before and after it. */
    static int group(ChanState.Recomputations b, ChanState.Recomputations a) {
        if (a.requested() == b.requested()) {
            return 0;
        }
        if (a.skipped() != b.skipped()) {
            return SEGMENT.length;
        }
        int stroke = a.relabelled() != b.relabelled() ? 2 : a.segPassSkipped() != b.segPassSkipped() ? 3 : 4;
        int seg = a.segmentLevelSkipped() != b.segmentLevelSkipped() ? 0
                : a.segmentLevelRelabelled() != b.segmentLevelRelabelled() ? 1
                : a.segsegPassSkipped() != b.segsegPassSkipped() ? 2 : 3;
        return stroke * SEGMENT.length + seg;
    }
}
