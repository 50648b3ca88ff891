package io.chanflow.operators.chan;

import io.chanflow.state.ChanConfig;
import io.chanflow.state.bars.BarLevel;
import io.chanflow.state.feed.CalendarRules;
import io.chanflow.state.feed.SymbolFeed;
import io.chanflow.state.ml.EnsembleConfig;
import io.chanflow.state.outcome.OutcomeRules;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the signal job's operators need, as plain serializable values (the operators rebuild
 * the engine config and calendars in {@code open}). Validated at construction: a bad value fails
 * when the job is built, with a message naming the option, not later inside a task.
 *
 * @param chan engine settings ({@code key=value}, see the README's config table), plus the outcome
 *     rules ({@code outcome.KEY} for every level, {@code outcome.LEVEL.KEY} for one, applied after)
 *     and the online ensemble's options ({@code ml.KEY})
 * @param calendars user calendar rules {@code REGEX=CALENDAR}, tried before the defaults
 * @param maxJump largest accepted move from the previous price, as a fraction
 * @param jumpConfirmTicks consecutive agreeing ticks that confirm a real jump
 * @param allowedLatenessMs how long after a bar's end (in event time) it stays open for late ticks
 * @param maxPayloadBytes larger raw ticks are dead-lettered
 * @param outOfOrdernessMs bounded out-of-orderness of the watermarks
 * @param idlenessMs a source split without ticks for this long (processing time) is marked idle
 */
public record ChanJobSettings(Map<String, String> chan, List<String> calendars, double maxJump, int jumpConfirmTicks,
                              long allowedLatenessMs, int maxPayloadBytes, long outOfOrdernessMs, long idlenessMs)
        implements Serializable {

    public ChanJobSettings {
        chan = new TreeMap<>(chan);
        calendars = new ArrayList<>(calendars);
        // fail fast, naming the option
        ChanConfig.of(engineOptions(chan));
        for (BarLevel l : BarLevel.values()) {
            outcomeRules(chan, l);
        }
        EnsembleConfig.of(mlOptions(chan));
        CalendarRules.of(calendars);
        new SymbolFeed.Limits(maxJump, jumpConfirmTicks, allowedLatenessMs);
        if (maxPayloadBytes < 64) {
            throw new IllegalArgumentException("max-payload-bytes must be >= 64, got " + maxPayloadBytes);
        }
        if (outOfOrdernessMs < 0) {
            throw new IllegalArgumentException("out-of-orderness must be >= 0 ms, got " + outOfOrdernessMs);
        }
        if (idlenessMs <= 0) {
            throw new IllegalArgumentException("idleness must be > 0 ms, got " + idlenessMs);
        }
    }

    public static ChanJobSettings defaults() {
        return new ChanJobSettings(Map.of(), List.of(), 0.2, 3, 0, 65_536, 2_000, 10_000);
    }

    public ChanConfig chanConfig() {
        return ChanConfig.of(engineOptions(chan));
    }

    /** The outcome rules of {@code level}: its defaults, then {@code outcome.KEY}, then {@code outcome.LEVEL.KEY}. */
    public OutcomeRules outcomeRules(BarLevel level) {
        return outcomeRules(chan, level);
    }

    /** The online ensemble's options ({@code ml.KEY} without the prefix). */
    public Map<String, String> mlOptions() {
        return mlOptions(chan);
    }

    private static Map<String, String> engineOptions(Map<String, String> all) {
        Map<String, String> m = new TreeMap<>();
        all.forEach((k, v) -> {
            if (!k.startsWith(OUTCOME) && !k.startsWith(ML)) {
                m.put(k, v);
            }
        });
        return m;
    }

    private static Map<String, String> mlOptions(Map<String, String> all) {
        Map<String, String> m = new TreeMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(ML)) {
                m.put(k.substring(ML.length()), v);
            }
        });
        return m;
    }

    private static OutcomeRules outcomeRules(Map<String, String> all, BarLevel level) {
        OutcomeRules r = OutcomeRules.defaults(level);
        String mine = OUTCOME + level.label() + ".";
        for (Map.Entry<String, String> e : all.entrySet()) { // sorted: the same map, the same result or error
            String k = e.getKey();
            if (k.startsWith(OUTCOME) && k.indexOf('.', OUTCOME.length()) < 0) {
                r = withOption(r, k, k.substring(OUTCOME.length()), e.getValue());
            }
        }
        for (Map.Entry<String, String> e : all.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(mine)) {
                r = withOption(r, k, k.substring(mine.length()), e.getValue());
            } else if (k.startsWith(OUTCOME) && k.indexOf('.', OUTCOME.length()) >= 0) {
                try {
                    BarLevel.ofLabel(k.substring(OUTCOME.length(), k.indexOf('.', OUTCOME.length())));
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException("--set " + k + ": " + bad.getMessage(), bad);
                }
            }
        }
        return r;
    }

    private static OutcomeRules withOption(OutcomeRules r, String fullKey, String key, String value) {
        try {
            return r.with(key, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--set " + fullKey + "=" + value + ": " + e.getMessage(), e);
        }
    }

    private static final String OUTCOME = "outcome.";
    private static final String ML = "ml.";

    public CalendarRules calendarRules() {
        return CalendarRules.of(calendars);
    }

    public SymbolFeed.Limits limits() {
        return new SymbolFeed.Limits(maxJump, jumpConfirmTicks, allowedLatenessMs);
    }

    public ChanJobSettings withChan(Map<String, String> c) {
        return new ChanJobSettings(c, calendars, maxJump, jumpConfirmTicks, allowedLatenessMs, maxPayloadBytes,
                outOfOrdernessMs, idlenessMs);
    }

    public ChanJobSettings withCalendars(List<String> c) {
        return new ChanJobSettings(chan, c, maxJump, jumpConfirmTicks, allowedLatenessMs, maxPayloadBytes,
                outOfOrdernessMs, idlenessMs);
    }

    public ChanJobSettings withLimits(double jump, int confirm, long lateness) {
        return new ChanJobSettings(chan, calendars, jump, confirm, lateness, maxPayloadBytes, outOfOrdernessMs,
                idlenessMs);
    }

    public ChanJobSettings withWatermarks(long outOfOrderness, long idleness) {
        return new ChanJobSettings(chan, calendars, maxJump, jumpConfirmTicks, allowedLatenessMs, maxPayloadBytes,
                outOfOrderness, idleness);
    }
}
