package io.chanflow.operators.chan;

import io.chanflow.operators.ticks.ParseTicks;
import io.chanflow.operators.ticks.ParsedTick;
import io.chanflow.state.signals.Signal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ChanOperator}'s write-behind feed cache on RocksDB in Flink's keyed operator harness: the
 * output equals the write-through {@link ChanFunction} run record for record, with snapshots taken
 * mid-stream and restored into new operators, with a cache smaller than the symbol count (so
 * evictions write feeds under other keys), and a snapshot of the write-behind operator restored
 * into a write-through one continues identically (what a checkpoint holds is exact).
 */
class ChanOperatorTest {
    private static final long T0 = 1_700_000_000_000L; // 2023-11-14T22:13:20Z
    private static final String[] SYMBOLS = {"BTC-USD", "ETH-USD", "SOL-USD", "XRP-USD", "ADA-USD"};
    private static final KeySelector<ParsedTick, String> SYMBOL = ParsedTick::symbol;

    /** Interleaved random walks on 24/7 symbols: ~9 hours, every symbol about every 6 s, a few duplicates. */
    private static List<ParsedTick> ticks() {
        SplittableRandom r = new SplittableRandom(20261121L);
        double[] px = {37_000, 2_000, 60, 0.6, 0.38};
        List<ParsedTick> out = new ArrayList<>();
        long ts = T0;
        for (int i = 0; i < 28_000; i++) {
            ts += 1 + r.nextInt(2_000);
            int s = r.nextInt(SYMBOLS.length);
            px[s] *= 1 + (r.nextDouble() - 0.5) * 0.004;
            double size = 1 + r.nextInt(50);
            long id = i + 1;
            String raw = String.format(Locale.ROOT, "{\"symbol\":\"%s\",\"ts\":%d,\"price\":%.6f,\"size\":%.0f,\"id\":%d}",
                    SYMBOLS[s], ts, px[s], size, id);
            ParsedTick t = new ParsedTick(SYMBOLS[s], ts, px[s], size, id, raw);
            out.add(t);
            if (i % 997 == 0) {
                out.add(t); // sent twice: a DUPLICATE
            }
        }
        return out;
    }

    /** Everything an operator emitted: main output and every side output, in order per stream. */
    private record Emitted(List<Signal> signals, List<Object> structures, List<Object> bars, List<Object> events,
                           List<Object> outcomes, List<Object> dead) {
        static Emitted empty() {
            return new Emitted(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>());
        }

        List<List<?>> streams() {
            return List.of(signals, structures, bars, events, outcomes, dead);
        }

        void drain(KeyedOneInputStreamOperatorTestHarness<String, ParsedTick, Signal> h) {
            signals.addAll(h.extractOutputValues());
            h.getOutput().clear();
            take(h, ChanFunction.STRUCTURES, structures);
            take(h, ChanFunction.BARS, bars);
            take(h, ChanFunction.SIGNAL_EVENTS, events);
            take(h, ChanFunction.OUTCOMES, outcomes);
            take(h, ParseTicks.DEAD_LETTERS, dead);
        }

        private static <T> void take(KeyedOneInputStreamOperatorTestHarness<String, ParsedTick, Signal> h,
                                     OutputTag<T> tag, List<Object> into) {
            var q = h.getSideOutput(tag);
            if (q != null) {
                for (StreamRecord<T> r : q) {
                    into.add(r.getValue());
                }
                q.clear();
            }
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ParsedTick, Signal> harness(
            OneInputStreamOperator<ParsedTick, Signal> op) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(op, SYMBOL, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    private static OneInputStreamOperator<ParsedTick, Signal> writeThrough() {
        return new KeyedProcessOperator<>(new ChanFunction(ChanJobSettings.defaults()));
    }

    /**
     * Feeds {@code ticks} (watermark = tick time − 2 s every 50 ticks) through operators made by
     * {@code next}, snapshotting at every index in {@code cuts} and restoring the snapshot into the
     * next operator.
     */
    private static Emitted run(List<ParsedTick> ticks, List<Supplier<OneInputStreamOperator<ParsedTick, Signal>>> next,
                               int... cuts) throws Exception {
        Emitted e = Emitted.empty();
        OperatorSubtaskState snap = null;
        int from = 0;
        for (int part = 0; part <= cuts.length; part++) {
            int to = part < cuts.length ? cuts[part] : ticks.size();
            try (var h = harness(next.get(Math.min(part, next.size() - 1)).get())) {
                if (snap != null) {
                    h.initializeState(snap);
                }
                h.open();
                for (int i = from; i < to; i++) {
                    ParsedTick t = ticks.get(i);
                    h.processElement(t, t.ts());
                    if (i % 50 == 49) {
                        h.processWatermark(t.ts() - 2_000);
                    }
                }
                if (part == cuts.length) {
                    h.processWatermark(Long.MAX_VALUE);
                }
                e.drain(h);
                if (part < cuts.length) {
                    snap = checkpoint(h, part + 1);
                }
            }
            from = to;
        }
        return e;
    }

    /** What a task does at a barrier: the operator's pre-barrier hook, then the snapshot. */
    private static OperatorSubtaskState checkpoint(KeyedOneInputStreamOperatorTestHarness<String, ParsedTick, Signal> h,
                                                   long id) throws Exception {
        h.prepareSnapshotPreBarrier(id);
        return h.snapshot(id, id);
    }

    /** Stream by stream, with the first differing record rather than both whole streams. */
    private static void assertSame(Emitted actual, Emitted expected) {
        String[] names = {"signals", "structures", "bars", "signal events", "outcomes", "dead letters"};
        List<List<?>> a = actual.streams();
        List<List<?>> e = expected.streams();
        for (int c = 0; c < names.length; c++) {
            for (int i = 0; i < Math.min(a.get(c).size(), e.get(c).size()); i++) {
                assertThat(a.get(c).get(i)).as("%s[%d]", names[c], i).isEqualTo(e.get(c).get(i));
            }
            assertThat(a.get(c).size()).as("%s count", names[c]).isEqualTo(e.get(c).size());
        }
    }

    @Test
    void writeBehindEqualsWriteThroughAcrossSnapshotsAndEvictions() throws Exception {
        List<ParsedTick> ticks = ticks();
        Emitted reference = run(ticks, List.of(ChanOperatorTest::writeThrough));
        assertThat(reference.bars()).hasSizeGreaterThan(2_000);
        assertThat(reference.structures()).isNotEmpty();
        assertThat(reference.dead()).isNotEmpty();

        // one operator, no snapshot
        Emitted plain = run(ticks, List.of(() -> new ChanOperator(new ChanFunction(ChanJobSettings.defaults()))));
        assertSame(plain, reference);

        // cache of 2 for 5 symbols: most ticks evict a changed feed; snapshots restore into new operators
        Emitted evicting = run(ticks, List.of(() -> new ChanOperator(new ChanFunction(ChanJobSettings.defaults()), 2)),
                3_001, 9_999, 17_000, 17_001, 25_555);
        assertSame(evicting, reference);
    }

    @Test
    void aSnapshotHoldsEveryFeedChange() throws Exception {
        List<ParsedTick> ticks = ticks();
        Emitted reference = run(ticks, List.of(ChanOperatorTest::writeThrough));
        // written behind until the snapshot, continued by a write-through operator from it: a feed change
        // missing from the snapshot would show as different bars
        Emitted handedOver = run(ticks, List.of(
                () -> new ChanOperator(new ChanFunction(ChanJobSettings.defaults())),
                ChanOperatorTest::writeThrough), 14_321);
        assertSame(handedOver, reference);
    }

    @Test
    void feedsChangedBetweenBarriersAreWrittenOnlyAtTheBarrier() throws Exception {
        ChanFunction f = new ChanFunction(ChanJobSettings.defaults());
        try (var h = harness(new ChanOperator(f))) {
            h.open();
            List<ParsedTick> ticks = ticks();
            for (int i = 0; i < 500; i++) {
                h.processElement(ticks.get(i), ticks.get(i).ts());
            }
            assertThat(f.dirtyFeeds()).isEqualTo(SYMBOLS.length);
            checkpoint(h, 1);
            assertThat(f.dirtyFeeds()).isZero();
            h.processElement(ticks.get(500), ticks.get(500).ts());
            assertThat(f.dirtyFeeds()).isEqualTo(1);
        }
    }

    @Test
    void cacheSizeIsValidated() {
        ChanFunction f = new ChanFunction(ChanJobSettings.defaults());
        assertThatThrownBy(() -> new ChanOperator(f, 0))
                .hasMessageContaining("at least 1 symbol");
    }
}
