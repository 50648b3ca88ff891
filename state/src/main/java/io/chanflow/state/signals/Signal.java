package io.chanflow.state.signals;

import java.util.Objects;

/**
 * One revision of a buy/sell point's lifecycle: what is published to the {@code signals} topic.
 *
 * <p>{@code id} is stable across revisions: {@code symbol/level/scope/pointTime/B|S/type}
 * (scope {@code bi} = stroke-level point, {@code seg} = segment-level point). {@code revision}
 * starts at 1 and grows by one with every published change of this id. {@code causeTime} and
 * {@code causeBar} name the bar whose close caused the change (its start time and its 0-based
 * index in the level's bar sequence); nothing depends on a later bar.
 *
 * @param price the point's price (the stroke or segment end's extreme)
 * @param configHash the engine config hash (hex), so consumers can tell engine settings apart
 */
public record Signal(String id, String symbol, String level, String scope, long pointTime, boolean buy,
                     String type, SignalStatus status, int revision, String reason, long causeTime, long causeBar,
                     double price, String configHash) {

    public Signal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be >= 1, got " + revision);
        }
    }

    /** The stable id of a point type: {@code SPY/1m/bi/1381239000000/B/2s}. */
    public static String idOf(String symbol, String level, String scope, long pointTime, boolean buy, String type) {
        return symbol + '/' + level + '/' + scope + '/' + pointTime + '/' + (buy ? 'B' : 'S') + '/' + type;
    }
}
