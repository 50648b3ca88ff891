package io.chanflow.jobs.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chanflow.state.BspType;
import io.chanflow.state.ml.EnsembleConfig;
import io.chanflow.state.ml.Prequential;
import io.chanflow.state.outcome.Features;
import io.chanflow.state.outcome.OutcomeRules;
import io.chanflow.state.outcome.TradeOutcome;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of an {@link Evaluation}: metrics per level, per point type and overall, as JSON
 * (byte-identical for the same input) and as a table for people.
 *
 * <p>Every metric is over the points whose trade closed (labelled points); open points are only
 * counted. The model's AUC, log-loss and accuracy (threshold 0.5) use the P(WIN) recorded when the
 * point was confirmed; the baseline's use the running WIN rate (Laplace) recorded at the same moment. "All"
 * is every labelled point; "taken" are those with {@code p >= take}: the points the model would let
 * through as a filter. Win rates are fractions in JSON and percentages in the table; returns are
 * the trade's {@code returnPct} (buy and sell points alike, the sign is the trade's).
 */
public final class EvaluationReport {

    /** Pretty-printed, insertion-ordered: the report's bytes depend only on its content. */
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * Metrics of a set of points.
     *
     * @param points labelled points
     * @param open   points still open after the last bar (not in any metric)
     * @param taken  labelled points with {@code p >= take}
     */
    public record Stats(int points, int open, int taken, double auc, double logLoss, double accuracy, double baseAuc,
                        double baseLogLoss, double baseAccuracy, double winRateAll, double winRateTaken,
                        double meanReturnAll, double meanReturnTaken) {

        public static Stats of(List<Evaluation.Point> all, double take) {
            List<Evaluation.Point> done = new ArrayList<>();
            for (Evaluation.Point pt : all) {
                if (!pt.open()) {
                    done.add(pt);
                }
            }
            int n = done.size();
            double[] p = new double[n];
            double[] base = new double[n];
            boolean[] y = new boolean[n];
            int taken = 0;
            int wins = 0;
            int winsTaken = 0;
            double ret = 0;
            double retTaken = 0;
            for (int i = 0; i < n; i++) {
                Evaluation.Point pt = done.get(i);
                p[i] = pt.p();
                base[i] = pt.baselineP();
                y[i] = pt.win();
                double r = pt.outcome().returnPct();
                ret += r;
                wins += y[i] ? 1 : 0;
                if (p[i] >= take) {
                    taken++;
                    retTaken += r;
                    winsTaken += y[i] ? 1 : 0;
                }
            }
            return new Stats(n, all.size() - n, taken, Prequential.auc(p, y), Prequential.logLoss(p, y),
                    Prequential.accuracy(p, y), Prequential.auc(base, y), Prequential.logLoss(base, y),
                    Prequential.accuracy(base, y), ratio(wins, n), ratio(winsTaken, taken), ratio(ret, n),
                    ratio(retTaken, taken));
        }

        private static double ratio(double a, int n) {
            return n == 0 ? Double.NaN : a / n;
        }
    }

    /** What the report says about its run besides the results. */
    public record Run(List<String> barFiles, List<String> tickFiles, List<Series> series, double take, boolean higher,
                      Map<String, String> engine, Map<String, OutcomeRules> outcomeRules, EnsembleConfig model) { }

    private EvaluationReport() {
    }

    /** The report; top-level keys are listed in the README ("Evaluate"). */
    public static ObjectNode json(Run run, List<Evaluation.LevelResult> levels) {
        ObjectNode root = F.objectNode();
        root.put("command", "evaluate");
        ObjectNode files = root.putObject("files");
        run.barFiles().forEach(files.putArray("bars")::add);
        run.tickFiles().forEach(files.putArray("ticks")::add);
        ArrayNode series = root.putArray("series");
        for (Series s : run.series()) {
            ObjectNode o = series.addObject();
            o.put("source", s.source());
            o.put("symbol", s.symbol());
            o.put("level", s.level().label());
            o.put("bars", s.bars().size());
            o.put("first", s.firstTime());
            o.put("last", s.lastTime());
        }
        root.put("feature_schema_version", Features.SCHEMA_VERSION);
        root.put("label", "WIN (return above flat_pct) versus LOSS or FLAT");
        root.put("baseline_rule", "running WIN share of the labels learned so far, (wins + 1) / (labels + 2)");
        root.put("take", run.take());
        root.put("higher", run.higher() ? "auto" : "none");
        ObjectNode engine = root.putObject("engine");
        run.engine().forEach(engine::put);
        ObjectNode rules = root.putObject("outcome_rules");
        run.outcomeRules().forEach((level, r) -> rules.set(level, rules(r)));
        ObjectNode model = root.putObject("model");
        model.put("kind", "ensemble");
        ArrayNode learners = model.putArray("learners");
        List.of("ftrl", "naive_bayes", "hoeffding_tree").forEach(learners::add);
        ObjectNode config = model.putObject("config");
        modelOptions(run.model()).forEach((k, v) -> config.set(k, value(v)));

        List<Evaluation.Point> all = new ArrayList<>();
        for (Evaluation.LevelResult l : levels) {
            all.addAll(l.points());
        }
        putStats(root, Stats.of(all, run.take()));
        ObjectNode byLevel = root.putObject("by_level");
        for (Evaluation.LevelResult l : levels) {
            ObjectNode o = byLevel.putObject(l.level().label());
            putStats(o, Stats.of(l.points(), run.take()));
            o.put("higher_level", l.higher() == null ? null : l.higher().label());
            l.symbols().forEach(o.putArray("symbols")::add);
            o.put("bars", l.bars());
            o.put("higher_bars", l.higherBars());
            o.put("outside_session", l.outsideSession());
            o.put("joined", l.joined());
            ObjectNode state = o.putObject("model_state");
            l.modelState().forEach((k, v) -> state.set(k, value(v)));
            o.set("by_type", byType(l.points(), run.take()));
        }
        root.set("by_type", byType(all, run.take()));
        return root;
    }

    /** The JSON text of {@link #json}, newline-terminated. */
    public static String jsonText(ObjectNode report) throws IOException {
        return JSON.writeValueAsString(report) + "\n";
    }

    private static ObjectNode byType(List<Evaluation.Point> points, double take) {
        ObjectNode o = F.objectNode();
        for (BspType t : BspType.values()) {
            List<Evaluation.Point> of = new ArrayList<>();
            for (Evaluation.Point p : points) {
                if (p.types().contains(t.label())) {
                    of.add(p);
                }
            }
            ObjectNode s = o.putObject(t.label());
            putStats(s, Stats.of(of, take));
        }
        return o;
    }

    private static void putStats(ObjectNode o, Stats s) {
        o.put("points", s.points());
        o.put("open", s.open());
        o.put("taken", s.taken());
        num(o, "auc", s.auc());
        num(o, "log_loss", s.logLoss());
        num(o, "accuracy", s.accuracy());
        ObjectNode b = o.putObject("baseline");
        num(b, "auc", s.baseAuc());
        num(b, "log_loss", s.baseLogLoss());
        num(b, "accuracy", s.baseAccuracy());
        num(o, "win_rate_all", s.winRateAll());
        num(o, "win_rate_taken", s.winRateTaken());
        num(o, "mean_return_pct_all", s.meanReturnAll());
        num(o, "mean_return_pct_taken", s.meanReturnTaken());
    }

    private static ObjectNode rules(OutcomeRules r) {
        ObjectNode o = F.objectNode();
        o.put("horizon_bars", r.horizonBars());
        o.put("target_r", r.targetR());
        o.put("flat_pct", r.flatPct());
        o.put("max_open_trades", r.maxOpenTrades());
        o.put("fallback_risk_pct", r.fallbackRiskPct());
        return o;
    }

    /**
     * Every {@link EnsembleConfig#KEYS key} with its value in {@code c}, in that order:
     * {@code EnsembleConfig.of} of these values gives {@code c} back.
     */
    public static Map<String, Object> modelOptions(EnsembleConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eta", c.eta());
        m.put("loss_decay", c.lossDecay());
        m.put("drift_reset", c.driftReset().name().toLowerCase(Locale.ROOT));
        m.put("adwin.delta", c.adwin().delta());
        m.put("adwin.buckets", c.adwin().bucketsPerRow());
        m.put("adwin.clock", c.adwin().clock());
        m.put("ftrl.alpha", c.ftrl().alpha());
        m.put("ftrl.beta", c.ftrl().beta());
        m.put("ftrl.l1", c.ftrl().l1());
        m.put("ftrl.l2", c.ftrl().l2());
        m.put("nb.variance_floor", c.naiveBayes().varianceFloor());
        m.put("tree.grace_period", c.tree().gracePeriod());
        m.put("tree.split_confidence", c.tree().splitConfidence());
        m.put("tree.tie_threshold", c.tree().tieThreshold());
        m.put("tree.max_depth", c.tree().maxDepth());
        m.put("tree.max_nodes", c.tree().maxNodes());
        m.put("tree.split_candidates", c.tree().splitCandidates());
        m.put("tree.nb_threshold", c.tree().nbThreshold());
        m.put("tree.variance_floor", c.tree().varianceFloor());
        m.put("p_floor", c.pFloor());
        return m;
    }

    private static JsonNode value(Object v) {
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = F.objectNode();
            m.forEach((k, x) -> o.set(String.valueOf(k), value(x)));
            return o;
        }
        if (v instanceof Integer i) {
            return F.numberNode(i);
        }
        if (v instanceof Long l) {
            return F.numberNode(l);
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? F.numberNode(round(d)) : F.nullNode();
        }
        return F.textNode(String.valueOf(v));
    }

    private static void num(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, round(v));
        } else {
            o.putNull(key);
        }
    }

    /** Six decimals: enough for every metric, and stable text. */
    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** One JSON line per scored point, level by level in scoring order. */
    public static void writePoints(Path file, List<Evaluation.LevelResult> levels) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ObjectMapper compact = new ObjectMapper();
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            for (Evaluation.LevelResult l : levels) {
                for (Evaluation.Point p : l.points()) {
                    ObjectNode o = F.objectNode();
                    o.put("level", l.level().label());
                    o.put("symbol", p.symbol());
                    o.put("signal_id", p.signalId());
                    p.types().forEach(o.putArray("types")::add);
                    o.put("confirm_time", Instant.ofEpochMilli(p.confirmTime()).toString());
                    o.put("p", p.p());
                    o.put("baseline_p", p.baselineP());
                    TradeOutcome out = p.outcome();
                    if (out == null) {
                        o.put("result", "OPEN");
                    } else {
                        o.put("result", out.result().name());
                        o.put("exit_reason", out.exitReason().name());
                        o.put("exit_time", Instant.ofEpochMilli(out.exitTime()).toString());
                        o.put("learned_at", Instant.ofEpochMilli(p.learnedAt()).toString());
                        o.put("return_pct", out.returnPct());
                        o.put("bars_held", out.barsHeld());
                    }
                    w.write(compact.writeValueAsString(o));
                    w.write('\n');
                }
            }
        }
    }

    /** The table printed to stdout: overall, per level, per level and type (and per type when there are levels). */
    public static String table(List<Evaluation.LevelResult> levels, double take) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-10s %7s %5s %6s | %6s %8s %6s | %8s %8s %6s | %8s %8s %8s %8s%n",
                "", "points", "open", "taken", "AUC", "log-loss", "acc", "base AUC", "log-loss", "acc",
                "win% all", "win% tkn", "ret% all", "ret% tkn"));
        List<Evaluation.Point> all = new ArrayList<>();
        for (Evaluation.LevelResult l : levels) {
            all.addAll(l.points());
        }
        row(sb, "all", Stats.of(all, take));
        for (Evaluation.LevelResult l : levels) {
            row(sb, l.level().label(), Stats.of(l.points(), take));
            typeRows(sb, l.level().label() + " ", l.points(), take);
        }
        if (levels.size() > 1) {
            typeRows(sb, "all ", all, take);
        }
        return sb.toString();
    }

    private static void typeRows(StringBuilder sb, String prefix, List<Evaluation.Point> points, double take) {
        for (BspType t : BspType.values()) {
            List<Evaluation.Point> of = new ArrayList<>();
            for (Evaluation.Point p : points) {
                if (p.types().contains(t.label())) {
                    of.add(p);
                }
            }
            row(sb, prefix + t.label(), Stats.of(of, take));
        }
    }

    private static void row(StringBuilder sb, String name, Stats s) {
        sb.append(String.format(Locale.ROOT, "%-10s %7d %5d %6d | %6s %8s %6s | %8s %8s %6s | %8s %8s %8s %8s%n",
                name, s.points(), s.open(), s.taken(), f(s.auc(), 3), f(s.logLoss(), 4), f(s.accuracy(), 3),
                f(s.baseAuc(), 3), f(s.baseLogLoss(), 4), f(s.baseAccuracy(), 3), f(100 * s.winRateAll(), 1),
                f(100 * s.winRateTaken(), 1), f(s.meanReturnAll(), 3), f(s.meanReturnTaken(), 3)));
    }

    private static String f(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
    }
}
