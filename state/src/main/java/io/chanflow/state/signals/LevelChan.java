package io.chanflow.state.signals;

import io.chanflow.state.Bar;
import io.chanflow.state.ChanConfig;
import io.chanflow.state.ChanEngine;
import io.chanflow.state.ChanEvent;
import io.chanflow.state.ChanState;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The Chan engine of one symbol on one level plus its signal lifecycles: what a keyed operator
 * keeps per (symbol, level). {@link #onBar(Bar)} is the fold: a closed bar in, structure changes
 * and signal revisions out.
 */
public final class LevelChan {
    private static final int MAGIC = 0x43484c31; // "CHL1"

    /** The output of one closed bar. */
    public record Output(List<Signal> signals, List<Structure> structures) {
        public static final Output EMPTY = new Output(List.of(), List.of());
    }

    private final String symbol;
    private final String level;
    private final ChanEngine engine;
    private ChanState state;
    private final SignalTracker tracker;

    private LevelChan(String symbol, String level, ChanEngine engine, ChanState state, SignalTracker tracker) {
        this.symbol = symbol;
        this.level = level;
        this.engine = engine;
        this.state = state;
        this.tracker = tracker;
    }

    /** A fresh engine state for {@code symbol} on {@code level}. */
    public static LevelChan create(String symbol, String level, ChanConfig config) {
        ChanEngine engine = new ChanEngine(config);
        return new LevelChan(symbol, level, engine, engine.newState(),
                new SignalTracker(symbol, level, hashHex(config)));
    }

    /** The config hash carried by every signal, as 16 hex digits. */
    public static String hashHex(ChanConfig config) {
        String hex = Long.toHexString(config.hash64());
        return "0".repeat(16 - hex.length()) + hex;
    }

    public long barCount() {
        return state.barCount();
    }

    public String symbol() {
        return symbol;
    }

    public String level() {
        return level;
    }

    /**
     * The engine state, for its read-only views ({@link ChanState#lines}, {@link ChanState#pivots},
     * {@link ChanState#points}); stepping it is reserved to {@link #onBar(Bar)}.
     */
    public ChanState state() {
        return state;
    }

    public SignalTracker tracker() {
        return tracker;
    }

    /** Feeds one closed bar; bars must come in strictly increasing time. */
    public Output onBar(Bar bar) {
        long index = state.barCount();
        List<ChanEvent> events = engine.step(state, bar).events();
        if (events.isEmpty()) {
            return Output.EMPTY;
        }
        List<Structure> structures = new ArrayList<>();
        for (ChanEvent e : events) {
            if (!(e instanceof ChanEvent.BspEvent)) {
                structures.add(new Structure(symbol, level, e));
            }
        }
        return new Output(tracker.onBar(index, bar.time(), events), structures);
    }

    /** Engine state and tracker, each length-prefixed. */
    public byte[] toBytes() {
        byte[] s = state.toBytes();
        byte[] t = tracker.toBytes();
        return ByteBuffer.allocate(12 + s.length + t.length)
                .putInt(MAGIC).putInt(s.length).put(s).putInt(t.length).put(t).array();
    }

    /** Restores a level written by {@link #toBytes()} with the same config. */
    public static LevelChan fromBytes(byte[] bytes, String symbol, String level, ChanConfig config) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 12 || b.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a level state of " + symbol + " " + level + " (bad magic)");
        }
        byte[] s = new byte[b.getInt()];
        b.get(s);
        byte[] t = new byte[b.getInt()];
        b.get(t);
        ChanEngine engine = new ChanEngine(config);
        return new LevelChan(symbol, level, engine, ChanState.fromBytes(s, config),
                SignalTracker.fromBytes(t, symbol, level, hashHex(config)));
    }
}
