package io.chanflow.jobs.evaluate;

import io.chanflow.state.Bar;
import io.chanflow.state.BspType;
import io.chanflow.state.ChanConfig;
import io.chanflow.state.bars.BarLevel;
import io.chanflow.state.bars.TradingCalendar;
import io.chanflow.state.feed.CalendarRules;
import io.chanflow.state.ml.Ensemble;
import io.chanflow.state.ml.EnsembleConfig;
import io.chanflow.state.outcome.FeatureVector;
import io.chanflow.state.outcome.Features;
import io.chanflow.state.outcome.HigherLevelView;
import io.chanflow.state.outcome.LabeledPoint;
import io.chanflow.state.outcome.LevelOutcomes;
import io.chanflow.state.outcome.OutcomeRules;
import io.chanflow.state.outcome.TradeOutcome;
import io.chanflow.state.outcome.TradeResult;
import io.chanflow.state.signals.LevelChan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Prequential (test-then-train) evaluation of the online model on buy/sell points, in event time,
 * over many symbols: what {@code ./chanflow evaluate} runs.
 *
 * <p>Per level, every symbol runs its own {@link LevelChan} and {@link LevelOutcomes} (plus, with a
 * higher level, a {@link HigherBars} resampler and a second {@code LevelChan} that feeds the
 * features' {@link HigherLevelView}); all symbols share one model. Bars of all symbols are merged
 * by time; at each bar time {@code T}:
 * <ol>
 *   <li>every symbol with a bar at {@code T} takes it (symbols in name order): closed higher bars
 *       first, then the bar itself;</li>
 *   <li><b>test</b>: every point whose confirmation opened a trade at {@code T} is scored, in the
 *       order (symbol, signal id); its P(WIN) and the baseline's are recorded. A CONFIRMED signal
 *       that only joined the open trade of its point (another type of the same point) is not a
 *       new point;</li>
 *   <li>trades closed at {@code T} attach their outcome to their point and queue as labels;</li>
 *   <li><b>train</b>: labels whose {@code exitTime} the event time has reached ({@code exitTime <= T})
 *       are learned, in the order (exit time, symbol, signal id, entry time). An outcome is only
 *       known at the close of its exit bar, so a label is never learned before it exists, and a
 *       point scored at {@code T} never benefits from a label revealed at {@code T}.</li>
 * </ol>
 * The label is WIN versus not (LOSS or FLAT). Points still open after the last bar have no label
 * and are left out of every metric (counted as open). The baseline predicts the running share of
 * WIN among the labels learned so far, with one WIN and one non-WIN added (Laplace's rule of
 * succession: 0.5 before the first label, and never a certain 0 or 1 whose first miss would cost an
 * unbounded log-loss).
 *
 * <p>Deterministic: the same series and settings give the same points, scores and order.
 */
public final class Evaluation {

    /** What is evaluated: scores a feature vector with P(WIN), learns a label. */
    public interface Model {
        /** P(WIN | x), without learning. */
        double score(double[] x);

        /** Learns one label. */
        void learn(double[] x, boolean win);

        /** Final figures for the report (e.g. examples seen, drifts), in a stable order. */
        default Map<String, Object> state() {
            return Map.of();
        }
    }

    /** Makes the model of one level; {@code eventTime} reads the evaluation's clock (bar start time, epoch ms). */
    @FunctionalInterface
    public interface ModelFactory {
        Model create(BarLevel level, int dimension, LongSupplier eventTime);
    }

    /**
     * @param chan     engine settings, for the evaluated and the higher levels
     * @param rules    outcome rules of each evaluated level
     * @param higher   whether features see the next-higher level (built from the input bars)
     * @param calendars the trading calendar of each symbol, needed for intraday levels with {@code higher}
     */
    public record Settings(ChanConfig chan, Function<BarLevel, OutcomeRules> rules, boolean higher,
                           CalendarRules calendars) {
        public Settings {
            Objects.requireNonNull(chan, "chan");
            Objects.requireNonNull(rules, "rules");
            Objects.requireNonNull(calendars, "calendars");
        }

        public static Settings defaults() {
            return new Settings(ChanConfig.defaults(), OutcomeRules::defaults, true, CalendarRules.defaults());
        }
    }

    /**
     * One scored point (one trade).
     *
     * @param types       the point's types confirmed on its confirming bar, in {@link BspType} order
     * @param confirmTime start of the bar whose close confirmed the point (the trade's entry time)
     * @param p           the model's P(WIN) at confirmation
     * @param baselineP   the baseline's P(WIN) at confirmation
     * @param outcome     the trade's outcome, or {@code null} if it was still open after the last bar
     * @param learnedAt   event time at which its label was learned, {@code Long.MIN_VALUE} if never
     */
    public record Point(String symbol, BarLevel level, String signalId, List<String> types, long confirmTime,
                        FeatureVector features, double p, double baselineP, TradeOutcome outcome, long learnedAt) {
        public boolean open() {
            return outcome == null;
        }

        public boolean win() {
            return outcome != null && outcome.result() == TradeResult.WIN;
        }
    }

    /**
     * The evaluation of one level.
     *
     * @param higher         the level the features looked at, {@code null} if none
     * @param bars           bars of the level, all symbols
     * @param higherBars     higher bars given to the higher engines
     * @param outsideSession lower bars that fell in no session (in no higher bar)
     * @param joined         CONFIRMED points that joined an open trade of the same point (not scored)
     * @param points         scored points, in scoring order
     */
    public record LevelResult(BarLevel level, BarLevel higher, List<String> symbols, long bars, long higherBars,
                              long outsideSession, long joined, List<Point> points, Map<String, Object> modelState) { }

    private Evaluation() {
    }

    /** The model under evaluation: an {@link Ensemble} per level with {@code config}. */
    public static ModelFactory ensemble(EnsembleConfig config) {
        Objects.requireNonNull(config, "config");
        return (level, dimension, clock) -> new EnsembleModel(new Ensemble(dimension, config));
    }

    /** Evaluates every level present in {@code series}, lowest level first. */
    public static List<LevelResult> run(List<Series> series, Settings settings, ModelFactory models) {
        Map<BarLevel, List<Series>> byLevel = new EnumMap<>(BarLevel.class);
        for (Series s : series) {
            byLevel.computeIfAbsent(s.level(), k -> new ArrayList<>()).add(s);
        }
        List<LevelResult> out = new ArrayList<>();
        for (Map.Entry<BarLevel, List<Series>> e : byLevel.entrySet()) {
            out.add(new LevelRun(e.getKey(), e.getValue(), settings, models).run());
        }
        return out;
    }

    /** A point between its confirmation and the end. */
    private static final class Scored {
        final String symbol;
        final String signalId;
        final List<String> types;
        final long confirmTime;
        final FeatureVector features;
        final double p;
        final double baselineP;
        TradeOutcome outcome;
        long learnedAt = Long.MIN_VALUE;

        Scored(Candidate c, double p, double baselineP) {
            this.symbol = c.symbol;
            this.signalId = c.signalId;
            this.types = c.types;
            this.confirmTime = c.time;
            this.features = c.features;
            this.p = p;
            this.baselineP = baselineP;
        }

        Point toPoint(BarLevel level) {
            return new Point(symbol, level, signalId, types, confirmTime, features, p, baselineP, outcome, learnedAt);
        }
    }

    /** A point whose confirmation opened a trade on this bar, waiting to be scored. */
    private record Candidate(String symbol, String signalId, List<String> types, long time, FeatureVector features) { }

    private static final Comparator<Scored> LABEL_ORDER = Comparator
            .comparingLong((Scored s) -> s.outcome.exitTime())
            .thenComparing(s -> s.symbol)
            .thenComparing(s -> s.signalId)
            .thenComparingLong(s -> s.confirmTime);

    private static String tradeKey(String symbol, String signalId, long entryTime) {
        return symbol + '\n' + signalId + '\n' + entryTime;
    }

    /** One symbol's engines on the evaluated level (and its higher level). */
    private static final class SymbolRun {
        final Series series;
        final LevelChan chan;
        final LevelOutcomes outcomes;
        final HigherBars higherBars;
        final LevelChan higherChan;
        final Supplier<HigherLevelView> view;
        int next;

        SymbolRun(Series s, BarLevel higher, Settings settings) {
            this.series = s;
            String level = s.level().label();
            this.chan = LevelChan.create(s.symbol(), level, settings.chan());
            this.outcomes = LevelOutcomes.create(s.symbol(), level, settings.rules().apply(s.level()));
            if (higher == null) {
                higherBars = null;
                higherChan = null;
                view = () -> HigherLevelView.NONE;
            } else {
                TradingCalendar cal = s.level().intraday() ? settings.calendars().calendarOf(s.symbol()) : null;
                if (s.level().intraday() && cal == null) {
                    throw new IllegalArgumentException("no trading calendar for symbol " + s.symbol() + " (needed to build"
                            + " its " + higher.label() + " bars)");
                }
                higherBars = new HigherBars(s.level(), cal);
                higherChan = LevelChan.create(s.symbol(), higher.label(), settings.chan());
                view = () -> HigherLevelView.of(higherChan);
            }
        }

        long nextTime() {
            return next < series.bars().size() ? series.bars().get(next).time() : Long.MAX_VALUE;
        }

        /**
         * Takes the next bar; adds the points whose trades it opened to {@code out}, the trades it closed
         * to {@code closed}; returns how many confirmed points only joined an open trade.
         */
        int step(List<Candidate> out, List<LabeledPoint> closed) {
            Bar bar = series.bars().get(next);
            LocalDate day = series.days() == null ? null : series.days().get(next);
            next++;
            if (higherBars != null) {
                for (Bar h : higherBars.onBar(bar, day)) {
                    higherChan.onBar(h);
                }
            }
            LevelChan.Output res = chan.onBar(bar);
            LevelOutcomes.Output o = outcomes.onBar(bar, res.signals(), chan, view);
            closed.addAll(o.closed());
            // one candidate per point: its first CONFIRMED signal is the one that opens its trade
            Map<String, List<LevelOutcomes.ConfirmedPoint>> byPoint = new LinkedHashMap<>();
            for (LevelOutcomes.ConfirmedPoint c : o.confirmed()) {
                String point = c.signal().scope() + '/' + c.signal().pointTime() + '/' + c.signal().buy();
                byPoint.computeIfAbsent(point, k -> new ArrayList<>()).add(c);
            }
            int joined = 0;
            for (List<LevelOutcomes.ConfirmedPoint> g : byPoint.values()) {
                String id = g.get(0).signal().id();
                boolean opened = outcomes.tracker().isOpen(id, bar.time());
                for (LabeledPoint lp : o.closed()) {
                    opened |= lp.outcome().signalId().equals(id) && lp.outcome().entryTime() == bar.time();
                }
                if (!opened) {
                    joined++;
                    continue;
                }
                List<String> types = new ArrayList<>();
                for (BspType t : BspType.values()) {
                    for (LevelOutcomes.ConfirmedPoint c : g) {
                        if (c.signal().type().equals(t.label()) && !types.contains(t.label())) {
                            types.add(t.label());
                        }
                    }
                }
                out.add(new Candidate(series.symbol(), id, List.copyOf(types), bar.time(), g.get(0).features()));
            }
            return joined;
        }
    }

    /** One level: its symbols, its model, its baseline, its clock. */
    private static final class LevelRun {
        final BarLevel level;
        final BarLevel higher;
        final List<SymbolRun> runs = new ArrayList<>();
        final Model model;
        long clock = Long.MIN_VALUE;
        long labels;
        long wins;

        LevelRun(BarLevel level, List<Series> series, Settings settings, ModelFactory models) {
            this.level = level;
            this.higher = settings.higher() ? HigherBars.above(level) : null;
            Map<String, Series> bySymbol = new TreeMap<>();
            for (Series s : series) {
                if (bySymbol.put(s.symbol(), s) != null) {
                    throw new IllegalArgumentException("symbol " + s.symbol() + " is given twice on level " + level.label());
                }
            }
            for (Series s : bySymbol.values()) {
                runs.add(new SymbolRun(s, higher, settings));
            }
            this.model = Objects.requireNonNull(models.create(level, Features.NAMES.size(), () -> clock), "model");
        }

        /** Laplace's rule of succession: 0.5 before any label, never exactly 0 or 1 (a finite log-loss). */
        double baselineP() {
            return (wins + 1.0) / (labels + 2.0);
        }

        LevelResult run() {
            List<Scored> scored = new ArrayList<>();
            Map<String, Scored> openTrades = new HashMap<>();
            PriorityQueue<Scored> pendingLabels = new PriorityQueue<>(LABEL_ORDER);
            long bars = 0;
            long joined = 0;
            while (true) {
                long t = Long.MAX_VALUE;
                for (SymbolRun r : runs) {
                    t = Math.min(t, r.nextTime());
                }
                if (t == Long.MAX_VALUE) {
                    break;
                }
                clock = t;
                List<Candidate> opened = new ArrayList<>();
                List<LabeledPoint> closed = new ArrayList<>();
                for (SymbolRun r : runs) {
                    if (r.nextTime() == t) {
                        joined += r.step(opened, closed);
                        bars++;
                    }
                }
                // test
                opened.sort(Comparator.comparing(Candidate::symbol).thenComparing(Candidate::signalId));
                for (Candidate c : opened) {
                    Scored s = new Scored(c, model.score(c.features().toArray()), baselineP());
                    scored.add(s);
                    openTrades.put(tradeKey(c.symbol(), c.signalId(), c.time()), s);
                }
                // labels
                for (LabeledPoint lp : closed) {
                    TradeOutcome o = lp.outcome();
                    Scored s = openTrades.remove(tradeKey(o.symbol(), o.signalId(), o.entryTime()));
                    if (s == null) {
                        throw new IllegalStateException("outcome of a trade that was never scored: " + o.signalId()
                                + " entered at " + o.entryTime());
                    }
                    s.outcome = o;
                    pendingLabels.add(s);
                }
                // train: only labels whose exit time the clock has reached
                while (!pendingLabels.isEmpty() && pendingLabels.peek().outcome.exitTime() <= clock) {
                    Scored s = pendingLabels.poll();
                    boolean win = s.outcome.result() == TradeResult.WIN;
                    model.learn(s.features.toArray(), win);
                    s.learnedAt = clock;
                    labels++;
                    if (win) {
                        wins++;
                    }
                }
            }
            if (!pendingLabels.isEmpty()) {
                throw new IllegalStateException(pendingLabels.size() + " labels with an exit time after the last bar");
            }
            long higherBars = 0;
            long outside = 0;
            List<String> symbols = new ArrayList<>();
            for (SymbolRun r : runs) {
                symbols.add(r.series.symbol());
                if (r.higherBars != null) {
                    higherBars += r.higherBars.built();
                    outside += r.higherBars.outsideSession();
                }
            }
            List<Point> points = new ArrayList<>(scored.size());
            for (Scored s : scored) {
                points.add(s.toPoint(level));
            }
            return new LevelResult(level, higher, List.copyOf(symbols), bars, higherBars, outside, joined,
                    List.copyOf(points), model.state());
        }
    }

    /** The {@link Ensemble} as a {@link Model}. */
    private static final class EnsembleModel implements Model {
        private final Ensemble ensemble;

        EnsembleModel(Ensemble ensemble) {
            this.ensemble = ensemble;
        }

        @Override
        public double score(double[] x) {
            return ensemble.score(x).p();
        }

        @Override
        public void learn(double[] x, boolean win) {
            ensemble.learn(x, win);
        }

        @Override
        public Map<String, Object> state() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("samples_seen", ensemble.samplesSeen());
            m.put("drifts", ensemble.drifts());
            m.put("model_version", ensemble.modelVersion());
            Map<String, Object> w = new LinkedHashMap<>();
            double[] weights = ensemble.weights();
            for (int i = 0; i < weights.length; i++) {
                w.put(ensemble.learners().get(i).name(), weights[i]);
            }
            m.put("weights", w);
            return m;
        }
    }
}
