package io.chanflow.operators.chan;

import io.chanflow.state.ChanConfig;
import io.chanflow.state.feed.CalendarRules;
import io.chanflow.state.feed.SymbolFeed;

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
 * @param chan engine settings ({@code key=value}, see the README's config table)
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
        ChanConfig.of(chan);
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
        return ChanConfig.of(chan);
    }

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
