package io.chanflow.jobs.cli;

import io.chanflow.jobs.pipeline.Edges;
import io.chanflow.jobs.pipeline.LocalCluster;
import io.chanflow.jobs.pipeline.Pace;
import io.chanflow.jobs.pipeline.SignalPipeline;
import io.chanflow.jobs.pipeline.ValidationPipeline;
import io.chanflow.operators.validate.ActiveModel;
import io.chanflow.operators.validate.LlmMode;
import io.chanflow.operators.validate.ValidatorSettings;
import io.chanflow.operators.ticks.TickParser;
import io.chanflow.operators.chan.ChanJobSettings;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code chanflow run}: the signal job on an embedded MiniCluster with the web UI. With no
 * arguments it replays the built-in generator and writes JSON lines; {@code --ticks FILE} replays
 * a CSV; {@code --kafka HOST:PORT} reads ticks from and writes results to Kafka (exactly-once).
 */
public final class Run implements Command {
    public static final String NAME = "run";

    static final Set<String> OPTIONS = Set.of("ticks", "speed", "out", "kafka", "ticks-topic", "group",
            "parallelism", "state-backend", "state-dir", "ui-port", "checkpoint-interval", "from-savepoint", "set",
            "calendar", "max-jump", "allowed-lateness", "out-of-orderness", "hours", "tick-ms", "llm", "ollama", "model",
            "model-version", "prompt-version", "prompt-dir", "redis", "redis-password", "chroma", "ledger",
            "llm-timeout", "llm-retries", "llm-capacity", "breaker-failures", "breaker-cooldown", "rag-k", "rag-cache",
            "rag-refresh", "redis-timeout", "chroma-timeout");
    static final Set<String> FLAGS = Set.of("help", "bounded");

    static final String USAGE = String.join("\n",
            "Usage: chanflow run [--ticks FILE] [--speed 60x|max] [--out signals.jsonl] [options]",
            "       chanflow run --kafka HOST:PORT [--bounded] [options]",
            "",
            "Runs the signal job (ticks -> bars on 1m 5m 15m 30m 60m day week month -> Chan engine -> signal",
            "lifecycles) on a local Flink MiniCluster; the web UI is on http://127.0.0.1:8081 while it runs.",
            "",
            "Input (one of):",
            "  (none)                  the built-in generator: 3 symbols (SIMA-USD, SIMB-USD, SIMC-USD, 24/7),",
            "                          one tick per symbol per --tick-ms (1000) for --hours (24) of market time",
            "  --ticks FILE            CSV time,symbol,price,size (ISO-8601 or epoch-ms time, plain or .gz)",
            "  --kafka HOST:PORT       JSON ticks from topic --ticks-topic (ticks), consumer group --group",
            "                          (chanflow); results go to the topics signals, structures, dead-letters, bars",
            "                          with exactly-once transactions. Runs until cancelled, or with --bounded until",
            "                          the ticks present at start are consumed.",
            "Output (without --kafka):",
            "  --out FILE              signal lifecycle records as JSON lines (default signals.jsonl); beside it",
            "                          structures.jsonl, dead-letters.jsonl, bars.jsonl and trade-outcomes.jsonl.",
            "                          Files are truncated first.",
            "Pace:",
            "  --speed S               max, or a factor of market time such as 60x (default: 3600x for the",
            "                          generator, max for --ticks); gaps over 1 s of wall time are cut",
            "Cluster:",
            "  --parallelism N         (2)      --state-backend rocksdb|hashmap (rocksdb)",
            "  --state-dir DIR         checkpoints, savepoints, scratch (.chanflow-state)",
            "  --ui-port PORT          (8081; 0 = any free port)   --checkpoint-interval MS (5000)",
            "  --from-savepoint PATH   restore from a savepoint or retained checkpoint",
            "Engine and data checks:",
            "  --set key=value         engine setting (see 'chanflow help analyze' / README config table)",
            "  --calendar REGEX=CAL    calendar rule, tried before the defaults; CAL is us-equities, 24x7 or",
            "                          custom:ZONE:HH:MM-HH:MM:DAYS (e.g. custom:America/Chicago:17:00-16:00:SUN-FRI)",
            "  --max-jump F            largest accepted price move between ticks, a fraction (0.2)",
            "  --allowed-lateness MS   bars stay open this long after their end (0)",
            "  --out-of-orderness MS   watermark delay (2000)",
            "LLM validation (README, \"LLM validation\"):",
            "  --llm live|replay|off   validate CONFIRMED signals with an LLM (off: no validator, the default)",
            "  --ollama URL            Ollama server (http://127.0.0.1:11434)   --model NAME (qwen2.5:7b)",
            "  --model-version V       version label of --model (1)             --prompt-version V (v1)",
            "  --prompt-dir DIR        prompt files (default: the built-in copy of models/prompts)",
            "  --redis HOST:PORT       session statistics   --redis-password PW   --chroma URL  trade memory",
            "  --ledger FILE           replay: the ledger to answer from; live without --kafka: where to write it",
            "                          (default llm-ledger.jsonl beside --out). Plans go to plans.jsonl beside --out,",
            "                          or with --kafka to the topics plans and llm-ledger; models switch with",
            "                          messages on the topic model-control.",
            "  --llm-timeout MS        LLM timeout per attempt (5000)   --llm-retries 0|1 (1): one more attempt",
            "                          after a 5xx, I/O error or timeout",
            "  --llm-capacity N        requests in flight per validator subtask (16)",
            "  --breaker-failures N    consecutive LLM failures that open the circuit breaker (5)",
            "  --breaker-cooldown MS   how long it stays open before a trial call (30000)",
            "  --rag-k K               similar past trades per prompt, 1..20 (3)",
            "  --rag-cache N           trades in the in-process index in front of Chroma, one per TaskManager",
            "                          (100000; 0: every query goes to Chroma)",
            "  --rag-refresh MS        how often that index reads trades other TaskManagers stored (2000)",
            "  --redis-timeout MS      per Redis call (300)   --chroma-timeout MS  per Chroma call (500)");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "run the streaming signal job on an embedded Flink cluster (web UI on :8081)";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public int execute(String[] args, PrintStream out, PrintStream err) {
        Plan plan;
        try {
            plan = Plan.of(CliArgs.parse(args, OPTIONS, FLAGS));
        } catch (UsageException | IllegalArgumentException e) {
            err.println("chanflow run: " + e.getMessage());
            err.println();
            err.println(USAGE);
            return 2;
        }
        if (plan == null) {
            out.println(USAGE);
            return 0;
        }
        try {
            return plan.run(out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            err.println("chanflow run: job failed: " + rootMessage(e));
            return 1;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }

    /** A validated invocation. */
    record Plan(Path ticks, Pace pace, Path outFile, String kafka, String ticksTopic, String group, boolean bounded,
                LocalCluster.Options cluster, ChanJobSettings settings, double hours, long tickMs,
                ValidatorSettings validator) {

        static Plan of(CliArgs a) {
            if (a.has("help")) {
                return null;
            }
            if (!a.positional().isEmpty()) {
                throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
            }
            String ticksArg = a.single("ticks");
            Path ticks = ticksArg == null ? null : Path.of(ticksArg);
            if (ticks != null && !Files.isReadable(ticks)) {
                throw new UsageException("--ticks " + ticks + ": no such readable file");
            }
            String kafka = a.single("kafka");
            if (kafka != null && ticks != null) {
                throw new UsageException("--ticks and --kafka exclude each other");
            }
            String speed = a.single("speed");
            Pace pace = speed != null ? Pace.parse(speed) : ticks == null && kafka == null ? new Pace(3600) : Pace.MAX;
            Map<String, String> chan = new LinkedHashMap<>();
            for (String kv : a.all("set")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("--set expects key=value, got '" + kv + "'");
                }
                chan.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
            ChanJobSettings d = ChanJobSettings.defaults();
            ChanJobSettings settings = d.withChan(chan).withCalendars(a.all("calendar"))
                    .withLimits(a.doubleOr("max-jump", d.maxJump()), d.jumpConfirmTicks(),
                            a.longOr("allowed-lateness", d.allowedLatenessMs()))
                    .withWatermarks(a.longOr("out-of-orderness", d.outOfOrdernessMs()), d.idlenessMs());
            LocalCluster.Options cluster = new LocalCluster.Options(
                    Path.of(orElse(a.single("state-dir"), ".chanflow-state")),
                    orElse(a.single("state-backend"), "rocksdb"),
                    a.intOr("parallelism", 2), uiPort(a.intOr("ui-port", 8081)),
                    a.longOr("checkpoint-interval", 5000), a.single("from-savepoint"));
            double hours = a.doubleOr("hours", 24);
            if (!(hours > 0)) {
                throw new UsageException("--hours must be > 0");
            }
            Path outFile = Path.of(orElse(a.single("out"), "signals.jsonl"));
            return new Plan(ticks, pace, outFile, kafka,
                    orElse(a.single("ticks-topic"), Edges.TICKS), orElse(a.single("group"), "chanflow"),
                    a.has("bounded"), cluster, settings, hours, a.longOr("tick-ms", 1000), validator(a, outFile));
        }

        /** The validator's settings from the --llm options; null for --llm off. */
        static ValidatorSettings validator(CliArgs a, Path outFile) {
            String mode = orElse(a.single("llm"), "off");
            LlmMode m = switch (mode) {
                case "off" -> LlmMode.OFF;
                case "live" -> LlmMode.LIVE;
                case "replay" -> LlmMode.REPLAY;
                default -> throw new UsageException("--llm must be live, replay or off, got '" + mode + "'");
            };
            if (m == LlmMode.OFF) {
                return null;
            }
            ValidatorSettings v = ValidatorSettings.live(orElse(a.single("ollama"), "http://127.0.0.1:11434"),
                            orElse(a.single("model"), "qwen2.5:7b"))
                    .withInitial(new ActiveModel(orElse(a.single("model"), "qwen2.5:7b"),
                            orElse(a.single("model-version"), "1"), orElse(a.single("prompt-version"), "v1")))
                    .withLlm(a.longOr("llm-timeout", 5000), a.intOr("llm-retries", 1))
                    .withPromptDir(a.single("prompt-dir"))
                    .withChroma(a.single("chroma"));
            try {
                v = v.withCapacity(a.intOr("llm-capacity", v.capacity()))
                        .withBreaker(a.intOr("breaker-failures", v.breakerThreshold()),
                                a.longOr("breaker-cooldown", v.breakerCoolDownMs()))
                        .withRagK(a.intOr("rag-k", v.ragK()))
                        .withRagCache(a.intOr("rag-cache", v.ragCacheTrades()), a.longOr("rag-refresh", v.ragRefreshMs()))
                        .withStoreTimeouts(a.longOr("redis-timeout", v.redisTimeoutMs()),
                                a.longOr("chroma-timeout", v.chromaTimeoutMs()));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            String redis = a.single("redis");
            if (redis != null) {
                int colon = redis.lastIndexOf(':');
                if (colon <= 0) {
                    throw new UsageException("--redis expects HOST:PORT, got '" + redis + "'");
                }
                try {
                    v = v.withRedis(redis.substring(0, colon), Integer.parseInt(redis.substring(colon + 1)),
                            a.single("redis-password"));
                } catch (NumberFormatException e) {
                    throw new UsageException("--redis expects HOST:PORT, got '" + redis + "'");
                }
            }
            String ledger = a.single("ledger");
            if (m == LlmMode.REPLAY) {
                if (ledger == null || !Files.isReadable(Path.of(ledger))) {
                    throw new UsageException("--llm replay needs --ledger FILE (a readable ledger)");
                }
                return v.replay(ledger);
            }
            return ledger == null ? v : v.withLedgerOut(ledger);
        }

        /** The web UI port; 0 picks a free one now, so the port printed is the one the UI listens on. */
        static int uiPort(int requested) {
            if (requested < 0 || requested > 65_535) {
                throw new UsageException("--ui-port must be 0..65535, got " + requested);
            }
            if (requested != 0) {
                return requested;
            }
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UsageException("--ui-port 0: no free port on 127.0.0.1: " + e.getMessage());
            }
        }

        private static String orElse(String v, String d) {
            return v == null ? d : v;
        }

        int run(PrintStream out, PrintStream err) throws Exception {
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(LocalCluster.configuration(cluster));
            DataStream<TickParser.Result> raw;
            String what;
            if (kafka != null) {
                raw = Edges.kafkaTicks(env, kafka, ticksTopic, group, bounded, settings);
                what = "Kafka " + kafka + " topic " + ticksTopic;
            } else if (ticks != null) {
                raw = Edges.csvTicks(env, ticks, pace, settings);
                what = ticks + " at " + pace;
            } else {
                raw = Edges.syntheticTicks(env, hours, tickMs, pace, settings);
                what = "the built-in generator (" + hours + " h of " + String.join(", ",
                        io.chanflow.jobs.pipeline.SyntheticTicks.SYMBOLS) + ") at " + pace;
            }
            SignalPipeline.Outputs o = SignalPipeline.build(raw, settings);
            Edges.Files files = Edges.Files.beside(outFile);
            if (kafka != null) {
                Edges.toKafka(o, kafka, Edges.Topics.defaults(), "chanflow-" + group);
            } else {
                for (Path p : files.all()) {
                    Files.deleteIfExists(p);
                }
                Edges.toFiles(o, files);
            }
            if (validator != null) {
                DataStream<String> control = kafka == null ? null
                        : Edges.modelControl(env, kafka, Edges.MODEL_CONTROL, group + "-model-control", bounded);
                ValidationPipeline.Outputs v = ValidationPipeline.attach(o.scoredEvents(), o.outcomes(), control,
                        validator);
                if (kafka != null) {
                    Edges.validationToKafka(v, kafka, Edges.PLANS, Edges.LLM_LEDGER, "chanflow-" + group);
                } else {
                    Path dir = outFile.toAbsolutePath().getParent();
                    Path plans = dir.resolve("plans.jsonl");
                    Path ledger = validator.ledgerFile() != null && validator.mode() == LlmMode.LIVE
                            ? Path.of(validator.ledgerFile()) : dir.resolve(validator.mode() == LlmMode.LIVE
                            ? "llm-ledger.jsonl" : "llm-ledger-replay.jsonl");
                    Files.deleteIfExists(plans);
                    Files.deleteIfExists(ledger);
                    Edges.validationToFiles(v, plans, ledger);
                    out.println("chanflow run: LLM validation " + validator.mode().name().toLowerCase(java.util.Locale.ROOT)
                            + " (" + validator.initial().model() + "); plans in " + plans
                            + (validator.mode() == LlmMode.LIVE ? ", ledger in " + ledger : ""));
                }
            }
            JobClient job = env.executeAsync("chanflow signals");
            out.println("chanflow run: job " + job.getJobID() + " reading " + what);
            out.println("chanflow run: web UI http://127.0.0.1:" + cluster.uiPort() + "  (state in "
                    + cluster.stateDir().toAbsolutePath().normalize() + ")");
            var result = job.getJobExecutionResult();
            long started = System.nanoTime();
            org.apache.flink.api.common.JobExecutionResult done = null;
            while (done == null) {
                try {
                    done = result.get(2, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    try {
                        summary(out, job.getAccumulators().get(5, TimeUnit.SECONDS), started);
                    } catch (TimeoutException | ExecutionException ignored) {
                        // finishing or busy: the final summary comes from the result
                    }
                }
            }
            summary(out, done.getAllAccumulatorResults(), started);
            if (kafka == null) {
                out.println("chanflow run: done; signals in " + files.signals() + ", structures in "
                        + files.structures() + ", dead letters in " + files.deadLetters() + ", bars in " + files.bars()
                        + ", trade outcomes in " + files.tradeOutcomes());
            } else {
                out.println("chanflow run: done");
            }
            return 0;
        }

        private static void summary(PrintStream out, Map<String, Object> acc, long started) {
            out.printf("[%5.1fs] bars %s  signals %s  structures %s  trade outcomes %s  dead letters %s%n",
                    (System.nanoTime() - started) / 1e9, acc.getOrDefault("bars", 0),
                    acc.getOrDefault("signals", 0), acc.getOrDefault("structures", 0),
                    acc.getOrDefault("trade-outcomes", 0), acc.getOrDefault("dead-letters", 0));
            if (acc.containsKey("llm-approved")) {
                StringBuilder b = new StringBuilder("        llm");
                for (String c : io.chanflow.operators.validate.CountValidations.CASES) {
                    b.append(' ').append(c).append(' ').append(acc.getOrDefault("llm-" + c, 0));
                }
                out.println(b);
            }
        }
    }
}
