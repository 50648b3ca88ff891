package io.chanflow.jobs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chanflow.jobs.evaluate.Evaluation;
import io.chanflow.jobs.evaluate.EvaluationReport;
import io.chanflow.jobs.evaluate.LevelGuess;
import io.chanflow.jobs.evaluate.Series;
import io.chanflow.jobs.evaluate.TickBars;
import io.chanflow.jobs.io.BarCsv;
import io.chanflow.jobs.io.BarCsvException;
import io.chanflow.state.Bar;
import io.chanflow.state.ChanConfig;
import io.chanflow.state.bars.BarLevel;
import io.chanflow.state.feed.CalendarRules;
import io.chanflow.state.ml.EnsembleConfig;
import io.chanflow.state.outcome.OutcomeRules;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code chanflow evaluate}: prequential (test-then-train) evaluation of the online ensemble on the
 * buy/sell points of real bars over many symbols; see {@link Evaluation} for the protocol and
 * {@link EvaluationReport} for the figures.
 */
public final class Evaluate implements Command {
    public static final String NAME = "evaluate";

    private static final Set<String> OPTIONS = Set.of("bars", "ticks", "level", "higher", "take", "set", "calendar",
            "report", "points");
    private static final Set<String> FLAGS = Set.of("help");
    /** Options that take every following argument up to the next option ({@code --bars a.csv b.csv}). */
    private static final Set<String> MULTI = Set.of("bars", "ticks");
    private static final List<String> OUTCOME_KEYS = OutcomeRules.KEYS;

    static final String USAGE = String.join("\n",
            "Usage: chanflow evaluate --bars FILE... [--ticks FILE...] [--level LEVEL] [--higher auto|none] [--take P]",
            "                         [--set key=value]... [--calendar REGEX=CAL]... [--report FILE] [--points FILE]",
            "",
            "Prequential (test-then-train) evaluation of the online ensemble on real data: every buy/sell point is",
            "scored with P(WIN) when it is confirmed; its trade's outcome becomes a label once the event time reaches",
            "the trade's exit; the model learns it then, and the point counts in the metrics with the score it got at",
            "confirmation. All symbols of a level run merged by time through one model. Prints AUC, log-loss and",
            "accuracy of the model and of a constant baseline (the running WIN rate), and the win rate and mean",
            "return of all points versus the points the model would take (p >= P), per level and point type.",
            "",
            "  --bars FILE... | LEVEL=FILE  CSV time,open,high,low,close,volume (plain or .gz), one or more per option;",
            "                          the symbol is the 'symbol' column if there is one, else the file name up to",
            "                          its first '_' or '.' (XLK_daily.norm.csv -> XLK)",
            "  --ticks FILE...         CSV time,symbol,price,size (plain or .gz), made into 1m bars on each symbol's",
            "                          calendar (ticks out of session dropped)",
            "  --level LEVEL           level of the --bars files without LEVEL=: 1m 5m 15m 30m 60m day week month;",
            "                          default: inferred from the median bar spacing",
            "  --higher auto|none      auto (default): features see the next higher level (60m->day, day->week,",
            "                          week->month, 1m->5m->15m->30m->60m), built from the input bars; none: they do not",
            "  --take P                the model takes a point when p >= P (0.5)",
            "  --set key=value         engine setting (README \"Configuration\"); ml.KEY sets the ensemble",
            "                          (ml.eta, ml.ftrl.alpha, ...); outcome.KEY the outcome rules of every level",
            "                          (outcome.horizon_bars, target_r, flat_pct, max_open_trades, fallback_risk_pct)",
            "  --calendar REGEX=CAL    trading calendar rule before the defaults (see 'chanflow help run')",
            "  --report FILE           the figures as JSON (same input, same bytes)",
            "  --points FILE           one JSON line per scored point (p, baseline p, outcome, times)",
            "",
            "Exit status: 0 done; 2 bad arguments or bad input (the message names file and line); 1 other errors.");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "prequential evaluation of the online ensemble on buy/sell points of CSV bars or ticks";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int execute(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err);
    }

    /** A validated invocation, before any file is read. */
    private record Plan(List<String> barArgs, List<String> tickFiles, BarLevel level, boolean higher, double take,
                        ChanConfig chan, EnsembleConfig model, Map<String, String> outcome, CalendarRules calendars,
                        Path report, Path points) {

        OutcomeRules rules(BarLevel level) {
            OutcomeRules r = OutcomeRules.defaults(level);
            for (Map.Entry<String, String> e : outcome.entrySet()) {
                try {
                    r = r.with(e.getKey(), e.getValue());
                } catch (IllegalArgumentException ex) {
                    throw new UsageException(ex.getMessage().startsWith("unknown outcome option")
                            ? "unknown outcome option '" + e.getKey() + "' (known: outcome."
                                    + String.join(", outcome.", OUTCOME_KEYS) + ")"
                            : ex.getMessage());
                }
            }
            return r;
        }
    }

    /**
     * Runs {@code evaluate} in-process (tests call this directly).
     *
     * @return the exit status (0 ok, 2 bad arguments or input, 1 other failures)
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Plan plan;
        try {
            CliArgs a = CliArgs.parse(expandMulti(args), OPTIONS, FLAGS);
            if (a.has("help")) {
                out.println(USAGE);
                return 0;
            }
            plan = plan(a);
        } catch (UsageException | IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        }

        long t0 = System.nanoTime();
        List<Series> series;
        try {
            series = load(plan, err);
        } catch (UsageException e) {
            return usageError(err, e.getMessage());
        } catch (BarCsvException e) {
            err.println("chanflow evaluate: error: " + e.getMessage());
            return 2;
        }
        long t1 = System.nanoTime();

        List<Evaluation.LevelResult> results;
        try {
            results = Evaluation.run(series, new Evaluation.Settings(plan.chan(), plan::rules, plan.higher(),
                    plan.calendars()), Evaluation.ensemble(plan.model()));
        } catch (IllegalArgumentException e) {
            err.println("chanflow evaluate: error: " + e.getMessage());
            return 2;
        }
        long t2 = System.nanoTime();

        for (Evaluation.LevelResult l : results) {
            long open = l.points().stream().filter(Evaluation.Point::open).count();
            out.printf(Locale.ROOT, "%s: %d symbols, %d bars%s; %d points scored (%d still open at the end), %d"
                            + " confirmations joined an open trade of their point; model state %s%n",
                    l.level().label(), l.symbols().size(), l.bars(),
                    l.higher() == null ? ", no higher level"
                            : "; higher level " + l.higher().label() + ": " + l.higherBars() + " bars"
                            + (l.outsideSession() > 0 ? " (" + l.outsideSession() + " lower bars out of session)" : ""),
                    l.points().size(), open, l.joined(), l.modelState());
        }
        out.println();
        out.print(EvaluationReport.table(results, plan.take()));
        out.println();
        out.printf(Locale.ROOT, "take: p >= %s; win%% = share of WIN (return > flat_pct); ret%% = mean trade return;"
                + " tkn = taken%n", plan.take());
        out.printf(Locale.ROOT, "chanflow evaluate: read %d series in %.1f s, evaluated in %.1f s%n", series.size(),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);

        List<String> barFiles = new ArrayList<>(plan.barArgs());
        Map<String, OutcomeRules> rules = new LinkedHashMap<>();
        for (Evaluation.LevelResult l : results) {
            rules.put(l.level().label(), plan.rules(l.level()));
        }
        EvaluationReport.Run run = new EvaluationReport.Run(barFiles, plan.tickFiles(), series, plan.take(),
                plan.higher(), plan.chan().overrides(), rules, plan.model());
        try {
            if (plan.report() != null) {
                ObjectNode json = EvaluationReport.json(run, results);
                Path parent = plan.report().toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(plan.report(), EvaluationReport.jsonText(json), StandardCharsets.UTF_8);
                out.println("chanflow evaluate: report written to " + plan.report());
            }
            if (plan.points() != null) {
                EvaluationReport.writePoints(plan.points(), results);
                out.println("chanflow evaluate: points written to " + plan.points());
            }
        } catch (IOException e) {
            err.println("chanflow evaluate: cannot write output: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private static int usageError(PrintStream err, String message) {
        err.println("chanflow evaluate: " + message);
        err.println("Run 'chanflow help evaluate' for usage.");
        return 2;
    }

    /** {@code --bars a b --ticks c} becomes {@code --bars a --bars b --ticks c}. */
    static String[] expandMulti(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            out.add(arg);
            if (arg.startsWith("--") && MULTI.contains(arg.substring(2))) {
                int j = i + 1;
                while (j < args.length && !args[j].startsWith("--")) {
                    if (j > i + 1) {
                        out.add(arg);
                    }
                    out.add(args[j]);
                    j++;
                }
                i = j - 1;
            }
        }
        return out.toArray(new String[0]);
    }

    private static Plan plan(CliArgs a) {
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
        }
        List<String> bars = a.all("bars");
        List<String> ticks = a.all("ticks");
        if (bars.isEmpty() && ticks.isEmpty()) {
            throw new UsageException("give at least one --bars or --ticks file");
        }
        for (String b : bars) {
            Path p = Path.of(levelPrefix(b) == null ? b : b.substring(b.indexOf('=') + 1));
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new UsageException("--bars " + p + ": no such readable file");
            }
        }
        for (String t : ticks) {
            if (!Files.isRegularFile(Path.of(t)) || !Files.isReadable(Path.of(t))) {
                throw new UsageException("--ticks " + t + ": no such readable file");
            }
        }
        BarLevel level = null;
        if (a.single("level") != null) {
            level = level("--level", a.single("level"));
        }
        String higher = a.single("higher") == null ? "auto" : a.single("higher");
        if (!higher.equals("auto") && !higher.equals("none")) {
            throw new UsageException("--higher must be auto or none, got '" + higher + "'");
        }
        double take = 0.5;
        if (a.single("take") != null) {
            try {
                take = Double.parseDouble(a.single("take"));
            } catch (NumberFormatException e) {
                take = Double.NaN;
            }
            if (!(take >= 0 && take <= 1)) {
                throw new UsageException("--take must be a number in [0, 1], got '" + a.single("take") + "'");
            }
        }
        List<String> chan = new ArrayList<>();
        Map<String, String> ml = new LinkedHashMap<>();
        Map<String, String> outcome = new LinkedHashMap<>();
        for (String kv : a.all("set")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--set expects key=value, got '" + kv + "'");
            }
            String key = kv.substring(0, eq).trim();
            String value = kv.substring(eq + 1).trim();
            if (key.startsWith("ml.")) {
                ml.put(key.substring(3), value);
            } else if (key.startsWith("outcome.")) {
                outcome.put(key.substring(8), value);
            } else {
                chan.add(kv);
            }
        }
        ChanConfig chanConfig;
        EnsembleConfig model;
        try {
            chanConfig = ChanConfig.fromAssignments(chan);
            model = EnsembleConfig.of(ml);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad --set: " + e.getMessage());
        }
        CalendarRules calendars;
        try {
            calendars = CalendarRules.of(a.all("calendar"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad --calendar: " + e.getMessage());
        }
        Plan plan = new Plan(List.copyOf(bars), List.copyOf(ticks), level, higher.equals("auto"), take, chanConfig, model,
                outcome, calendars, a.single("report") == null ? null : Path.of(a.single("report")),
                a.single("points") == null ? null : Path.of(a.single("points")));
        try {
            for (BarLevel l : BarLevel.values()) {
                plan.rules(l);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad --set outcome.*: " + e.getMessage());
        }
        return plan;
    }

    private static BarLevel level(String what, String label) {
        try {
            return BarLevel.ofLabel(label.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException(what + ": " + e.getMessage());
        }
    }

    /** The level of {@code LEVEL=FILE}, or null when the argument has no level prefix. */
    private static BarLevel levelPrefix(String arg) {
        int eq = arg.indexOf('=');
        if (eq <= 0) {
            return null;
        }
        try {
            return BarLevel.ofLabel(arg.substring(0, eq).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The symbol a file name gives: the name up to its first {@code _} or {@code .}. */
    static String symbolOf(Path file) {
        String name = file.getFileName().toString();
        int end = name.length();
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '_' || name.charAt(i) == '.') {
                end = i;
                break;
            }
        }
        return name.substring(0, end);
    }

    /** Reads every input; every series with its level. */
    private static List<Series> load(Plan plan, PrintStream err) {
        List<Series> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String arg : plan.barArgs()) {
            BarLevel given = levelPrefix(arg);
            Path file = Path.of(given == null ? arg : arg.substring(arg.indexOf('=') + 1));
            if (given == null) {
                given = plan.level();
            }
            String fallback = symbolOf(file);
            for (Map.Entry<String, List<BarCsv.Row>> e : BarCsv.readBySymbol(file, fallback).entrySet()) {
                String symbol = e.getKey();
                if (symbol.isEmpty()) {
                    throw new UsageException("--bars " + file + ": the file name gives no symbol (it starts with '_' or"
                            + " '.'); add a symbol column or rename the file");
                }
                List<BarCsv.Row> rows = e.getValue();
                List<Bar> bars = new ArrayList<>(rows.size());
                List<LocalDate> days = new ArrayList<>(rows.size());
                for (BarCsv.Row r : rows) {
                    bars.add(r.bar());
                    days.add(r.time().calendarDay());
                }
                BarLevel level = given;
                if (level == null) {
                    level = LevelGuess.infer(bars);
                    if (level == null) {
                        throw new UsageException("--bars " + file + ": cannot infer the level of " + symbol
                                + " from its median bar spacing (" + LevelGuess.describe(LevelGuess.medianSpacing(bars))
                                + "); give --level LEVEL or LEVEL=FILE");
                    }
                }
                add(out, seen, new Series(file.toString(), symbol, level, bars, level.intraday() ? null : days,
                        rows.get(0).timeText(), rows.get(rows.size() - 1).timeText()));
            }
        }
        for (String t : plan.tickFiles()) {
            for (TickBars.Result r : TickBars.read(Path.of(t), plan.calendars())) {
                if (r.bars().isEmpty()) {
                    err.println("chanflow evaluate: warning: " + t + ": no " + r.symbol() + " tick in session; skipped");
                    continue;
                }
                if (r.outsideSession() > 0) {
                    err.printf(Locale.ROOT, "chanflow evaluate: %s: %s: %d of %d ticks out of session, dropped%n", t,
                            r.symbol(), r.outsideSession(), r.ticks());
                }
                List<Bar> bars = r.bars();
                add(out, seen, new Series(t, r.symbol(), BarLevel.M1, bars, null,
                        Instant.ofEpochMilli(bars.get(0).time()).toString(),
                        Instant.ofEpochMilli(bars.get(bars.size() - 1).time()).toString()));
            }
        }
        if (plan.higher()) {
            for (Series s : out) {
                if (s.level().intraday() && plan.calendars().calendarOf(s.symbol()) == null) {
                    throw new UsageException("no trading calendar for symbol " + s.symbol() + " (" + s.source()
                            + "), needed to build its higher-level bars; give --calendar REGEX=CAL or --higher none");
                }
            }
        }
        return out;
    }

    private static void add(List<Series> out, Set<String> seen, Series s) {
        if (!seen.add(s.level().label() + "/" + s.symbol())) {
            String other = out.stream().filter(x -> x.level() == s.level() && x.symbol().equals(s.symbol()))
                    .map(Series::source).findFirst().orElse("?");
            throw new UsageException("symbol " + s.symbol() + " on level " + s.level().label() + " comes from two inputs: "
                    + other + " and " + s.source());
        }
        out.add(s);
    }
}
