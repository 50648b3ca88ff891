package io.chanflow.operators.llm;

import java.net.http.HttpClient;
import java.util.Objects;

import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaChatRequestParameters;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;

/**
 * Builds langchain4j 1.18 Ollama chat models from {@link OllamaSettings}, with the answer constrained by a JSON schema
 * (Ollama's {@code format}: the model can only produce JSON text matching it; the caller still validates the answer).
 *
 * <p>Failure behaviour of the returned {@link OllamaChatModel#chat} (synchronous; run it off the Flink task thread):
 * <ul>
 *   <li>no answer within {@code timeout}: {@code dev.langchain4j.exception.TimeoutException} (per attempt);</li>
 *   <li>HTTP 5xx: {@code InternalServerException}; unknown model (404): {@code ModelNotFoundException}, not retried;</li>
 *   <li>server down / connection dropped: a {@code RuntimeException} wrapping the {@code IOException}
 *       ({@code ConnectException}, "header parser received no bytes");</li>
 *   <li>retries: {@code maxRetries} (0 or 1) more attempts for everything but 4xx, after 0.5-0.6 s back-off.</li>
 * </ul>
 * A 200 answer whose content is not valid JSON or breaks the schema is not an exception here: it is returned as text.
 *
 * <p>The HTTP client is the JDK one, passed explicitly: forced to HTTP/1.1 (Ollama speaks it; the JDK default would
 * add an h2c upgrade to every request) and not looked up by {@code ServiceLoader}, which can miss inside Flink's
 * user-code class loader.
 */
public final class OllamaClientFactory {

    private OllamaClientFactory() {}

    /**
     * A blocking chat model. {@code schema} null: Ollama's plain JSON mode ({@code "format":"json"}), any JSON object.
     * The request carries {@code options {temperature, seed, num_predict, num_ctx}}, {@code keep_alive} in seconds
     * and {@code stream:false}.
     */
    public static OllamaChatModel chatModel(OllamaSettings s, JsonSchema schema) {
        Objects.requireNonNull(s, "settings");
        return OllamaChatModel.builder()
                .httpClientBuilder(httpClient())
                .baseUrl(s.baseUrl())
                .modelName(s.modelName())
                .timeout(s.timeout())
                .maxRetries(s.maxRetries())
                .temperature(s.temperature())
                .seed(s.seed())
                .numPredict(s.numPredict())
                .numCtx(s.numCtx())
                .responseFormat(jsonFormat(schema))
                .defaultRequestParameters(keepAlive(s))
                .build();
    }

    /**
     * A streaming chat model ({@code stream:true}, NDJSON): tokens arrive in {@code onPartialResponse}, the whole answer
     * in {@code onCompleteResponse}; HTTP errors and a connection cut mid-stream go to {@code onError} (no retries).
     * The timeout bounds the time to the response headers only: a stream that stalls after them calls nothing, so the
     * caller needs its own deadline (Flink's async timeout).
     */
    public static OllamaStreamingChatModel streamingChatModel(OllamaSettings s, JsonSchema schema) {
        Objects.requireNonNull(s, "settings");
        return OllamaStreamingChatModel.builder()
                .httpClientBuilder(httpClient())
                .baseUrl(s.baseUrl())
                .modelName(s.modelName())
                .timeout(s.timeout())
                .temperature(s.temperature())
                .seed(s.seed())
                .numPredict(s.numPredict())
                .numCtx(s.numCtx())
                .responseFormat(jsonFormat(schema))
                .defaultRequestParameters(keepAlive(s))
                .build();
    }

    /** Ollama's {@code format}: the schema object, or {@code "json"} when {@code schema} is null. */
    public static ResponseFormat jsonFormat(JsonSchema schema) {
        ResponseFormat.Builder b = ResponseFormat.builder().type(ResponseFormatType.JSON);
        if (schema != null) {
            b.jsonSchema(schema);
        }
        return b.build();
    }

    private static OllamaChatRequestParameters keepAlive(OllamaSettings s) {
        return OllamaChatRequestParameters.builder().keepAlive((int) s.keepAlive().toSeconds()).build();
    }

    private static JdkHttpClientBuilder httpClient() {
        // timeouts: OllamaClient sets connect and read timeout from OllamaSettings.timeout on this builder
        return JdkHttpClient.builder().httpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
    }
}
