package io.chanflow.state.feed;

import io.chanflow.state.bars.TradingCalendar;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which trading calendar a symbol uses: an ordered list of {@code REGEX=CALENDAR} rules, the first
 * whose regular expression matches the whole symbol wins. A symbol no rule matches is rejected
 * ({@link Reject#UNKNOWN_SYMBOL}).
 *
 * <p>Defaults: crypto-style pairs ({@code BTC-USD}, {@code ETHUSDT}) trade 24/7 (UTC); plain
 * tickers of 1-5 capital letters, optionally with a class suffix ({@code BRK.B}), are US equities
 * (America/New_York, 09:30-16:00).
 */
public final class CalendarRules {
    /** A symbol: letters, digits and {@code . _ : / -}, 1 to 32 characters, starting with a letter or digit. */
    public static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/\\-]{0,31}");

    public record Rule(Pattern pattern, TradingCalendar calendar) {
        public String spec() {
            return pattern.pattern() + "=" + calendar.spec();
        }
    }

    private final List<Rule> rules;

    public CalendarRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static CalendarRules defaults() {
        return new CalendarRules(List.of(
                parseRule("[A-Z0-9]+-USD|[A-Z0-9]+USDT?", null),
                parseRule("[A-Z]{1,5}(\\.[A-Z])?", null)));
    }

    private static Rule parseRule(String regex, String spec) {
        TradingCalendar cal = spec != null ? TradingCalendar.parse(spec)
                : regex.contains("USD") ? TradingCalendar.always() : TradingCalendar.usEquities();
        return new Rule(Pattern.compile(regex), cal);
    }

    /**
     * Parses {@code REGEX=CALENDAR} (e.g. {@code GC.*=custom:America/New_York:18:00-17:00:SUN-FRI});
     * the calendar part is {@link TradingCalendar#parse(String)}'s syntax.
     */
    public static Rule parse(String rule) {
        int eq = rule.lastIndexOf('=');
        if (eq <= 0 || eq == rule.length() - 1) {
            throw new IllegalArgumentException("calendar rule '" + rule + "' is not REGEX=CALENDAR");
        }
        Pattern p;
        try {
            p = Pattern.compile(rule.substring(0, eq));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("calendar rule '" + rule + "': bad regular expression: " + e.getDescription());
        }
        return new Rule(p, TradingCalendar.parse(rule.substring(eq + 1)));
    }

    /** User rules first, then the defaults. */
    public static CalendarRules of(List<String> userRules) {
        List<Rule> all = new ArrayList<>();
        for (String r : userRules) {
            all.add(parse(r));
        }
        all.addAll(defaults().rules);
        return new CalendarRules(all);
    }

    /** The calendar of {@code symbol}, or null when no rule matches. */
    public TradingCalendar calendarOf(String symbol) {
        for (Rule r : rules) {
            if (r.pattern.matcher(symbol).matches()) {
                return r.calendar;
            }
        }
        return null;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Rules as {@code REGEX=CALENDAR} strings, for configs and logs. */
    public List<String> specs() {
        List<String> out = new ArrayList<>();
        for (Rule r : rules) {
            out.add(r.spec());
        }
        return out;
    }
}
