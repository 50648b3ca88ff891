package io.chanflow.operators.llm;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.chroma.ChromaApiVersion;
import dev.langchain4j.store.embedding.chroma.ChromaEmbeddingStore;

/**
 * The trade memory for retrieval-augmented prompts: every closed trade's feature vector with its facts, stored in a
 * Chroma 1.0 collection (API v2, {@code default_tenant}/{@code default_database}, cosine distance) through
 * langchain4j-chroma; {@link #similar} returns the k nearest trades that had closed before a given event time.
 *
 * <p><b>Vectors.</b> The caller supplies the vectors: the signal's normalised feature vector (the same features and
 * scaling for storing and for querying, {@code dimensions} long, finite, not all zero). Chroma compares them by cosine
 * distance, so their length does not matter, but normalising them keeps them comparable with any other metric.
 *
 * <p><b>As-of retrieval.</b> {@code similar(query, k, asOf)} filters on the stored close time, {@code closedAt < asOf}
 * (Chroma {@code where {"closedAt": {"$lt": asOf}}}): a trade that closed at or after the signal's event time can never
 * be in that signal's prompt, whatever the processing order. Replays therefore see the same neighbours as live runs,
 * as long as the same trades have been stored.
 *
 * <p><b>Stored per trade</b> (id = {@link ClosedTrade#tradeId()}): metadata {@code symbol level types returnPct result
 * closedAt sessionDay regime} ({@code types} comma-joined, {@code result} W/L/F, {@code closedAt} epoch ms), and a
 * one-line description as the document. Storing an id again does not add a second entry.
 *
 * <p><b>Failures.</b> {@link #remember} and {@link #similar} throw {@link TradeMemoryUnavailableException} when Chroma
 * is down, slower than {@code timeout} per HTTP call, or fails the request; the caller goes on without similar trades.
 * The connection (tenant, database and collection look-up, created if missing) is made on first use and made again
 * after any failure, so a Chroma that comes back, even empty, is used again. Thread-safe.
 */
public final class TradeMemory {

    /** A stored trade and its cosine similarity to the query (1 = same direction, 0 = orthogonal, -1 = opposite). */
    public record SimilarTrade(ClosedTrade trade, double similarity) {}

    /** The most trades {@link #rememberAll} sends in one request. */
    public static final int BATCH = 1000;

    private final ChromaSettings settings;
    private volatile ChromaEmbeddingStore store;

    private TradeMemory(ChromaSettings settings) {
        this.settings = settings;
    }

    /** A trade memory that connects on first use (so Chroma may be down now). */
    public static TradeMemory open(ChromaSettings settings) {
        return new TradeMemory(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Stores a closed trade with its feature vector.
     *
     * @throws IllegalArgumentException the vector has the wrong length, a non-finite value, or is all zero
     * @throws TradeMemoryUnavailableException Chroma down, slow or failing
     */
    public void remember(ClosedTrade trade, float[] vector) {
        rememberAll(List.of(trade), List.of(vector));
    }

    /**
     * Stores many closed trades, {@code vectors.get(i)} belonging to {@code trades.get(i)}, in requests of at most
     * {@link #BATCH} (Chroma 1.0 accepts 5461): one request costs about as much as a single add, so loading history
     * this way is orders of magnitude faster than one {@link #remember} per trade. Each request has the settings'
     * {@code timeout}, and a batch of 1000 takes 0.2-2 s: bulk loads want their own instance with a timeout of
     * seconds, not the validator's. Not atomic: after a failure some batches may be stored; storing them again is
     * harmless.
     *
     * @throws IllegalArgumentException different sizes, or a vector of the wrong shape (nothing is sent)
     * @throws TradeMemoryUnavailableException Chroma down, slow or failing
     */
    public void rememberAll(List<ClosedTrade> trades, List<float[]> vectors) {
        if (trades.size() != vectors.size()) {
            throw new IllegalArgumentException(trades.size() + " trades but " + vectors.size() + " vectors");
        }
        List<String> ids = new ArrayList<>(trades.size());
        List<Embedding> embeddings = new ArrayList<>(trades.size());
        List<TextSegment> docs = new ArrayList<>(trades.size());
        for (int i = 0; i < trades.size(); i++) {
            ClosedTrade t = Objects.requireNonNull(trades.get(i), "trades[" + i + "]");
            ids.add(t.tradeId());
            embeddings.add(embedding(vectors.get(i), "vectors[" + i + "]"));
            docs.add(document(t));
        }
        for (int from = 0; from < ids.size(); from += BATCH) {
            int to = Math.min(ids.size(), from + BATCH);
            List<String> batchIds = ids.subList(from, to);
            List<Embedding> batchEmbeddings = embeddings.subList(from, to);
            List<TextSegment> batchDocs = docs.subList(from, to);
            run("add of " + batchIds.size() + " trades from " + batchIds.get(0), s -> {
                s.addAll(batchIds, batchEmbeddings, batchDocs);
                return null;
            });
        }
    }

    private static TextSegment document(ClosedTrade trade) {
        Metadata m = new Metadata()
                .put("symbol", trade.symbol())
                .put("level", trade.level())
                .put("types", String.join(",", trade.types()))
                .put("returnPct", trade.returnPct())
                .put("result", trade.result().code())
                .put("closedAt", trade.closedAt())
                .put("sessionDay", trade.sessionDay().toString())
                .put("regime", trade.regime());
        return TextSegment.from(describe(trade), m);
    }

    /**
     * The up to {@code k} stored trades nearest to {@code query} among those with {@code closedAt < asOfEventTime},
     * nearest first.
     *
     * @throws IllegalArgumentException {@code k < 1}, or the query has the wrong length, a non-finite value, or is zero
     * @throws TradeMemoryUnavailableException Chroma down, slow or failing
     */
    public List<SimilarTrade> similar(float[] query, int k, long asOfEventTime) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        Embedding q = embedding(query, "query");
        EmbeddingSearchRequest request = EmbeddingSearchRequest.builder()
                .queryEmbedding(q)
                .maxResults(k)
                .filter(metadataKey("closedAt").isLessThan(asOfEventTime))
                .build();
        List<EmbeddingMatch<TextSegment>> matches = run("query", s -> s.search(request).matches());
        List<SimilarTrade> out = new ArrayList<>(matches.size());
        for (EmbeddingMatch<TextSegment> match : matches) {
            out.add(new SimilarTrade(trade(match.embeddingId(), match.embedded().metadata()),
                    2 * match.score() - 1)); // langchain4j's score is 1 - distance / 2; cosine similarity = 1 - distance
        }
        return out;
    }

    /**
     * This memory as a {@link TradeRecall}: every call is a Chroma query ({@link #similar}) without the similarities.
     * ({@code TradeMemory} cannot implement the interface itself: its own {@code similar} returns the similarities.)
     */
    public TradeRecall asRecall() {
        return (q, k, asOf) -> similar(q, k, asOf).stream().map(SimilarTrade::trade).toList();
    }

    /** The settings this memory was opened with. */
    public ChromaSettings settings() {
        return settings;
    }

    private static ClosedTrade trade(String id, Metadata m) {
        return new ClosedTrade(id, m.getString("symbol"), m.getString("level"),
                Arrays.asList(m.getString("types").split(",")), m.getDouble("returnPct"),
                TradeResult.fromCode(m.getString("result")), m.getLong("closedAt"),
                LocalDate.parse(m.getString("sessionDay")), m.getString("regime"));
    }

    private static String describe(ClosedTrade t) {
        return String.format(Locale.ROOT, "%s %s %s %s %+.4f%% closed %s", t.symbol(), t.level(),
                String.join(",", t.types()), t.result(), t.returnPct(), Instant.ofEpochMilli(t.closedAt()));
    }

    private Embedding embedding(float[] v, String name) {
        Objects.requireNonNull(v, name);
        if (v.length != settings.dimensions()) {
            throw new IllegalArgumentException(name + " must have " + settings.dimensions() + " dimensions, got "
                    + v.length);
        }
        double norm = 0;
        for (float f : v) {
            if (!Float.isFinite(f)) {
                throw new IllegalArgumentException(name + " must be finite, got " + Arrays.toString(v));
            }
            norm += (double) f * f;
        }
        if (norm == 0) {
            throw new IllegalArgumentException(name + " must not be all zero (no cosine distance)");
        }
        return Embedding.from(v.clone());
    }

    private interface StoreCall<T> {
        T apply(ChromaEmbeddingStore store);
    }

    private <T> T run(String what, StoreCall<T> call) {
        try {
            return call.apply(connected());
        } catch (RuntimeException e) {
            store = null; // connect again next time: the collection may be gone (a fresh Chroma)
            throw new TradeMemoryUnavailableException(
                    "chroma " + what + " on " + settings.baseUrl() + " failed: " + e.getMessage(), e);
        }
    }

    private ChromaEmbeddingStore connected() {
        ChromaEmbeddingStore s = store;
        if (s == null) {
            synchronized (this) {
                s = store;
                if (s == null) {
                    s = ChromaEmbeddingStore.builder()
                            .baseUrl(settings.baseUrl())
                            .apiVersion(ChromaApiVersion.V2)
                            .tenantName(ChromaSettings.TENANT)
                            .databaseName(ChromaSettings.DATABASE)
                            .collectionName(settings.collection())
                            .timeout(settings.timeout())
                            .build(); // looks up (or creates) tenant, database and collection: 3-4 HTTP calls
                    store = s;
                }
            }
        }
        return s;
    }
}
