package io.chanflow.jobs.io;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Bar levels (K线级别), lowest first. A level is a label: the engine accepts any bar spacing. The
 * order matters for multi-level runs (the higher level is the parent) and for chan.py's data
 * checks, which compare calendar days only when both levels are at most daily.
 */
public enum Level {
    M1("1m"), M3("3m"), M5("5m"), M10("10m"), M15("15m"), M30("30m"), M60("60m"),
    DAY("day"), WEEK("week"), MON("mon"), QUARTER("quarter"), YEAR("year");

    private final String label;

    Level(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** chan.py's {@code kltype_lte_day}: minute levels and day. */
    public boolean atMostDay() {
        return compareTo(DAY) <= 0;
    }

    /** Every label, lowest level first, comma-separated. */
    public static String labels() {
        return Arrays.stream(values()).map(Level::label).collect(Collectors.joining(" "));
    }

    public static boolean isLabel(String s) {
        for (Level l : values()) {
            if (l.label.equals(s.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** @throws IllegalArgumentException listing the accepted labels */
    public static Level fromLabel(String s) {
        for (Level l : values()) {
            if (l.label.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown level '" + s + "' (expected one of: " + labels() + ")");
    }

    @Override
    public String toString() {
        return label;
    }
}
