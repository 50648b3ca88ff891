package io.chanflow.jobs.pipeline;

import io.chanflow.operators.chan.OutcomeEvent;
import io.chanflow.operators.chan.SymbolBar;
import io.chanflow.operators.json.KeyedJson;
import io.chanflow.operators.json.RecordJson;
import io.chanflow.operators.ticks.DeadLetter;
import io.chanflow.state.signals.Signal;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

import java.util.Locale;
import java.util.function.Function;

/**
 * Encodes one output stream as keyed JSON for its sink and counts it in an accumulator (named like
 * the topic), which the CLI's live summary and the web UI show.
 */
public final class ToJson<T> extends RichMapFunction<T, KeyedJson> {
    private final String accumulator;
    private final SerializableEncoder<T> encoder;
    private transient LongCounter count;

    /** A serializable {@code T -> KeyedJson}. */
    public interface SerializableEncoder<T> extends Function<T, KeyedJson>, java.io.Serializable { }

    private ToJson(String accumulator, SerializableEncoder<T> encoder) {
        this.accumulator = accumulator;
        this.encoder = encoder;
    }

    public static ToJson<Signal> signals() {
        return new ToJson<>("signals", s -> new KeyedJson(s.symbol(), RecordJson.signal(s)));
    }

    public static ToJson<OutcomeEvent> outcomes() {
        return new ToJson<>("trade-outcomes", e -> new KeyedJson(e.outcome().symbol(), RecordJson.outcome(e.outcome())));
    }

    public static ToJson<KeyedJson> structures() {
        return new ToJson<>("structures", s -> s);
    }

    public static ToJson<DeadLetter> deadLetters() {
        return new ToJson<>("dead-letters", d -> new KeyedJson(d.symbol() == null ? "" : d.symbol(),
                RecordJson.deadLetter(d)));
    }

    public static ToJson<SymbolBar> bars() {
        return new ToJson<>("bars", b -> new KeyedJson(b.symbol(), String.format(Locale.ROOT,
                "{\"symbol\":\"%s\",\"level\":\"%s\",\"start\":%d,\"end\":%d,\"open\":%s,\"high\":%s,\"low\":%s,"
                        + "\"close\":%s,\"volume\":%s,\"ticks\":%d}",
                b.symbol(), b.level(), b.start(), b.end(), num(b.open()), num(b.high()), num(b.low()), num(b.close()),
                num(b.volume()), b.ticks())));
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    @Override
    public void open(OpenContext ctx) {
        count = new LongCounter();
        getRuntimeContext().addAccumulator(accumulator, count);
    }

    @Override
    public KeyedJson map(T value) {
        count.add(1);
        return encoder.apply(value);
    }
}
