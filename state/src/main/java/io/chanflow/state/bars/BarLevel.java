package io.chanflow.state.bars;

import java.util.ArrayList;
import java.util.List;

/**
 * The eight bar levels ChanFlow aggregates, finest first. The declaration order is the close order
 * for bars that end at the same instant, and the index into {@link BarAggregator}'s per-level arrays.
 *
 * <p>Intraday levels have a fixed length and are aligned to the session open; {@code DAY},
 * {@code WEEK} and {@code MONTH} follow the sessions of the {@link TradingCalendar}.
 */
public enum BarLevel {
    M1("1m", 1), M5("5m", 5), M15("15m", 15), M30("30m", 30), M60("60m", 60),
    DAY("day", 0), WEEK("week", 0), MONTH("month", 0);

    private final String label;
    private final int minutes;

    BarLevel(String label, int minutes) {
        this.label = label;
        this.minutes = minutes;
    }

    /** The label used in configs and topic names: {@code 1m 5m 15m 30m 60m day week month}. */
    public String label() {
        return label;
    }

    /** Whether the level has a fixed length inside a session (1m..60m). */
    public boolean intraday() {
        return minutes > 0;
    }

    /** The length of an intraday bar in milliseconds (the last bar of a session may be cut shorter by the close). */
    long millis() {
        if (!intraday()) {
            throw new IllegalStateException(this + " has no fixed length");
        }
        return minutes * 60_000L;
    }

    /** The level whose {@link #label()} is {@code s}. */
    public static BarLevel ofLabel(String s) {
        List<String> allowed = new ArrayList<>();
        for (BarLevel l : values()) {
            if (l.label.equals(s)) {
                return l;
            }
            allowed.add(l.label);
        }
        throw new IllegalArgumentException("unknown bar level '" + s + "' (expected one of " + String.join(", ", allowed) + ")");
    }
}
