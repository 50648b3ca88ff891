package io.chanflow.bench;

import io.chanflow.jobs.io.BarCsv;
import io.chanflow.state.Bar;
import io.chanflow.state.ChanConfig;
import io.chanflow.state.ChanEngine;
import io.chanflow.state.ChanState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Engine throughput on real data, in bars per second: every invocation feeds all bars of a file
 * through a fresh engine state, one {@code step} at a time, exactly as a keyed Flink operator
 * would. {@code @OperationsPerInvocation} is the file's bar count, so the score is bars/s.
 *
 * <p>The {@code macd*} benchmarks are the floor: the same loop over the same bars doing only a
 * 12/26/9 MACD update (chan.py's recurrence), i.e. the cheapest per-bar indicator work. Report
 * the engine as a ratio to that floor. Setup prints the serialized state size after a full pass.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar EngineBench -f 1
 * </pre>
 * Data comes from {@code ../shared/data/real/backtrader} (or {@code -Dchanflow.shared=DIR} /
 * {@code CHANFLOW_SHARED}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EngineBench {

    /** 1-minute bars, 2006-01-02 onwards: {@code 2006-01-02-volume-min-001.csv}. */
    static final int MINUTE_BARS = 30_889;
    /** NVDA daily bars 1999-2014: {@code nvda-1999-2014.csv}. */
    static final int NVDA_BARS = 4_012;

    /** The bars of one file, loaded once per trial. */
    public abstract static class Data {
        Bar[] bars;
        ChanEngine engine;

        abstract String file();

        abstract int expectedBars();

        void load() {
            Path p = shared().resolve("data/real/backtrader").resolve(file());
            List<Bar> list = new ArrayList<>();
            for (BarCsv.Row r : BarCsv.read(p)) {
                list.add(r.bar());
            }
            bars = list.toArray(new Bar[0]);
            if (bars.length != expectedBars()) {
                throw new IllegalStateException(p + " has " + bars.length + " bars, the benchmark's"
                        + " @OperationsPerInvocation assumes " + expectedBars());
            }
            engine = new ChanEngine(ChanConfig.defaults());
            ChanState s = engine.newState();
            long events = 0;
            for (Bar b : bars) {
                ChanEngine.Step st = engine.step(s, b);
                s = st.state();
                events += st.events().size();
            }
            String size;
            try {
                byte[] bytes = s.toBytes();
                size = String.format("%d bytes (%.1f KiB)", bytes.length, bytes.length / 1024.0);
            } catch (RuntimeException e) {
                size = "n/a (" + e + ")";
            }
            ChanState.Recomputations r = s.recomputations();
            System.out.printf("%n[%s] %d bars, %d events, serialized state after a full pass: %s;"
                    + " recomputations %d, skipped as fixed points %d, segment pass left out in %d more;"
                    + " stroke-level pivot and point passes relabelled in %d of those;"
                    + " segment level skipped in %d, segment-of-segments pass left out in %d more;"
                    + " segment-level pivot and point passes relabelled in %d of those;"
                    + " pivots kept instead of rebuilt %d; of the passes left out, after an end price moved: %d"
                    + " segment passes, %d segment-of-segments passes; stroke-level pivot and point passes left out"
                    + " after a confirmation the segment pass read: %d%n",
                    file(), bars.length, events, size, r.requested(), r.skipped(), r.segPassSkipped(),
                    r.relabelled(), r.segmentLevelSkipped(), r.segsegPassSkipped(), r.segmentLevelRelabelled(), r.keptPivots(),
                    r.priceMoves(), r.segmentLevelPriceMoves(), r.confirmationsKept());
        }
    }

    @State(Scope.Benchmark)
    public static class Minute extends Data {
        @Override
        String file() {
            return "2006-01-02-volume-min-001.csv";
        }

        @Override
        int expectedBars() {
            return MINUTE_BARS;
        }

        @Setup(Level.Trial)
        public void setup() {
            load();
        }
    }

    @State(Scope.Benchmark)
    public static class Nvda extends Data {
        @Override
        String file() {
            return "nvda-1999-2014.csv";
        }

        @Override
        int expectedBars() {
            return NVDA_BARS;
        }

        @Setup(Level.Trial)
        public void setup() {
            load();
        }
    }

    @Benchmark
    @OperationsPerInvocation(MINUTE_BARS)
    public long engineMinute(Minute d) {
        return runEngine(d);
    }

    @Benchmark
    @OperationsPerInvocation(NVDA_BARS)
    public long engineNvda(Nvda d) {
        return runEngine(d);
    }

    @Benchmark
    @OperationsPerInvocation(MINUTE_BARS)
    public double macdMinute(Minute d) {
        return macd(d.bars);
    }

    @Benchmark
    @OperationsPerInvocation(NVDA_BARS)
    public double macdNvda(Nvda d) {
        return macd(d.bars);
    }

    /** All bars through a fresh state; returns the event count (consumed by JMH). */
    static long runEngine(Data d) {
        ChanState s = d.engine.newState();
        long events = 0;
        for (Bar b : d.bars) {
            ChanEngine.Step st = d.engine.step(s, b);
            s = st.state();
            events += st.events().size();
        }
        return events;
    }

    /**
     * The floor: a 12/26/9 MACD per bar with chan.py's seeding (first bar: both EMAs = close,
     * DEA = 0); returns the sum of the histogram so nothing is optimised away.
     */
    static double macd(Bar[] bars) {
        double fast = 0;
        double slow = 0;
        double dea = 0;
        double sum = 0;
        for (int i = 0; i < bars.length; i++) {
            double c = bars[i].close();
            if (i == 0) {
                fast = c;
                slow = c;
            } else {
                fast = (2 * c + 11 * fast) / 13;
                slow = (2 * c + 25 * slow) / 27;
            }
            double dif = fast - slow;
            dea = i == 0 ? 0 : (2 * dif + 8 * dea) / 10;
            sum += 2 * (dif - dea);
        }
        return sum;
    }

    static Path shared() {
        List<Path> tried = new ArrayList<>();
        String prop = System.getProperty("chanflow.shared");
        if (prop != null && !prop.isBlank()) {
            tried.add(Path.of(prop));
        }
        String env = System.getenv("CHANFLOW_SHARED");
        if (env != null && !env.isBlank()) {
            tried.add(Path.of(env));
        }
        tried.add(Path.of("..", "shared"));
        tried.add(Path.of("..", "..", "shared"));
        for (Path p : tried) {
            if (Files.isDirectory(p.resolve("data/real/backtrader"))) {
                return p;
            }
        }
        throw new IllegalStateException("shared data not found (looked at " + tried
                + "); run from the repository root with ../shared beside it, or set -Dchanflow.shared=DIR");
    }
}
