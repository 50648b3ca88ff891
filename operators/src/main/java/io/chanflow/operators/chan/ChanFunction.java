package io.chanflow.operators.chan;

import io.chanflow.operators.json.KeyedJson;
import io.chanflow.operators.json.RecordJson;
import io.chanflow.operators.ticks.DeadLetter;
import io.chanflow.operators.ticks.ParseTicks;
import io.chanflow.operators.ticks.ParsedTick;
import io.chanflow.state.Bar;
import io.chanflow.state.ChanConfig;
import io.chanflow.state.bars.BarAggregator;
import io.chanflow.state.bars.BarLevel;
import io.chanflow.state.bars.TradingCalendar;
import io.chanflow.state.feed.CalendarRules;
import io.chanflow.state.feed.Reject;
import io.chanflow.state.feed.SymbolFeed;
import io.chanflow.state.outcome.HigherLevelView;
import io.chanflow.state.outcome.LabeledPoint;
import io.chanflow.state.outcome.LevelOutcomes;
import io.chanflow.state.outcome.OutcomeRules;
import io.chanflow.state.signals.LevelChan;
import io.chanflow.state.signals.Signal;
import io.chanflow.state.signals.SignalStatus;
import io.chanflow.state.signals.Structure;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keyed heart of the signal job (key = symbol): ticks → forming bars on 8 levels → on every
 * closed bar, that level's Chan engine → signal lifecycles (main output, unscored), structure
 * changes and closed bars (side outputs); then that level's {@link LevelOutcomes} → every signal
 * revision with its point's features ({@link #SIGNAL_EVENTS}, what the scoring step reads) and the
 * trades the bar closed ({@link #OUTCOMES}). Rejected ticks go to {@link ParseTicks#DEAD_LETTERS}.
 *
 * <p>State, all {@code byte[]} in the engine's own versioned binary forms (no Kryo): {@code feed}
 * (gate + forming bars, a few hundred bytes, touched by every tick), and per level one
 * {@code chan-<level>} (engine + signal tracker) and one {@code outcomes-<level>} (indicator window
 * + open trades), both touched only when that level's bar closes. Bars close on an event-time timer
 * when the watermark passes their end (plus allowed lateness). A point's features read the next
 * higher level's engine as it is before that level sees a bar ending at the same time (bars close
 * finest first); that engine is deserialized only on bars that confirm a point.
 */
public final class ChanFunction extends KeyedProcessFunction<String, ParsedTick, Signal> {
    /** Structure changes, already as the {@code structures} topic's JSON (the engine event type is not a Flink POJO). */
    public static final OutputTag<KeyedJson> STRUCTURES = new OutputTag<>("structures") { };
    public static final OutputTag<SymbolBar> BARS = new OutputTag<>("bars") { };
    /** Every signal revision, with the point's features when CONFIRMED: the scoring step's input. */
    public static final OutputTag<SignalEvent> SIGNAL_EVENTS = new OutputTag<>("signal-events", SignalEvent.TYPE);
    /** Every trade a closed bar ended, with its entry features: the {@code trade-outcomes} topic and the labels. */
    public static final OutputTag<OutcomeEvent> OUTCOMES = new OutputTag<>("outcomes", OutcomeEvent.TYPE);
    private static final BarLevel[] LEVELS = BarLevel.values();

    private final ChanJobSettings settings;
    private transient ChanConfig chanConfig;
    private transient CalendarRules calendars;
    /** Calendar per symbol seen by this instance: the rules are regexes, too dear to match per tick. */
    private transient Map<String, Optional<TradingCalendar>> calendarOf;
    private transient SymbolFeed.Limits limits;
    private transient ValueState<byte[]> feedState;
    /**
     * Deserialized feeds of this instance's symbols, least recently used first, at most
     * {@link #feedCacheSymbols}; a miss reads the {@code feed} state. A new instance (restore,
     * failover, rescale) starts empty and reads the state.
     */
    private transient LinkedHashMap<String, SymbolFeed> feeds;
    /**
     * Write-behind (set by {@link ChanOperator}): the cached feeds changed since they were last
     * written. They are written before each checkpoint barrier ({@link #flushFeeds}) and when
     * evicted, so the state is exact at every checkpoint and a tick costs no state write. Without
     * an operator to switch keys ({@code keys == null}) every change is written through.
     */
    private transient Set<String> dirty;
    private transient KeyScope keys;
    private transient int feedCacheSymbols;
    /** Feeds kept deserialized per subtask by default (a feed is ~2 KB on the heap). */
    public static final int DEFAULT_FEED_CACHE_SYMBOLS = 16_384;
    private transient ValueState<byte[]>[] levelState;
    private transient ValueState<byte[]>[] outcomeState;
    private transient OutcomeRules[] outcomeRules;
    private transient Counter ticks;
    private transient Counter barsClosed;
    private transient Counter signals;
    private transient Counter structures;
    private transient Counter outcomes;
    private transient ParseTicks.DeadLetterCounters dead;

    public ChanFunction(ChanJobSettings settings) {
        this.settings = settings;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open(OpenContext ctx) {
        chanConfig = settings.chanConfig();
        calendars = settings.calendarRules();
        calendarOf = new HashMap<>();
        feeds = new LinkedHashMap<>(64, 0.75f, true);
        if (feedCacheSymbols == 0) {
            feedCacheSymbols = DEFAULT_FEED_CACHE_SYMBOLS;
        }
        dirty = new LinkedHashSet<>();
        limits = settings.limits();
        feedState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("feed", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        BarLevel[] levels = BarLevel.values();
        levelState = new ValueState[levels.length];
        for (BarLevel l : levels) {
            levelState[l.ordinal()] = getRuntimeContext().getState(
                    new ValueStateDescriptor<>("chan-" + l.label(), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        }
        outcomeState = new ValueState[LEVELS.length];
        outcomeRules = new OutcomeRules[LEVELS.length];
        for (BarLevel l : LEVELS) {
            outcomeState[l.ordinal()] = getRuntimeContext().getState(new ValueStateDescriptor<>("outcomes-" + l.label(),
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
            outcomeRules[l.ordinal()] = settings.outcomeRules(l);
        }
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("chanflow");
        ticks = g.counter("ticksAccepted");
        barsClosed = g.counter("barsClosed");
        signals = g.counter("signalsEmitted");
        structures = g.counter("structuresEmitted");
        outcomes = g.counter("outcomesEmitted");
        dead = new ParseTicks.DeadLetterCounters(g);
        // read by the metric reporter thread: a plain int read of the task thread's collections, never stale by much
        g.gauge("feedsCached", (Gauge<Integer>) () -> feeds.size());
        g.gauge("feedsDirty", (Gauge<Integer>) () -> dirty.size());
    }

    @Override
    public void processElement(ParsedTick t, Context ctx, Collector<Signal> out) throws Exception {
        TradingCalendar cal = calendar(t.symbol());
        if (cal == null) {
            reject(ctx, t, Reject.UNKNOWN_SYMBOL, "no calendar rule matches " + t.symbol());
            return;
        }
        SymbolFeed feed = feed(t.symbol(), cal);
        boolean fresh = feed == null;
        if (fresh) {
            feed = new SymbolFeed(cal, limits);
        }
        long timerBefore = fresh ? Long.MAX_VALUE : feed.nextTimer();
        SymbolFeed.Offer o = feed.offer(t.tick(), t.id());
        if (o.reject() != null) {
            reject(ctx, t, o.reject(), o.detail());
            if (fresh) {
                return; // nothing accepted yet: keep no state for this key
            }
        } else {
            ticks.inc();
        }
        if (fresh) {
            cache(t.symbol(), feed);
        }
        changed(t.symbol(), feed);
        long timer = feed.nextTimer();
        if (timer != timerBefore && timer != Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(timer);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Signal> out) throws Exception {
        String symbol = ctx.getCurrentKey();
        SymbolFeed feed = feed(symbol, calendar(symbol));
        if (feed == null) {
            return;
        }
        List<BarAggregator.ClosedBar> closed = feed.onWatermark(ctx.timerService().currentWatermark());
        closeBars(symbol, closed, ctx, out);
        changed(symbol, feed); // even when nothing closed: the frontier moved
        long timer = feed.nextTimer();
        if (timer != Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(timer);
        }
    }

    /** Feeds closed bars (in close order) to their levels' engines and emits what they cause. */
    private void closeBars(String symbol, List<BarAggregator.ClosedBar> closed, Context ctx, Collector<Signal> out)
            throws Exception {
        for (BarAggregator.ClosedBar b : closed) {
            barsClosed.inc();
            ctx.output(BARS, SymbolBar.of(symbol, b));
            ValueState<byte[]> st = levelState[b.level().ordinal()];
            byte[] lb = st.value();
            String label = b.level().label();
            LevelChan lc = lb == null ? LevelChan.create(symbol, label, chanConfig)
                    : LevelChan.fromBytes(lb, symbol, label, chanConfig);
            Bar bar = b.toBar();
            LevelChan.Output res = lc.onBar(bar);
            for (Structure s : res.structures()) {
                structures.inc();
                ctx.output(STRUCTURES, new KeyedJson(symbol, RecordJson.structure(s)));
            }
            for (Signal s : res.signals()) {
                signals.inc();
                out.collect(s);
            }
            followOutcomes(symbol, b, bar, lc, res.signals(), ctx);
            st.update(lc.toBytes());
        }
    }

    /** The symbol's feed from the cache or its state, or null when it has none yet. */
    private SymbolFeed feed(String symbol, TradingCalendar cal) throws Exception {
        SymbolFeed f = feeds.get(symbol);
        if (f == null) {
            byte[] fb = feedState.value();
            if (fb != null) {
                f = SymbolFeed.fromBytes(fb, cal, limits);
                cache(symbol, f);
            }
        }
        return f;
    }

    /** Adds the current key's feed to the cache, evicting (and writing, if changed) the least recently used one. */
    private void cache(String symbol, SymbolFeed f) throws Exception {
        feeds.put(symbol, f);
        if (feeds.size() > feedCacheSymbols) {
            Iterator<Map.Entry<String, SymbolFeed>> eldest = feeds.entrySet().iterator();
            Map.Entry<String, SymbolFeed> e = eldest.next();
            eldest.remove();
            if (dirty.remove(e.getKey())) {
                byte[] b = e.getValue().toBytes();
                keys.run(e.getKey(), () -> feedState.update(b));
            }
        }
    }

    /** The current key's feed changed: written now, or before the next barrier when writing behind. */
    private void changed(String symbol, SymbolFeed f) throws IOException {
        if (keys == null) {
            feedState.update(f.toBytes());
        } else {
            dirty.add(symbol);
        }
    }

    /** Runs a state access under another key and restores the current one. */
    @FunctionalInterface
    interface KeyScope {
        void run(String key, StateWrite write) throws Exception;
    }

    @FunctionalInterface
    interface StateWrite {
        void run() throws Exception;
    }

    /** Called by {@link ChanOperator#open()} before any record: switches to write-behind ({@code cacheSymbols} >= 1, checked there). */
    void writeBehind(KeyScope scope, int cacheSymbols) {
        this.keys = scope;
        this.feedCacheSymbols = cacheSymbols;
    }

    /** Writes every changed feed to its state: called before each checkpoint barrier and at end of input. */
    void flushFeeds() throws Exception {
        if (dirty.isEmpty()) {
            return;
        }
        for (String k : dirty) {
            byte[] b = feeds.get(k).toBytes();
            keys.run(k, () -> feedState.update(b));
        }
        dirty.clear();
    }

    /** Feeds changed since the last flush (for tests and metrics). */
    int dirtyFeeds() {
        return dirty.size();
    }

    /** The level's features and trades after its engine took {@code bar}: emits signal events and closed trades. */
    private void followOutcomes(String symbol, BarAggregator.ClosedBar b, Bar bar, LevelChan lc, List<Signal> sigs,
                                Context ctx) throws Exception {
        int lv = b.level().ordinal();
        String label = b.level().label();
        ValueState<byte[]> st = outcomeState[lv];
        byte[] ob = st.value();
        LevelOutcomes lo = ob == null ? LevelOutcomes.create(symbol, label, outcomeRules[lv])
                : LevelOutcomes.fromBytes(ob, symbol, label, outcomeRules[lv]);
        LevelOutcomes.Output o = lo.onBar(bar, sigs, lc, () -> higherView(symbol, lv + 1));
        Iterator<LevelOutcomes.ConfirmedPoint> confirmed = o.confirmed().iterator();
        for (Signal s : sigs) {
            LevelOutcomes.ConfirmedPoint p = s.status() == SignalStatus.CONFIRMED ? confirmed.next() : null;
            if (p != null && p.signal() != s) {
                throw new IllegalStateException("features of " + p.signal().id() + " given for " + s.id());
            }
            ctx.output(SIGNAL_EVENTS, SignalEvent.of(s, p == null ? null : p.features(), b.end()));
        }
        for (LabeledPoint p : o.closed()) {
            outcomes.inc();
            ctx.output(OUTCOMES, OutcomeEvent.of(p, b.end()));
        }
        st.update(lo.toBytes());
    }

    /** What level {@code lv} (the next higher one) shows now; {@link HigherLevelView#NONE} above month or before its first bar. */
    private HigherLevelView higherView(String symbol, int lv) {
        if (lv >= LEVELS.length) {
            return HigherLevelView.NONE;
        }
        try {
            byte[] hb = levelState[lv].value();
            return hb == null ? HigherLevelView.NONE
                    : HigherLevelView.of(LevelChan.fromBytes(hb, symbol, LEVELS[lv].label(), chanConfig));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + LEVELS[lv].label() + " engine of " + symbol, e);
        }
    }

    private TradingCalendar calendar(String symbol) {
        return calendarOf.computeIfAbsent(symbol, s -> Optional.ofNullable(calendars.calendarOf(s))).orElse(null);
    }

    private void reject(Context ctx, ParsedTick t, Reject r, String detail) {
        dead.count(r);
        ctx.output(ParseTicks.DEAD_LETTERS, new DeadLetter(r, detail, t.symbol(), t.ts(), t.raw()));
    }
}
