package io.chanflow.jobs.pipeline;

import io.chanflow.operators.ticks.TickParser;
import org.apache.flink.api.common.functions.RichMapFunction;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only failure injector for the ITCases: throws once per {@code name}, after {@code after}
 * ticks counted over all subtasks. The counters are static because the MiniCluster runs in the test
 * JVM and the function is copied per subtask and again after the restart; the name keeps test
 * classes that share a failsafe JVM apart.
 */
final class FailOnce extends RichMapFunction<TickParser.Result, TickParser.Result> {
    private static final Map<String, AtomicLong> SEEN = new ConcurrentHashMap<>();
    private static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();
    private final String name;
    private final long after;

    FailOnce(String name, long after) {
        this.name = name;
        this.after = after;
    }

    /** Whether the injector called {@code name} has thrown. */
    static boolean failed(String name) {
        return FAILED.computeIfAbsent(name, n -> new AtomicBoolean()).get();
    }

    @Override
    public TickParser.Result map(TickParser.Result v) {
        if (SEEN.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet() >= after
                && FAILED.computeIfAbsent(name, n -> new AtomicBoolean()).compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure after " + after + " records");
        }
        return v;
    }
}
