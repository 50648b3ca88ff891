package io.chanflow.operators.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import io.chanflow.testing.OllamaTestServer;
import io.chanflow.testing.OllamaTestServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real langchain4j Ollama models, as {@link OllamaClientFactory} builds them, against {@link OllamaTestServer}. */
class OllamaClientFactoryTest {

    static final JsonSchema VERDICT = JsonSchema.builder()
            .name("verdict")
            .rootElement(JsonObjectSchema.builder()
                    .addEnumProperty("verdict", List.of("APPROVE", "DOWNGRADE", "VETO"))
                    .addNumberProperty("confidence")
                    .addStringProperty("summary")
                    .addProperty("reasons", JsonArraySchema.builder().items(new JsonStringSchema()).build())
                    .required("verdict", "confidence", "summary", "reasons")
                    .build())
            .build();
    static final String APPROVE = "{\"verdict\": \"APPROVE\", \"confidence\": 0.72, "
            + "\"summary\": \"A second buy point after a clean pullback.\", \"reasons\": [\"trend up\", \"volume\"]}";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Scheduling slack on a busy 2-core machine. */
    static final Duration TIMEOUT = Duration.ofMillis(800);
    static final Duration MARGIN = Duration.ofMillis(1500);

    static OllamaTestServer ollama;

    @BeforeAll
    static void startServer() {
        ollama = OllamaTestServer.launch();
    }

    @AfterAll
    static void stopServer() {
        ollama.close();
    }

    @BeforeEach
    void resetServer() {
        ollama.start();
        ollama.clearRequests();
    }

    OllamaSettings settings(String model) {
        return OllamaSettings.defaults(ollama.baseUrl(), model).withTimeout(TIMEOUT);
    }

    static ChatResponse ask(OllamaChatModel model) {
        return model.chat(SystemMessage.from("You check trading signals. Answer with JSON."),
                UserMessage.from("SPY 1m buy point 2s at 601.25; ensemble 0.64"));
    }

    @Test
    void shouldSendTheJsonSchemaAsAnObjectWithDeterministicOptions() throws Exception {
        ollama.model("validator:v1", Reply.json(APPROVE));

        ChatResponse answer = ask(OllamaClientFactory.chatModel(settings("validator:v1"), VERDICT));

        assertThat(JSON.readTree(answer.aiMessage().text()).get("verdict").asText()).isEqualTo("APPROVE");
        List<OllamaTestServer.RecordedRequest> sent = ollama.requests("/api/chat", "validator:v1");
        assertThat(sent).hasSize(1);
        JsonNode body = sent.get(0).json();
        assertThat(body.get("stream").asBoolean()).isFalse();
        assertThat(body.get("format").isObject()).isTrue();
        assertThat(body.at("/format/type").asText()).isEqualTo("object");
        assertThat(body.at("/format/properties/verdict/enum").toString()).isEqualTo("[\"APPROVE\",\"DOWNGRADE\",\"VETO\"]");
        assertThat(body.at("/format/properties/reasons/items/type").asText()).isEqualTo("string");
        assertThat(JSON.convertValue(body.at("/format/required"), List.class))
                .containsExactly("verdict", "confidence", "summary", "reasons");
        assertThat(body.at("/options/temperature").asDouble()).isEqualTo(0.0);
        assertThat(body.at("/options/seed").asInt()).isEqualTo(42);
        assertThat(body.at("/options/num_predict").asInt()).isEqualTo(256);
        assertThat(body.at("/options/num_ctx").asInt()).isEqualTo(4096);
        assertThat(body.get("keep_alive").asInt()).isEqualTo(600);
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/1/content").asText()).contains("buy point 2s");
    }

    @Test
    void shouldAskForPlainJsonWhenThereIsNoSchema() {
        ollama.model("validator:v1", Reply.json("{}"));

        ask(OllamaClientFactory.chatModel(settings("validator:v1"), null));

        assertThat(ollama.requests("/api/chat", "validator:v1").get(0).json().get("format").asText()).isEqualTo("json");
    }

    @Test
    void shouldLetTheScriptSeeModelMessagesAndFormat() {
        ollama.model("echo", call -> Reply.json(Map.of(
                "model", call.model(),
                "messages", call.messages().size(),
                "user", call.lastUserMessage(),
                "schema", call.format().isObject())));

        ChatResponse answer = ask(OllamaClientFactory.chatModel(settings("echo"), VERDICT));

        assertThat(answer.aiMessage().text()).contains("\"model\":\"echo:latest\"").contains("\"messages\":2")
                .contains("\"schema\":true").contains("buy point 2s");
    }

    @Test
    void shouldTimeOutWithinTheTimeoutWhenTheAnswerIsSlow() {
        ollama.model("slow", Reply.slow(Duration.ofSeconds(5), Reply.json(APPROVE)));
        OllamaChatModel model = OllamaClientFactory.chatModel(settings("slow"), VERDICT);

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ask(model)).isInstanceOf(TimeoutException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.plus(MARGIN));
        assertThat(ollama.chatCount("slow")).isEqualTo(1); // maxRetries 0
    }

    @Test
    void shouldFailWithInternalServerExceptionOnHttp500() {
        ollama.model("broken", Reply.error(500, "llama runner process has terminated"));

        assertThatThrownBy(() -> ask(OllamaClientFactory.chatModel(settings("broken"), VERDICT)))
                .isInstanceOf(InternalServerException.class)
                .hasMessageContaining("llama runner process has terminated");
        assertThat(ollama.chatCount("broken")).isEqualTo(1);
    }

    @Test
    void shouldRetryOnceAfterA500WhenMaxRetriesIsOne() {
        AtomicInteger calls = new AtomicInteger();
        ollama.model("flaky", call -> calls.incrementAndGet() == 1 ? Reply.error(500, "busy") : Reply.json(APPROVE));

        ChatResponse answer = ask(OllamaClientFactory.chatModel(settings("flaky").withMaxRetries(1), VERDICT));

        assertThat(answer.aiMessage().text()).isEqualTo(APPROVE);
        assertThat(ollama.chatCount("flaky")).isEqualTo(2);
    }

    @Test
    void shouldFailWithModelNotFoundForAnUnknownModel() {
        assertThatThrownBy(() -> ask(OllamaClientFactory.chatModel(settings("nope:7b"), VERDICT)))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("model 'nope:7b' not found");
    }

    @Test
    void shouldReturnMalformedAndSchemaViolatingAnswersAsTextForTheCallerToValidate() throws Exception {
        ollama.model("garbage", Reply.malformedJson());
        ollama.model("liar", Reply.schemaViolating());

        String malformed = ask(OllamaClientFactory.chatModel(settings("garbage"), VERDICT)).aiMessage().text();
        String violating = ask(OllamaClientFactory.chatModel(settings("liar"), VERDICT)).aiMessage().text();

        assertThatThrownBy(() -> JSON.readTree(malformed)).isInstanceOf(Exception.class);
        assertThat(JSON.readTree(violating).get("verdict").asText()).isEqualTo("STRONG_BUY");
    }

    @Test
    void shouldFailFastWhenTheConnectionIsDropped() {
        ollama.model("drop", Reply.drop());
        OllamaChatModel model = OllamaClientFactory.chatModel(settings("drop"), VERDICT);

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ask(model)).isInstanceOf(RuntimeException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(MARGIN);
    }

    @Test
    void shouldFailFastWhileTheServerIsDownAndWorkAgainAfterItIsBack() {
        ollama.model("validator:v1", Reply.json(APPROVE));
        OllamaChatModel model = OllamaClientFactory.chatModel(settings("validator:v1"), VERDICT);
        ollama.stop();

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ask(model)).isInstanceOf(RuntimeException.class)
                .hasCauseInstanceOf(ConnectException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(MARGIN);

        ollama.start();
        assertThat(ask(model).aiMessage().text()).isEqualTo(APPROVE);
    }

    @Test
    void shouldStreamTheAnswerTokenByTokenWithTheStreamingModel() throws Exception {
        ollama.model("validator:v1", Reply.json(APPROVE));
        OllamaStreamingChatModel model = OllamaClientFactory.streamingChatModel(settings("validator:v1"), VERDICT);
        List<String> tokens = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        model.chat(List.of(UserMessage.from("SPY 1m 2s")), handler(tokens, done));

        ChatResponse answer = done.get(5, TimeUnit.SECONDS);
        assertThat(answer.aiMessage().text()).isEqualTo(APPROVE);
        assertThat(tokens).hasSizeGreaterThan(5);
        assertThat(String.join("", tokens)).isEqualTo(APPROVE);
        JsonNode body = ollama.requests("/api/chat", "validator:v1").get(0).json();
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("format").isObject()).isTrue();
    }

    @Test
    void shouldReportA500AndACutStreamToTheStreamingHandler() {
        ollama.model("broken", Reply.error(500, "out of memory"));
        ollama.model("drop", Reply.drop());

        for (String name : List.of("broken", "drop")) {
            OllamaStreamingChatModel model = OllamaClientFactory.streamingChatModel(settings(name), VERDICT);
            CompletableFuture<ChatResponse> done = new CompletableFuture<>();
            model.chat(List.of(UserMessage.from("SPY 1m 2s")), handler(new CopyOnWriteArrayList<>(), done));
            assertThatThrownBy(() -> done.get(5, TimeUnit.SECONDS)).as(name).hasCauseInstanceOf(RuntimeException.class);
        }
    }

    static StreamingChatResponseHandler handler(List<String> tokens, CompletableFuture<ChatResponse> done) {
        return new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                tokens.add(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        };
    }
}
