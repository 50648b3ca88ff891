package io.chanflow.operators.ticks;

import io.chanflow.state.bars.TradingCalendar;
import io.chanflow.state.feed.CalendarRules;
import io.chanflow.state.feed.Reject;
import io.chanflow.state.feed.SymbolFeed;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of bad ticks, one or more per kind: every one must be dead-lettered with its own reason,
 * and good ticks around them must pass. Stateless kinds go through {@link TickParser}, stateful
 * ones (session, lateness, duplicates, jumps, unknown symbols) through the keyed operator's gate.
 */
class BadTickCorpusTest {
    private static final TickParser PARSER = new TickParser(4096);

    @Test
    void shouldDeadLetterEveryStatelessKindWithItsReason() {
        Map<String, Reject> corpus = new LinkedHashMap<>();
        corpus.put("", Reject.EMPTY);
        corpus.put("   ", Reject.EMPTY);
        corpus.put("{\"symbol\":\"SPY\",\"ts\":1,\"price\":1,\"size\":1,\"pad\":\"" + "x".repeat(5000) + "\"}", Reject.TOO_LARGE);
        corpus.put("{\"symbol\":\"SPY\",", Reject.MALFORMED);
        corpus.put("{\"symbol\":\"SPY\"} trailing", Reject.MALFORMED);
        corpus.put("[1,2,3]", Reject.NOT_AN_OBJECT);
        corpus.put("2013-10-07T13:30:00Z,SPY,167.4", Reject.BAD_COLUMNS);
        corpus.put("{\"ts\":1381152600000,\"price\":1,\"size\":1}", Reject.MISSING_SYMBOL);
        corpus.put("{\"symbol\":\"SPY\",\"price\":1,\"size\":1}", Reject.MISSING_TS);
        corpus.put("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"size\":1}", Reject.MISSING_PRICE);
        corpus.put("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":1}", Reject.MISSING_SIZE);
        corpus.put("{\"symbol\":\"S P Y\",\"ts\":1381152600000,\"price\":1,\"size\":1}", Reject.BAD_SYMBOL);
        corpus.put("{\"symbol\":42,\"ts\":1381152600000,\"price\":1,\"size\":1}", Reject.BAD_SYMBOL);
        corpus.put("{\"symbol\":\"SPY\",\"ts\":\"yesterday\",\"price\":1,\"size\":1}", Reject.BAD_TS);
        corpus.put("{\"symbol\":\"SPY\",\"ts\":\"2013-10-07T13:30:00\",\"price\":1,\"size\":1}", Reject.BAD_TS);
        corpus.put("{\"symbol\":\"SPY\",\"ts\":999999999999999,\"price\":1,\"size\":1}", Reject.TS_OUT_OF_RANGE);
        corpus.put("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":\"abc\",\"size\":1}", Reject.BAD_PRICE);
        corpus.put("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":NaN,\"size\":1}", Reject.PRICE_NAN);
        corpus.put("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":Infinity,\"size\":1}", Reject.PRICE_INFINITE);
        corpus.put("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":0,\"size\":1}", Reject.PRICE_NOT_POSITIVE);
        corpus.put("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":-3.5,\"size\":1}", Reject.PRICE_NOT_POSITIVE);
        corpus.put("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":1,\"size\":\"many\"}", Reject.BAD_SIZE);
        corpus.put("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":1,\"size\":-100}", Reject.SIZE_NEGATIVE);
        corpus.put("2013-10-07T13:30:00Z,SPY,,100", Reject.MISSING_PRICE);
        Set<Reject> seen = EnumSet.noneOf(Reject.class);
        for (Map.Entry<String, Reject> e : corpus.entrySet()) {
            TickParser.Result r = PARSER.parse(e.getKey());
            assertThat(r.tick()).as(e.getKey()).isNull();
            assertThat(r.dead()).as(e.getKey()).isNotNull();
            assertThat(r.dead().reason()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(r.dead().raw()).isNotNull();
            seen.add(r.dead().reason());
        }
        // good ticks in every accepted form
        for (String good : List.of("{\"symbol\":\"SPY\",\"ts\":1381152600000,\"price\":167.41,\"size\":100}",
                "{\"symbol\":\"SPY\",\"ts\":\"2013-10-07T13:30:00.464Z\",\"price\":\"167.41\",\"size\":0,\"id\":7}",
                "2013-10-07T13:30:00.464Z,SPY,167.41,100", "1381152600464,BTC-USD,27000.5,0.01")) {
            assertThat(PARSER.parse(good).tick()).as(good).isNotNull();
        }
        assertThat(PARSER.parse("time,symbol,price,size").tick()).isNull();
        assertThat(PARSER.parse("time,symbol,price,size").dead()).as("CSV header is skipped").isNull();
        assertThat(seen).hasSizeGreaterThanOrEqualTo(17);
    }

    @Test
    void shouldDeadLetterEveryStatefulKindWithItsReason() {
        CalendarRules rules = CalendarRules.defaults();
        assertThat(rules.calendarOf("GCZ13")).as("no default rule for futures codes: UNKNOWN_SYMBOL").isNull();
        TradingCalendar us = rules.calendarOf("SPY");
        SymbolFeed feed = new SymbolFeed(us, SymbolFeed.Limits.defaults());
        long open = 1_381_152_600_000L; // 2013-10-07 09:30 New York
        List<Reject> got = new ArrayList<>();
        got.add(feed.offer(new io.chanflow.state.bars.Tick("SPY", open - 3_600_000, 167, 1), 0).reject());
        assertThat(feed.offer(new io.chanflow.state.bars.Tick("SPY", open, 167, 1), 11).reject()).isNull();
        got.add(feed.offer(new io.chanflow.state.bars.Tick("SPY", open + 1, 167, 1), 11).reject());
        got.add(feed.offer(new io.chanflow.state.bars.Tick("SPY", open + 2, 16.7, 1), 0).reject());
        feed.onWatermark(open + 120_000);
        got.add(feed.offer(new io.chanflow.state.bars.Tick("SPY", open + 30_000, 167, 1), 0).reject());
        assertThat(got).containsExactly(Reject.OUTSIDE_SESSION, Reject.DUPLICATE, Reject.PRICE_JUMP, Reject.LATE);
    }
}
