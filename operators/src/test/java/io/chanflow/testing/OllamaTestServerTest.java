package io.chanflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaModel;
import dev.langchain4j.model.ollama.OllamaModels;
import dev.langchain4j.model.ollama.RunningOllamaModel;
import io.chanflow.testing.OllamaTestServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Ollama protocol of {@link OllamaTestServer}, read by langchain4j's own clients and by plain HTTP. */
class OllamaTestServerTest {

    OllamaTestServer ollama;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        ollama = OllamaTestServer.launch()
                .model("validator:v1", Reply.json("{\"verdict\":\"APPROVE\"}"))
                .model("nomic-embed-text", Reply.error(400, "embedding model"));
    }

    @AfterEach
    void stop() {
        ollama.close();
    }

    OllamaModels models() {
        return OllamaModels.builder().baseUrl(ollama.baseUrl()).timeout(Duration.ofSeconds(2)).maxRetries(0).build();
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ollama.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldListTheRegisteredModelsInTagsWithTheirLatestTag() {
        List<OllamaModel> list = models().availableModels().content();

        assertThat(list).extracting(OllamaModel::getName).containsExactly("nomic-embed-text:latest", "validator:v1");
        assertThat(list.get(1).getDetails().getFamily()).isEqualTo("qwen2");
    }

    @Test
    void shouldShowARegisteredModelAndAnswer404ForAnUnknownOne() throws Exception {
        assertThat(models().modelCard("validator:v1").content().getCapabilities()).containsExactly("completion");

        HttpResponse<String> unknown = post("/api/show", "{\"model\":\"llama3:8b\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"model 'llama3:8b' not found\"}");
        assertThat(post("/api/chat", "{\"model\":\"x\",\"messages\":[]}").body())
                .isEqualTo("{\"error\":\"model 'x' not found\"}");
    }

    @Test
    void shouldListInPsOnlyTheModelsThatWereUsed() throws Exception {
        assertThat(models().runningModels().content()).isEmpty();

        post("/api/chat", "{\"model\":\"validator:v1\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(models().runningModels().content()).extracting(RunningOllamaModel::getName)
                .containsExactly("validator:v1");
    }

    @Test
    void shouldStreamNdjsonLinesByDefaultEndingWithDone() throws Exception {
        HttpResponse<String> r = post("/api/chat",
                "{\"model\":\"validator:v1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<String> lines = r.body().lines().toList();
        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(lines.subList(0, lines.size() - 1)).allMatch(l -> l.contains("\"done\":false"));
        assertThat(lines.get(lines.size() - 1)).contains("\"done\":true").contains("\"done_reason\":\"stop\"");
    }

    @Test
    void shouldEmbedDeterministicallyWithSharedWordsCloserThanOthers() {
        OllamaEmbeddingModel model = OllamaEmbeddingModel.builder().baseUrl(ollama.baseUrl())
                .modelName("nomic-embed-text").timeout(Duration.ofSeconds(2)).maxRetries(0).build();

        List<Embedding> e = model.embedAll(List.of(TextSegment.from("second buy point after a pullback"),
                TextSegment.from("second buy point after a pullback"), TextSegment.from("buy point pullback"),
                TextSegment.from("quarterly earnings call transcript"))).content();

        assertThat(e.get(0).vector()).hasSize(OllamaTestServer.DEFAULT_EMBEDDING_DIMENSIONS)
                .containsExactly(OllamaTestServer.embed("second buy point after a pullback", 32));
        assertThat(e.get(1).vector()).containsExactly(e.get(0).vector());
        assertThat(dot(e.get(0).vector(), e.get(0).vector())).isCloseTo(1.0, offset(1e-5));
        assertThat(dot(e.get(0).vector(), e.get(2).vector())).isGreaterThan(dot(e.get(0).vector(), e.get(3).vector()));
    }

    @Test
    void shouldRecordEveryRequestWithPathModelAndBody() throws Exception {
        post("/api/show", "{\"model\":\"validator:v1\"}");
        post("/api/show", "{\"model\":\"missing\"}");
        http.send(HttpRequest.newBuilder(URI.create(ollama.baseUrl() + "/api/nothing")).build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(ollama.requestCount()).isEqualTo(3);
        assertThat(ollama.requests()).extracting(OllamaTestServer.RecordedRequest::path)
                .containsExactly("/api/show", "/api/show", "/api/nothing");
        assertThat(ollama.requests().get(1).model()).isEqualTo("missing");
        assertThat(ollama.requests().get(0).body()).isEqualTo("{\"model\":\"validator:v1\"}");
        assertThat(ollama.requests("/api/show", "validator:v1")).hasSize(1);
    }

    @Test
    void shouldCloseThePortWhenStoppedAndReopenTheSamePortOnStart() throws Exception {
        int port = ollama.port();
        ollama.stop();

        assertThat(ollama.isRunning()).isFalse();
        assertThatThrownBy(() -> post("/api/show", "{\"model\":\"validator:v1\"}")).isInstanceOf(ConnectException.class);

        ollama.start();
        assertThat(ollama.port()).isEqualTo(port);
        assertThat(post("/api/show", "{\"model\":\"validator:v1\"}").statusCode()).isEqualTo(200);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
