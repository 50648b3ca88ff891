package io.chanflow.bench;

import io.chanflow.jobs.io.BarCsv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Differential exactness check between two engine builds (for changes that must not change
 * results, such as speed work): every file × config runs through both builds in lockstep, bar by
 * bar, and the events of each bar and the serialized state every 1,000 bars and after the last bar
 * must be identical. The reference is the other build, never a stored expectation; exactness
 * against chan.py itself is {@code GoldenChanpyTest}'s job.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.chanflow.bench.EngineDiff A.jar B.jar PATH...
 * </pre>
 * PATH: CSV files ({@code time,open,high,low,close,volume}, plain or .gz) or folders searched for
 * them; files the CLI's reader rejects are listed and skipped. Each file runs under the default
 * config and the 19 variants of {@link #CONFIGS} (one or more per config family of the README's
 * table); {@code -Dchanflow.diff.states=false} leaves the states out. Prints the first difference
 * of each differing run and a last line {@code EQUAL n of m}; exits 1 if any run differs.
 */
public final class EngineDiff {
    private EngineDiff() {
    }

    /** The default config and one variant per family of knobs (as {@code --set} assignments). */
    static final List<List<String>> CONFIGS = List.of(
            List.of(),
            List.of("divergence_rate=0.9"),
            List.of("zs_algo=over_seg"),
            List.of("zs_algo=auto"),
            List.of("bi_strict=false"),
            List.of("bi_fx_check=half"),
            List.of("one_bi_zs=true"),
            List.of("left_seg_method=all"),
            List.of("bi_algo=fx"),
            List.of("gap_as_kl=true"),
            List.of("bi_allow_sub_peak=false"),
            List.of("zs_combine_mode=peak"),
            List.of("zs_combine=false"),
            List.of("macd_algo=area", "divergence_rate=0.8"),
            List.of("min_zs_cnt=0"),
            List.of("bsp2_follow_1=false", "bsp3_follow_1=false"),
            List.of("strict_bsp3=true", "bsp3_peak=true"),
            List.of("bsp2s_follow_2=true", "max_bsp2s_lv=2", "bsp3a_max_zs_cnt=2"),
            List.of("bs_type=1,2,3a"),
            List.of("max_bs2_rate=0.618", "macd_algo-seg=slope"));

    static final int STATE_EVERY = 1_000;
    /**
     * {@code -Dchanflow.diff.states=false} compares events only: for changes that move what the state
     * holds between two bars (when it prunes) but must not change a single event.
     */
    static final boolean COMPARE_STATES = !"false".equals(System.getProperty("chanflow.diff.states"));

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: EngineDiff A.jar B.jar PATH...");
            System.exit(2);
        }
        EngineBuild a = new EngineBuild(Path.of(args[0]));
        EngineBuild b = new EngineBuild(Path.of(args[1]));
        int runs = 0;
        int equal = 0;
        for (Path f : csvFiles(Arrays.asList(args).subList(2, args.length))) {
            List<BarCsv.Row> rows;
            try {
                rows = BarCsv.read(f);
            } catch (RuntimeException e) {
                System.out.println("skipped " + f + ": " + e.getMessage());
                continue;
            }
            int fileEqual = 0;
            for (List<String> cfg : CONFIGS) {
                runs++;
                String diff = firstDifference(a, b, rows, cfg, cfg);
                if (diff == null) {
                    equal++;
                    fileEqual++;
                } else {
                    System.out.println("DIFFERENT " + f.getFileName() + " " + cfg + ": " + diff);
                }
            }
            System.out.printf("%s: %d bars, %d of %d configs equal%n", f, rows.size(), fileEqual, CONFIGS.size());
        }
        System.out.println("EQUAL " + equal + " of " + runs);
        if (equal != runs || runs == 0) {
            System.exit(1);
        }
    }

    /**
     * The first difference between build A under {@code cfgA} and build B under {@code cfgB} on
     * these bars, or null when there is none.
     */
    static String firstDifference(EngineBuild a, EngineBuild b, List<BarCsv.Row> rows, List<String> cfgA, List<String> cfgB) {
        Object ea = a.engine(cfgA);
        Object eb = b.engine(cfgB);
        Object sa = a.newState(ea);
        Object sb = b.newState(eb);
        Object[] ba = a.bars(rows);
        Object[] bb = b.bars(rows);
        for (int i = 0; i < rows.size(); i++) {
            String evA = a.step(ea, sa, ba[i]).toString();
            String evB = b.step(eb, sb, bb[i]).toString();
            if (!evA.equals(evB)) {
                return "bar " + i + " (line " + rows.get(i).line() + "): events A " + evA + " B " + evB;
            }
            if (COMPARE_STATES && ((i + 1) % STATE_EVERY == 0 || i == rows.size() - 1)) {
                if (!Arrays.equals(a.toBytes(sa), b.toBytes(sb))) {
                    return "bar " + i + " (line " + rows.get(i).line() + "): serialized states differ";
                }
            }
        }
        return null;
    }

    static List<Path> csvFiles(List<String> paths) {
        List<Path> out = new ArrayList<>();
        for (String p : paths) {
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.walk(path)) {
                    s.filter(x -> Files.isRegularFile(x) && (x.toString().endsWith(".csv") || x.toString().endsWith(".csv.gz")))
                            .sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                out.add(path);
            }
        }
        return out;
    }
}
