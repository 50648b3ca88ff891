package io.chanflow.jobs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chanflow.jobs.io.BarCsv;
import io.chanflow.jobs.io.BarCsvException;
import io.chanflow.jobs.io.ChanJson;
import io.chanflow.jobs.io.Level;
import io.chanflow.jobs.io.LevelAlignment;
import io.chanflow.state.ChanConfig;
import io.chanflow.state.ChanEngine;
import io.chanflow.state.ChanEvent;
import io.chanflow.state.ChanHistory;
import io.chanflow.state.ChanState;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * {@code chanflow analyze}: runs the engine bar by bar over CSV files and writes the final
 * structures of each level as JSON (the chan.py reference schema), plus optional event streams.
 *
 * <p>Each level runs in its own engine: chan.py has no cross-level logic. With several levels the
 * inputs first go through chan.py's multi-level loading and data checks ({@link LevelAlignment}).
 */
public final class Analyze implements Command {

    public static final String NAME = "analyze";

    private static final Set<String> OPTIONS = Set.of("input", "level", "set", "out", "events", "structures");
    private static final Set<String> FLAGS = Set.of("help");

    static final String USAGE = String.join("\n",
            "Usage: chanflow analyze --input FILE --level LEVEL [--set key=value]... --out OUT.json",
            "                        [--events EVENTS.jsonl] [--structures STRUCT.jsonl]",
            "       chanflow analyze --input LEVEL=FILE --input LEVEL=FILE [--set key=value]... --out OUT.json [...]",
            "",
            "Feeds the bars of FILE one at a time through the Chan engine and writes the final strokes (bi),",
            "segments (seg), segments of segments (segseg), pivots (zs) and buy/sell points (bsp) as JSON.",
            "",
            "  --input FILE | LEVEL=FILE  CSV with the header time,open,high,low,close,volume (any column order,",
            "                             extra columns ignored; .gz read as gzip). Times: YYYY-MM-DD,",
            "                             YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM], 'YYYY-MM-DD HH:MM[:SS]' or",
            "                             epoch milliseconds; no offset means UTC. Give LEVEL=FILE once per",
            "                             level for a multi-level run (e.g. --input week=W.csv --input day=D.csv):",
            "                             chan.py's data checks apply (kl_data_check), each level runs its own",
            "                             engine and every output file gets the level before its extension",
            "                             (OUT.week.json, OUT.day.json, ...).",
            "  --level LEVEL              the level of a single FILE: " + Level.labels(),
            "  --set key=value            engine setting, repeatable (README, \"Configuration\")",
            "  --out FILE                 result JSON: config, level, bars, bi, seg, segseg, zs, bsp, counts",
            "  --events FILE              buy/sell-point changes as JSON lines, net per bar:",
            "                             {\"event\":\"add\"|\"remove\",\"bar_time\",\"time\",\"is_buy\",\"types\",\"level\",\"price\"}",
            "  --structures FILE          every stroke/segment/pivot change as JSON lines",
            "",
            "Exit status: 0 done; 2 bad arguments, config or input (the message names file and line); 1 other errors.");

    /** One input as given on the command line. */
    private record Source(Level level, Path file) { }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "compute strokes, segments, pivots and buy/sell points of CSV bars; write JSON";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int execute(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err);
    }

    /**
     * Runs {@code analyze} in-process (tests call this directly).
     *
     * @return the exit status (0 ok, 2 bad arguments/config/input, 1 other failures)
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CliArgs a;
        List<Source> sources;
        ChanConfig config;
        Path outFile;
        Path eventsFile;
        Path structuresFile;
        try {
            a = CliArgs.parse(args, OPTIONS, FLAGS);
            if (a.has("help")) {
                out.println(USAGE);
                return 0;
            }
            if (!a.positional().isEmpty()) {
                throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
            }
            sources = sources(a);
            outFile = Path.of(a.required("out"));
            eventsFile = a.single("events") == null ? null : Path.of(a.single("events"));
            structuresFile = a.single("structures") == null ? null : Path.of(a.single("structures"));
        } catch (UsageException | IllegalArgumentException e) {
            err.println("chanflow analyze: " + e.getMessage());
            err.println("Run 'chanflow help analyze' for usage.");
            return 2;
        }
        try {
            config = ChanConfig.fromAssignments(a.all("set"));
        } catch (IllegalArgumentException e) {
            err.println("chanflow analyze: bad --set: " + e.getMessage());
            return 2;
        }

        // read and validate every input before computing anything
        List<LevelAlignment.Input> inputs = new ArrayList<>();
        try {
            for (Source s : sources) {
                inputs.add(new LevelAlignment.Input(s.level(), s.file().toString(), BarCsv.read(s.file())));
            }
            if (inputs.size() > 1) {
                LevelAlignment.Result r = LevelAlignment.align(inputs, config);
                inputs = r.inputs();
                r.warnings().forEach(w -> err.println("chanflow analyze: warning: " + w));
            }
        } catch (BarCsvException e) {
            err.println("chanflow analyze: error: " + e.getMessage());
            return 2;
        }

        boolean multi = inputs.size() > 1;
        for (LevelAlignment.Input in : inputs) {
            String lv = in.level().label();
            Path o = multi ? withLevel(outFile, lv) : outFile;
            Path ev = eventsFile == null ? null : multi ? withLevel(eventsFile, lv) : eventsFile;
            Path st = structuresFile == null ? null : multi ? withLevel(structuresFile, lv) : structuresFile;
            try {
                ObjectNode result = analyze(config, in, ev, st);
                write(o, result);
                ObjectNode c = (ObjectNode) result.get("counts");
                out.printf("%s: %d bars -> %s (bi %d, seg %d, segseg %d, zs %d, bsp %d)%n", lv, in.rows().size(), o,
                        c.path("bi").asInt(), c.path("seg").asInt(), c.path("segseg").asInt(),
                        c.path("zs_bi").asInt() + c.path("zs_seg").asInt(),
                        c.path("bsp_bi").asInt() + c.path("bsp_seg").asInt());
            } catch (BarCsvException e) {
                err.println("chanflow analyze: error: " + e.getMessage());
                return 2;
            } catch (IOException | UncheckedIOException e) {
                err.println("chanflow analyze: cannot write output: " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    /** Runs one level's bars through a fresh engine; streams the optional event files. */
    static ObjectNode analyze(ChanConfig config, LevelAlignment.Input in, Path eventsFile, Path structuresFile)
            throws IOException {
        List<BarCsv.Row> rows = in.rows();
        IntFunction<String> timeOf = i -> rows.get(i).timeText();
        ChanEngine engine = new ChanEngine(config);
        ChanState state = engine.newState();
        ChanHistory history = new ChanHistory();
        try (Writer events = open(eventsFile); Writer structures = open(structuresFile)) {
            for (BarCsv.Row row : rows) {
                ChanEngine.Step step;
                try {
                    step = engine.step(state, row.bar());
                } catch (IllegalArgumentException e) {
                    throw new BarCsvException(in.file(), row.line(), e.getMessage(), e);
                }
                state = step.state();
                List<ChanEvent> evs = step.events();
                history.accept(evs);
                if (events != null) {
                    for (ObjectNode line : ChanJson.bspEventLines(evs, timeOf)) {
                        events.write(ChanJson.MAPPER.writeValueAsString(line));
                        events.write('\n');
                    }
                }
                if (structures != null) {
                    for (ChanEvent e : evs) {
                        ObjectNode line = ChanJson.structureEvent(e, timeOf);
                        if (line != null) {
                            structures.write(ChanJson.MAPPER.writeValueAsString(line));
                            structures.write('\n');
                        }
                    }
                }
            }
        }
        return ChanJson.result(config, in.level().label(), in.file(), rows.size(), history, timeOf);
    }

    private static List<Source> sources(CliArgs a) {
        List<String> given = a.all("input");
        if (given.isEmpty()) {
            throw new UsageException("option --input is required");
        }
        String levelOpt = a.single("level");
        List<Source> out = new ArrayList<>();
        for (String g : given) {
            int eq = g.indexOf('=');
            if (eq > 0 && Level.isLabel(g.substring(0, eq))) {
                out.add(new Source(Level.fromLabel(g.substring(0, eq)), Path.of(g.substring(eq + 1))));
            } else {
                out.add(new Source(null, Path.of(g)));
            }
        }
        if (out.size() == 1) {
            Source s = out.get(0);
            if (levelOpt == null && s.level() == null) {
                throw new UsageException("option --level is required (one of: " + Level.labels() + ")");
            }
            Level level = levelOpt == null ? s.level() : Level.fromLabel(levelOpt);
            if (s.level() != null && s.level() != level) {
                throw new UsageException("--level " + level + " contradicts --input " + s.level() + "=" + s.file());
            }
            return List.of(new Source(level, s.file()));
        }
        if (levelOpt != null) {
            throw new UsageException("--level is for a single --input; with several, give each as LEVEL=FILE");
        }
        Set<Level> seen = EnumSet.noneOf(Level.class);
        for (Source s : out) {
            if (s.level() == null) {
                throw new UsageException("with several --input options each must be LEVEL=FILE (e.g. week=W.csv), not '"
                        + s.file() + "'");
            }
            if (!seen.add(s.level())) {
                throw new UsageException("level " + s.level() + " given twice in --input");
            }
        }
        out.sort(Comparator.comparing(Source::level).reversed());
        return out;
    }

    /** {@code X.json -> X.day.json}; {@code X -> X.day}. */
    static Path withLevel(Path p, String level) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String renamed = dot > 0 ? name.substring(0, dot) + "." + level + name.substring(dot) : name + "." + level;
        return p.resolveSibling(renamed);
    }

    private static Writer open(Path p) throws IOException {
        if (p == null) {
            return null;
        }
        createParent(p);
        return new BufferedWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8), 1 << 16);
    }

    private static void write(Path p, ObjectNode node) throws IOException {
        createParent(p);
        String json = ChanJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        Files.writeString(p, json + "\n", StandardCharsets.UTF_8);
    }

    private static void createParent(Path p) throws IOException {
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
