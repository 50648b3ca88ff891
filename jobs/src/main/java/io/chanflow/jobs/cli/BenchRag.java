package io.chanflow.jobs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import io.chanflow.jobs.infra.ChromaProcess;
import io.chanflow.operators.llm.CachedTradeMemory;
import io.chanflow.operators.llm.ChromaSettings;
import io.chanflow.operators.llm.ClosedTrade;
import io.chanflow.operators.llm.TradeMemory;
import io.chanflow.operators.llm.TradeResult;
import io.chanflow.state.outcome.FeatureNormalizer;
import io.chanflow.state.outcome.FeatureVector;
import io.chanflow.state.outcome.Features;

/**
 * {@code chanflow bench-rag}: latency of the as-of trade-memory query (the RAG look-up of the LLM validator) at
 * growing numbers of stored trades, through Chroma alone ({@link TradeMemory}) and through the in-process index in
 * front of it ({@link CachedTradeMemory}). One collection grows to each size in turn; the trades are synthetic (see
 * {@link #trade}).
 */
public final class BenchRag implements Command {
    public static final String NAME = "bench-rag";

    private static final Set<String> OPTIONS = Set.of("sizes", "k", "queries", "chroma", "json", "seed", "chroma-budget");
    private static final Set<String> FLAGS = Set.of("help");
    private static final long T0 = 1_262_304_000_000L; // 2010-01-01T00:00:00Z
    private static final long HOUR = 3_600_000L;
    private static final int WARM_UP_QUERIES = 100;

    static final String USAGE = String.join("\n",
            "Usage: chanflow bench-rag [--sizes N,N,...] [--k K] [--queries Q] [--chroma-budget S] [--chroma URL]",
            "                          [--seed S] [--json FILE]",
            "",
            "Latency of the as-of RAG query 'the k stored trades most similar to this signal that closed before its",
            "event time' against a real Chroma 1.0 server (cosine, where closedAt < asOf), through Chroma alone",
            "(TradeMemory) and through the exact in-process index in front of it (CachedTradeMemory). The trades are",
            "synthetic but shaped like schema-1 feature vectors of 60m points (seeded; FeatureNormalizer scaling),",
            "closing one hour apart; they are inserted in batches of 1000 into one collection that grows to each size.",
            "Each query has a fresh random vector and an asOf drawn uniformly over the stored close times (the filter",
            "keeps 0-100% of the trades, 50% on average). Both paths get the same queries, after unmeasured warm-up",
            "ones (" + WARM_UP_QUERIES + " cached, " + WARM_UP_QUERIES / 10 + " Chroma); recall@k is the share of the"
                    + " exact top k that Chroma's HNSW index returned.",
            "",
            "  --sizes N,N,...   stored trades at which to measure (10000,100000); inserting runs at ~2-4k trades/s",
            "  --k K             neighbours per query (5)",
            "  --queries Q       measured queries per path and size (2000)",
            "  --chroma-budget S seconds of Chroma queries per size (120): at 100k trades a filtered Chroma query",
            "                    takes ~0.5-1.5 s on 2 busy cores, so Chroma stops after S s and the table says",
            "                    how many of its queries were measured; the cached path always runs all of them",
            "  --chroma URL      an already running Chroma 1.0 (a fresh collection is created in it); default: start",
            "                    one from infra/chroma/node_modules (npm ci --prefix infra/chroma) in a temp directory",
            "  --seed S          seed of the trades and queries (42)",
            "  --json FILE       also write the figures as JSON");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "benchmark RAG query latency: Chroma alone vs the in-process trade-memory index";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    /** Latency figures of one path at one size, in ms. */
    record Latency(double medianMs, double p99Ms, double maxMs, double meanMs) {
        static Latency of(long[] nanos) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            return new Latency(Bench.pct(s, 0.50), Bench.pct(s, 0.99), s[s.length - 1] / 1e6,
                    Arrays.stream(s).average().orElse(0) / 1e6);
        }
    }

    /** One size: insert time and the two paths. */
    record Row(int size, double insertSeconds, Latency chroma, int chromaQueries, Latency cached, int cachedQueries,
               double chromaRecall) {}

    @Override
    public int execute(String[] args, PrintStream out, PrintStream err) {
        List<Integer> sizes;
        int k;
        int queries;
        long seed;
        int budget;
        String chromaUrl;
        String json;
        try {
            CliArgs a = CliArgs.parse(args, OPTIONS, FLAGS);
            if (a.has("help")) {
                out.println(USAGE);
                return 0;
            }
            if (!a.positional().isEmpty()) {
                throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
            }
            TreeSet<Integer> s = new TreeSet<>();
            String sizeList = a.single("sizes") == null ? "10000,100000" : a.single("sizes");
            for (String part : sizeList.split(",")) {
                int n = CliArgs.intValue("sizes", part);
                if (n < 1) {
                    throw new UsageException("--sizes must be >= 1, got " + n);
                }
                s.add(n);
            }
            sizes = List.copyOf(s);
            k = a.intOr("k", 5);
            queries = a.intOr("queries", 2000);
            seed = a.intOr("seed", 42);
            budget = a.intOr("chroma-budget", 120);
            if (k < 1 || queries < 1 || budget < 1) {
                throw new UsageException("--k, --queries and --chroma-budget must be >= 1");
            }
            chromaUrl = a.single("chroma");
            json = a.single("json");
            if (chromaUrl != null) {
                ChromaSettings.defaults(chromaUrl, 1); // validates the URL
            }
        } catch (UsageException | IllegalArgumentException e) {
            err.println("chanflow bench-rag: " + e.getMessage());
            err.println();
            err.println(USAGE);
            return 2;
        }
        Path tmp = null;
        ChromaProcess started = null;
        try {
            if (chromaUrl == null) {
                tmp = Files.createTempDirectory("chanflow-bench-rag");
                long t0 = System.nanoTime();
                started = ChromaProcess.start(tmp);
                chromaUrl = started.baseUrl();
                out.printf(Locale.ROOT, "chanflow bench-rag: started chroma at %s in %.1f s%n", chromaUrl,
                        (System.nanoTime() - t0) / 1e9);
            }
            List<Row> rows = run(chromaUrl, sizes, k, queries, seed, budget, out);
            print(rows, k, queries, out);
            if (json != null) {
                writeJson(Path.of(json), chromaUrl, k, queries, seed, rows);
                out.println("chanflow bench-rag: figures written to " + json);
            }
            return 0;
        } catch (IllegalStateException e) {
            err.println("chanflow bench-rag: " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("chanflow bench-rag: failed: " + e);
            return 1;
        } finally {
            if (started != null) {
                started.close();
            }
            Bench.deleteQuietly(tmp);
        }
    }

    private static List<Row> run(String url, List<Integer> sizes, int k, int queries, long seed, int budgetSeconds,
                                 PrintStream out) {
        int dims = FeatureNormalizer.DIMENSIONS;
        String collection = "bench-rag-" + Long.toString(System.currentTimeMillis(), 36);
        // the bulk insert gets a long timeout; queries get 10 s so that a slow one is measured, not dropped
        ChromaSettings settings = new ChromaSettings(url, collection, dims, Duration.ofSeconds(60));
        int largest = sizes.get(sizes.size() - 1);
        CachedTradeMemory cached = CachedTradeMemory.open(settings, Math.max(largest, CachedTradeMemory.DEFAULT_CAPACITY),
                CachedTradeMemory.DEFAULT_WARM_UP_RETRY);
        TradeMemory chroma = TradeMemory.open(new ChromaSettings(url, collection, dims, Duration.ofSeconds(10)));
        Random data = new Random(seed);
        List<Row> rows = new ArrayList<>();
        int stored = 0;
        double insertSeconds = 0;
        for (int size : sizes) {
            long t0 = System.nanoTime();
            while (stored < size) {
                int n = Math.min(5000, size - stored);
                List<ClosedTrade> trades = new ArrayList<>(n);
                List<float[]> vectors = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    trades.add(trade(stored + i, data));
                    vectors.add(FeatureNormalizer.normalize(features(data)));
                }
                cached.rememberAll(trades, vectors);
                stored += n;
            }
            insertSeconds += (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "  %d trades stored (%.1f s in all, %.0f trades/s); measuring %d queries per path%n",
                    size, insertSeconds, size / insertSeconds, queries);

            Random qr = new Random(seed * 31 + size);
            float[][] qs = new float[WARM_UP_QUERIES + queries][];
            long[] asOf = new long[qs.length];
            for (int i = 0; i < qs.length; i++) {
                qs[i] = FeatureNormalizer.normalize(features(qr));
                asOf[i] = T0 + (long) (qr.nextDouble() * size * HOUR);
            }
            long[] chromaNanos = new long[queries];
            long[] cachedNanos = new long[queries];
            long budgetNanos = budgetSeconds * 1_000_000_000L;
            long chromaSpent = 0;
            int chromaMeasured = 0;
            double recall = 0;
            for (int i = 0; i < qs.length; i++) {
                int m = i - WARM_UP_QUERIES;
                boolean askChroma = m < 0 ? i < WARM_UP_QUERIES / 10 : chromaSpent < budgetNanos;
                List<TradeMemory.SimilarTrade> fromChroma = null;
                long a = System.nanoTime();
                if (askChroma) {
                    fromChroma = chroma.similar(qs[i], k, asOf[i]);
                }
                long b = System.nanoTime();
                List<TradeMemory.SimilarTrade> exact = cached.nearest(qs[i], k, asOf[i]);
                long c = System.nanoTime();
                if (m >= 0) {
                    cachedNanos[m] = c - b;
                    if (askChroma) {
                        chromaNanos[chromaMeasured++] = b - a;
                        chromaSpent += b - a;
                        recall += recall(exact, fromChroma);
                    }
                }
            }
            rows.add(new Row(size, insertSeconds, Latency.of(Arrays.copyOf(chromaNanos, chromaMeasured)),
                    chromaMeasured, Latency.of(cachedNanos), queries, recall / chromaMeasured));
        }
        return rows;
    }

    /** Share of the exact top k that the other list holds (1 when the exact list is empty). */
    private static double recall(List<TradeMemory.SimilarTrade> exact, List<TradeMemory.SimilarTrade> other) {
        if (exact.isEmpty()) {
            return 1;
        }
        Set<String> got = new HashSet<>();
        other.forEach(s -> got.add(s.trade().tradeId()));
        return exact.stream().filter(s -> got.contains(s.trade().tradeId())).count() / (double) exact.size();
    }

    private static void print(List<Row> rows, int k, int queries, PrintStream out) {
        out.println();
        out.printf("%-8s %-7s %8s %10s %9s %9s %9s %9s%n", "trades", "path", "queries", "median_ms", "p99_ms",
                "max_ms", "mean_ms", "recall@" + k);
        for (Row r : rows) {
            line(out, r.size(), "chroma", r.chromaQueries(), r.chroma(),
                    String.format(Locale.ROOT, "%.4f", r.chromaRecall()));
            line(out, r.size(), "cached", r.cachedQueries(), r.cached(), "1.0000");
        }
        out.println();
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%d trades: chroma/cached median %.1fx, p99 %.1fx; p99 goal 10 ms: chroma %s,"
                            + " cached %s (k=%d)%n", r.size(), r.chroma().medianMs() / r.cached().medianMs(),
                    r.chroma().p99Ms() / r.cached().p99Ms(), r.chroma().p99Ms() <= 10 ? "met" : "missed",
                    r.cached().p99Ms() <= 10 ? "met" : "missed", k);
        }
    }

    private static void line(PrintStream out, int size, String path, int queries, Latency l, String recall) {
        out.printf(Locale.ROOT, "%-8d %-7s %8d %10.3f %9.3f %9.3f %9.3f %9s%n", size, path, queries, l.medianMs(),
                l.p99Ms(), l.maxMs(), l.meanMs(), recall);
    }

    private static void writeJson(Path file, String url, int k, int queries, long seed, List<Row> rows)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "{\"chroma\":\"%s\",\"k\":%d,\"queries\":%d,\"seed\":%d,\"dimensions\":%d,"
                + "\"runs\":[", url, k, queries, seed, FeatureNormalizer.DIMENSIONS));
        String sep = "";
        for (Row r : rows) {
            sb.append(sep).append(String.format(Locale.ROOT, "{\"trades\":%d,\"insertSeconds\":%.3f,\"chromaQueries\":%d,"
                            + "\"chroma\":%s,\"cachedQueries\":%d,\"cached\":%s,\"chromaRecallAtK\":%.4f,"
                            + "\"medianRatio\":%.3f,\"p99Ratio\":%.3f}",
                    r.size(), r.insertSeconds(), r.chromaQueries(), json(r.chroma()), r.cachedQueries(),
                    json(r.cached()), r.chromaRecall(),
                    r.chroma().medianMs() / r.cached().medianMs(), r.chroma().p99Ms() / r.cached().p99Ms()));
            sep = ",";
        }
        sb.append("]}\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, sb.toString());
    }

    private static String json(Latency l) {
        return String.format(Locale.ROOT, "{\"medianMs\":%.4f,\"p99Ms\":%.4f,\"maxMs\":%.4f,\"meanMs\":%.4f}",
                l.medianMs(), l.p99Ms(), l.maxMs(), l.meanMs());
    }

    /**
     * Trade {@code i}: SPY 60m, closing {@code i} hours after 2010-01-01, a return drawn from N(0.1, 1) %, result by
     * the outcome tracker's ±0.05 % rule, one of the six point types.
     */
    static ClosedTrade trade(int i, Random r) {
        double ret = Math.round((0.1 + r.nextGaussian()) * 1e4) / 1e4;
        TradeResult result = ret > 0.05 ? TradeResult.WIN : ret < -0.05 ? TradeResult.LOSS : TradeResult.FLAT;
        long closedAt = T0 + i * HOUR;
        String type = List.of("1", "1p", "2", "2s", "3a", "3b").get(r.nextInt(6));
        LocalDate day = Instant.ofEpochMilli(closedAt).atZone(ZoneOffset.UTC).toLocalDate();
        return new ClosedTrade("SPY/60m/bi/" + closedAt + "/" + type + "#" + i, "SPY", "60m", List.of(type), ret,
                result, closedAt, day, r.nextBoolean() ? "range" : "trend-up");
    }

    /**
     * A schema-1 feature vector shaped like those of 60m points (docs/features.md ranges): one type flag, side and
     * scope flags, level 4, divergence around 0.8 when checked, 0-4 pivots, pivot position around 0.5, directions
     * ±1, amplitudes and bar counts log-normal, RSI around 50, MACD around 0, %B around 0.5, volume z around 0, a
     * full window of 200 bars most of the time. Not real data: the cost of a query depends on the count and length
     * of the vectors, not on where they lie.
     */
    static FeatureVector features(Random r) {
        double[] v = new double[Features.NAMES.size()];
        v[r.nextInt(6)] = 1;
        v[6] = r.nextInt(2);
        v[7] = r.nextDouble() < 0.2 ? 1 : 0;
        v[8] = 4;
        boolean checked = r.nextDouble() < 0.4;
        v[9] = checked ? Math.max(0, 0.8 + 0.4 * r.nextGaussian()) : 0;
        v[10] = checked ? 1 : 0;
        v[11] = r.nextInt(5);
        boolean pivot = v[11] > 0;
        v[12] = pivot ? 0.5 + 0.6 * r.nextGaussian() : 0;
        v[13] = pivot ? 1 : 0;
        v[14] = r.nextBoolean() ? 1 : -1;
        v[15] = Math.exp(0.3 + 0.6 * r.nextGaussian());
        v[16] = Math.round(Math.exp(2 + 0.5 * r.nextGaussian()));
        v[17] = r.nextBoolean() ? 1 : -1;
        v[18] = Math.exp(1 + 0.6 * r.nextGaussian());
        v[19] = Math.round(Math.exp(3.3 + 0.5 * r.nextGaussian()));
        v[20] = r.nextInt(3) - 1;
        v[21] = r.nextDouble() < 0.3 ? 1 : 0;
        v[22] = r.nextInt(8);
        v[23] = 0.8 + 0.8 * r.nextGaussian();
        v[24] = 0.15 * r.nextGaussian();
        v[25] = Math.max(0, Math.min(100, 50 + 14 * r.nextGaussian()));
        v[26] = Math.exp(-0.5 + 0.4 * r.nextGaussian());
        v[27] = 0.5 + 0.4 * r.nextGaussian();
        v[28] = r.nextGaussian();
        v[29] = r.nextDouble() < 0.95 ? 200 : 35 + r.nextInt(165);
        return new FeatureVector(Features.SCHEMA_VERSION, v);
    }

}
