package io.chanflow.operators.llm;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads every trade of a {@link TradeMemory} collection back out of Chroma (REST API v2; langchain4j's
 * {@code EmbeddingStore} has no "get all"): {@code GET .../collections/{name}} for the id (404: no collection, so no
 * trades), then {@code POST .../collections/{id}/get} with {@code limit}/{@code offset} pages including embeddings and
 * metadatas, until a page comes back short. Used by {@link CachedTradeMemory} to warm up.
 */
final class ChromaTradeReader {

    /** A stored trade and the vector it was stored with. */
    record Stored(ClosedTrade trade, float[] vector) {}

    static final int PAGE = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromaSettings settings;
    private final HttpClient http;

    ChromaTradeReader(ChromaSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout()).build();
    }

    /**
     * Every stored trade, in Chroma's storage order.
     *
     * @throws TradeMemoryUnavailableException Chroma down, slow (the settings' timeout per page) or failing
     */
    List<Stored> readAll() {
        return readFrom(0);
    }

    /**
     * The stored trades from position {@code first} of Chroma's storage order on (the order records were added
     * in, so a reader that has consumed {@code n} rows gets exactly the ones added since with {@code readFrom(n)};
     * {@code CachedTradeMemoryTest} checks this against the real server).
     *
     * @throws TradeMemoryUnavailableException Chroma down, slow (the settings' timeout per page) or failing
     */
    List<Stored> readFrom(long first) {
        if (first < 0) {
            throw new IllegalArgumentException("first must be >= 0, got " + first);
        }
        String base = settings.baseUrl().replaceAll("/+$", "") + "/api/v2/tenants/" + ChromaSettings.TENANT
                + "/databases/" + ChromaSettings.DATABASE + "/collections/";
        try {
            HttpResponse<String> c = send(HttpRequest.newBuilder(URI.create(base
                    + URLEncoder.encode(settings.collection(), StandardCharsets.UTF_8))).GET());
            if (c.statusCode() == 404) {
                return List.of();
            }
            String id = ok(c, "collection look-up").get("id").asText();
            List<Stored> out = new ArrayList<>();
            for (long offset = first; ; offset += PAGE) {
                ObjectNode body = JSON.createObjectNode().put("limit", PAGE).put("offset", offset);
                body.putArray("include").add("embeddings").add("metadatas");
                JsonNode page = ok(send(HttpRequest.newBuilder(URI.create(base + id + "/get"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))), "get at offset " + offset);
                JsonNode ids = page.get("ids");
                JsonNode embeddings = page.get("embeddings");
                JsonNode metadatas = page.get("metadatas");
                for (int i = 0; i < ids.size(); i++) {
                    out.add(new Stored(trade(ids.get(i).asText(), metadatas.get(i)), vector(embeddings.get(i))));
                }
                if (ids.size() < PAGE) {
                    return out;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new TradeMemoryUnavailableException("chroma read of collection " + settings.collection() + " on "
                    + settings.baseUrl() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TradeMemoryUnavailableException("interrupted while reading " + settings.collection(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(settings.timeout()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException(what + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static float[] vector(JsonNode embedding) {
        float[] v = new float[embedding.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) embedding.get(i).asDouble();
        }
        return v;
    }

    /** The metadata {@link TradeMemory} writes, read back (see its class comment). */
    private static ClosedTrade trade(String id, JsonNode m) {
        return new ClosedTrade(id, m.get("symbol").asText(), m.get("level").asText(),
                List.of(m.get("types").asText().split(",")), m.get("returnPct").asDouble(),
                TradeResult.fromCode(m.get("result").asText()), m.get("closedAt").asLong(),
                LocalDate.parse(m.get("sessionDay").asText()), m.get("regime").asText());
    }

    /** Same settings, with at least {@code min} as the timeout (a page of 1000 vectors is not a 500 ms query). */
    static ChromaSettings withTimeoutAtLeast(ChromaSettings s, Duration min) {
        return s.timeout().compareTo(min) >= 0 ? s
                : new ChromaSettings(s.baseUrl(), s.collection(), s.dimensions(), min);
    }
}
