package io.chanflow.jobs.pipeline;

import io.chanflow.operators.chan.ChanJobSettings;
import io.chanflow.operators.ticks.ParseTicks;
import io.chanflow.operators.ticks.ParsedTick;
import io.chanflow.operators.ticks.TickParser;
import io.chanflow.operators.ticks.TickWatermarks;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job graphs of {@code chanflow bench}: an in-memory tick source feeding either the signal
 * pipeline ({@link SignalPipeline}) or a trivial keyed {@code ValueState<Long>} job (the ceiling),
 * every output into a discarding sink that notes when its input ended.
 *
 * <p>The ticks live in a static {@link TickData} holder (the MiniCluster runs in this JVM), so the
 * serialized source function carries no data and file reading/decompression is not measured.
 * Throughput time = first record emitted by the source to the last sink's end of input (so the
 * MiniCluster start and the final checkpoint after end of input are excluded).
 *
 * <p><b>Latency definition</b> (chan runs with a rate-limited source): watermarks are punctuated
 * ({@link TickWatermarks}), so which tick emits which watermark depends only on the tick sequence;
 * the bench replays the same generator over the loaded ticks to know, for every watermark, the
 * index of the tick that emitted it. Signals are emitted from event-time timers, so a signal's
 * record timestamp is its timer time {@code T}; the tick that caused it is the one that emitted
 * the first watermark {@code >= T}. Latency = wall time when the signal reaches its sink minus the
 * wall time when the source emitted that tick ({@code System.nanoTime}, same JVM). Signals fired
 * only by the final end-of-input watermark have no causing tick and are counted but not measured.
 */
public final class BenchJobs {
    private BenchJobs() {
    }

    /** Ticks loaded into memory, in time order, with the per-tick emit times of the current run. */
    public static final class TickData {
        final String[] lines;
        final long[] ts;
        /** {@code wmValue[k]} was emitted by tick {@code wmTick[k]} (ascending). */
        final long[] wmValue;
        final int[] wmTick;
        final long[] emitNanos;

        TickData(String[] lines, long[] ts, long outOfOrdernessMs) {
            this.lines = lines;
            this.ts = ts;
            this.emitNanos = new long[lines.length];
            int[] cur = {0};
            TickWatermarks gen = new TickWatermarks(outOfOrdernessMs, SignalPipeline.WATERMARK_STEP_MS);
            List<long[]> out = new ArrayList<>();
            WatermarkOutput wo = new WatermarkOutput() {
                @Override
                public void emitWatermark(Watermark w) {
                    out.add(new long[] {w.getTimestamp(), cur[0]});
                }

                @Override
                public void markIdle() {
                }

                @Override
                public void markActive() {
                }
            };
            for (int i = 0; i < ts.length; i++) {
                if (ts[i] < 0) {
                    continue; // would be a dead letter of the parser: never reaches the generator
                }
                cur[0] = i;
                gen.onTimestamp(ts[i], wo);
            }
            this.wmValue = new long[out.size()];
            this.wmTick = new int[out.size()];
            for (int k = 0; k < out.size(); k++) {
                wmValue[k] = out.get(k)[0];
                wmTick[k] = (int) out.get(k)[1];
            }
        }

        public int size() {
            return lines.length;
        }

        /** Index of the tick that emitted the first watermark {@code >= t}, or -1 (end of input). */
        int causingTick(long t) {
            int k = Arrays.binarySearch(wmValue, t);
            if (k < 0) {
                k = -k - 1;
            }
            return k < wmValue.length ? wmTick[k] : -1;
        }
    }

    private static volatile TickData data;
    static final AtomicLong FIRST_NANOS = new AtomicLong();
    static final AtomicLong END_NANOS = new AtomicLong();
    static final ConcurrentLinkedQueue<Long> LATENCIES = new ConcurrentLinkedQueue<>();
    static final AtomicLong UNMEASURED = new AtomicLong();
    static final AtomicLong SIGNALS = new AtomicLong();

    /**
     * Loads CSV tick files ({@code time,symbol,price,size}, plain or .gz; header lines skipped),
     * merges them by time (stable) and keeps the first {@code limit} lines.
     */
    public static TickData load(List<Path> files, long limit, long outOfOrdernessMs) {
        List<String> lines = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (Path f : files) {
            try (BufferedReader r = CsvTickLines.open(f)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank() || line.startsWith("time,")) {
                        continue;
                    }
                    lines.add(line);
                    times.add(CsvTickLines.eventTime(line));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
        }
        Integer[] order = new Integer[lines.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(times.get(a), times.get(b))); // stable merge sort
        int n = (int) Math.min(order.length, limit);
        String[] l = new String[n];
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            l[i] = lines.get(order[i]);
            t[i] = times.get(order[i]);
        }
        return new TickData(l, t, outOfOrdernessMs);
    }

    /** Installs the ticks the sources of the next jobs read. */
    public static void install(TickData d) {
        data = d;
    }

    /** Clears the timing and latency figures before a run. */
    public static void reset() {
        FIRST_NANOS.set(0);
        END_NANOS.set(0);
        LATENCIES.clear();
        UNMEASURED.set(0);
        SIGNALS.set(0);
        Arrays.fill(data.emitNanos, 0);
    }

    /** Seconds from the first emitted record to the last sink's end of input. */
    public static double elapsedSeconds() {
        return (END_NANOS.get() - FIRST_NANOS.get()) / 1e9;
    }

    /** Latencies of the last run in nanoseconds, sorted. */
    public static long[] latencies() {
        return LATENCIES.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    public static long signals() {
        return SIGNALS.get();
    }

    public static long unmeasured() {
        return UNMEASURED.get();
    }

    /**
     * Element {@code i} is line {@code i} of the installed ticks; notes the emit time. With a rate, element {@code i}
     * is held until {@code i / perSecond} seconds after the first (the reader thread parks when it is more than
     * 0.2 ms ahead), so the source keeps the rate without a limiter call per record: Flink's per-record
     * {@code RateLimiterStrategy.perSecond} hands every record to another thread and tops out near 40k records/s
     * on this machine, below the rates the latency run needs.
     */
    static final class MemoryTicks implements GeneratorFunction<Long, String> {
        private final double nanosPerTick;
        private transient TickData d;

        MemoryTicks(double perSecond) {
            this.nanosPerTick = perSecond > 0 ? 1e9 / perSecond : 0;
        }

        @Override
        public void open(SourceReaderContext ctx) {
            d = data;
            if (d == null) {
                throw new IllegalStateException("no ticks installed (BenchJobs.install)");
            }
        }

        @Override
        public String map(Long index) {
            int i = index.intValue();
            long now = System.nanoTime();
            if (i == 0 || FIRST_NANOS.get() == 0) {
                FIRST_NANOS.compareAndSet(0, now);
            }
            if (nanosPerTick > 0) {
                long due = FIRST_NANOS.get() + (long) (i * nanosPerTick);
                if (due - now > 200_000) {
                    java.util.concurrent.locks.LockSupport.parkNanos(due - now);
                    now = System.nanoTime();
                }
            }
            d.emitNanos[i] = now;
            return d.lines[i];
        }
    }

    /**
     * The in-memory source at parallelism 1, optionally rate-limited (ticks per second): parses in the source and
     * assigns the job's watermarks there, like every source of the signal job.
     */
    public static SingleOutputStreamOperator<TickParser.Result> source(StreamExecutionEnvironment env, double perSecond,
                                                                       ChanJobSettings settings) {
        int n = data.size();
        Edges.Parsing gen = new Edges.Parsing(new MemoryTicks(perSecond), settings);
        TypeInformation<TickParser.Result> type = TypeInformation.of(TickParser.Result.class);
        DataGeneratorSource<TickParser.Result> src = new DataGeneratorSource<>(gen, n, type);
        return env.fromSource(src, SignalPipeline.watermarks(settings), "Bench ticks (memory)")
                .uid("source-bench-ticks").setParallelism(1);
    }

    /** The signal pipeline, every output into an end-noting discarding sink. */
    public static void chan(StreamExecutionEnvironment env, ChanJobSettings settings, double perSecond) {
        SignalPipeline.Outputs o = SignalPipeline.build(source(env, perSecond, settings), settings);
        o.signals().sinkTo(new EndSink<>(perSecond > 0)).uid("bench-sink-signals").name("Discard signals");
        o.structures().sinkTo(new EndSink<>(false)).uid("bench-sink-structures").name("Discard structures");
        o.deadLetters().sinkTo(new EndSink<>(false)).uid("bench-sink-dead-letters").name("Discard dead letters");
        o.bars().sinkTo(new EndSink<>(false)).uid("bench-sink-bars").name("Discard bars");
        o.outcomes().sinkTo(new EndSink<>(false)).uid("bench-sink-trade-outcomes").name("Discard trade outcomes");
    }

    /** The ceiling: the same source (parse + watermarks) and routing step, then one keyed ValueState get+update per tick. */
    public static void ceiling(StreamExecutionEnvironment env, ChanJobSettings settings) {
        source(env, 0, settings)
                .process(new ParseTicks()).uid(SignalPipeline.UID_PARSE).name("Parse ticks")
                .setParallelism(1)
                .keyBy(ParsedTick::symbol)
                .process(new CountPerKey()).uid("bench-count").name("ValueState<Long> update")
                .setMaxParallelism(SignalPipeline.MAX_PARALLELISM)
                .sinkTo(new EndSink<>(false)).uid("bench-sink-count").name("Discard counts");
    }

    /** One {@code ValueState<Long>} get + update per tick; emits the new count. */
    static final class CountPerKey extends KeyedProcessFunction<String, ParsedTick, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(ParsedTick t, Context ctx, Collector<Long> out) throws Exception {
            Long c = count.value();
            long next = c == null ? 1 : c + 1;
            count.update(next);
            out.collect(next);
        }
    }

    /**
     * Discards everything; at end of input notes the time (the latest over all sinks is the run's
     * end). With {@code latency}, measures each record against the tick that caused it (class doc).
     */
    static final class EndSink<T> implements Sink<T> {
        private final boolean latency;

        EndSink(boolean latency) {
            this.latency = latency;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                private final TickData d = data;

                @Override
                public void write(T element, Context ctx) {
                    if (!latency) {
                        return;
                    }
                    long now = System.nanoTime();
                    SIGNALS.incrementAndGet();
                    Long t = ctx.timestamp();
                    int i = t == null ? -1 : d.causingTick(t);
                    long emitted = i < 0 ? 0 : d.emitNanos[i];
                    if (emitted == 0) {
                        UNMEASURED.incrementAndGet();
                    } else {
                        LATENCIES.add(now - emitted);
                    }
                }

                @Override
                public void flush(boolean endOfInput) {
                    if (endOfInput) {
                        END_NANOS.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
