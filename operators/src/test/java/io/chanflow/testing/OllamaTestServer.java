package io.chanflow.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 that speaks the subset of the Ollama REST protocol ChanFlow uses, with scripted
 * answers, so that the production clients (langchain4j's {@code OllamaChatModel}, {@code OllamaStreamingChatModel},
 * {@code OllamaEmbeddingModel}, {@code OllamaModels}) run unmodified against it.
 *
 * <p>Endpoints (shapes as in Ollama v0.x, see RECIPES.md section 9):
 * <pre>
 * POST /api/chat   {"model","messages","format","options","stream"}  stream:false -> one JSON object;
 *                  stream:true (Ollama's default) -> application/x-ndjson, one line per token, the last "done":true
 * POST /api/embed  {"model","input": "t" | ["a","b"]} -> {"embeddings":[[..]]}, deterministic: see {@link #embed}
 * GET  /api/tags   the registered models          POST /api/show {"model"} -> details, capabilities
 * GET  /api/ps     the models used so far         GET  /          "Ollama is running"
 * </pre>
 * A model must be registered with {@link #model(String, Function)}; any other name gets Ollama's 404
 * {@code {"error":"model 'x' not found"}}. Names without a tag mean {@code :latest}, as in Ollama.
 *
 * <p>Each registered model has a script: a function from the {@link ChatCall} (model, messages, format, stream) to a
 * {@link Reply}: an answer ({@link Reply#json}, {@link Reply#content}), {@link Reply#malformedJson()},
 * {@link Reply#schemaViolating()}, an HTTP error ({@link Reply#error}), a dropped connection ({@link Reply#drop()}) or
 * any of these after a delay ({@link Reply#slow}). Scripts run on the server's worker threads and may be stateful
 * (e.g. fail the first two calls, then answer).
 *
 * <p>Every request is recorded ({@link #requests()}), whatever its path or outcome. {@link #stop()} closes the port
 * (clients get "connection refused", in-flight exchanges are cut); {@link #start()} binds the same port again.
 * {@link #close()} stops it for good.
 */
public final class OllamaTestServer implements AutoCloseable {

    /** The dimension of {@code /api/embed} vectors unless set with {@link #embeddingDimensions(int)}. */
    public static final int DEFAULT_EMBEDDING_DIMENSIONS = 32;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    /** A token of a streamed answer: a run of non-blanks with the blanks after it, so the pieces concatenate back. */
    private static final Pattern TOKEN = Pattern.compile("\\S+\\s*|\\s+");

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK: tens to
        // hundreds of ms per response on loopback. Read once, when the first HttpServer of the JVM is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Map<String, Function<ChatCall, Reply>> models = new ConcurrentHashMap<>();
    private final Set<String> loaded = ConcurrentHashMap.newKeySet();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final int port;
    private volatile int embeddingDimensions = DEFAULT_EMBEDDING_DIMENSIONS;
    private HttpServer server;
    private ExecutorService workers;
    private boolean closed;

    private OllamaTestServer(HttpServer bound) {
        this.port = bound.getAddress().getPort();
    }

    /** Starts a server on 127.0.0.1 on a free port, with no model registered. */
    public static OllamaTestServer launch() {
        HttpServer bound = newServer(0);
        OllamaTestServer s = new OllamaTestServer(bound);
        s.install(bound);
        return s;
    }

    // ---- scripting ----

    /** Registers (or replaces) a model and its script. */
    public OllamaTestServer model(String name, Function<ChatCall, Reply> script) {
        models.put(normalize(name), Objects.requireNonNull(script, "script"));
        return this;
    }

    /** Registers (or replaces) a model that gives the same reply to every call. */
    public OllamaTestServer model(String name, Reply reply) {
        Objects.requireNonNull(reply, "reply");
        return model(name, call -> reply);
    }

    /** Unregisters a model: from now on its name gets a 404. */
    public OllamaTestServer removeModel(String name) {
        models.remove(normalize(name));
        return this;
    }

    /** Sets the dimension of the vectors {@code /api/embed} returns. */
    public OllamaTestServer embeddingDimensions(int dimensions) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be >= 1, got " + dimensions);
        }
        this.embeddingDimensions = dimensions;
        return this;
    }

    // ---- lifecycle ----

    /** {@code http://127.0.0.1:<port>}, the {@code baseUrl} for the Ollama clients. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Whether the port is open. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Closes the listening port and cuts the exchanges in flight (their worker threads are interrupted, so a
     * {@link Reply#slow} answer is never sent). Clients now get "connection refused". Idempotent.
     */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            workers.shutdownNow();
            server = null;
            workers = null;
        }
    }

    /** Binds the same port again after {@link #stop()}; scripts and recorded requests are kept. Idempotent. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (server == null) {
            install(bindRetrying(port));
        }
    }

    @Override
    public synchronized void close() {
        stop();
        closed = true;
    }

    private synchronized void install(HttpServer s) {
        ExecutorService pool = Executors.newCachedThreadPool(daemonThreads("ollama-test-" + port));
        s.setExecutor(pool);
        s.createContext("/", this::handle);
        s.start();
        this.server = s;
        this.workers = pool;
    }

    private static HttpServer newServer(int p) {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + p, e);
        }
    }

    /** The port was just released by {@link #stop()}; on a busy machine the kernel may need a moment. */
    private static HttpServer bindRetrying(int p) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                return newServer(p);
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof BindException) || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(50);
            }
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- recorded requests ----

    /** Every request received so far, in arrival order (including unknown paths and failed ones). */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The recorded requests to {@code path} (e.g. {@code /api/chat}) for {@code model} (with or without tag). */
    public List<RecordedRequest> requests(String path, String model) {
        String m = normalize(model);
        return requests.stream().filter(r -> r.path().equals(path) && m.equals(normalize(r.model()))).toList();
    }

    /** How many requests arrived so far (any path). */
    public int requestCount() {
        return requestCount.get();
    }

    /** How many {@code /api/chat} requests arrived for {@code model}. */
    public int chatCount(String model) {
        return requests("/api/chat", model).size();
    }

    /** Forgets the recorded requests and resets the count. */
    public void clearRequests() {
        requests.clear();
        requestCount.set(0);
    }

    // ---- the protocol ----

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readAllBytes();
        }
        String body = new String(raw, StandardCharsets.UTF_8);
        JsonNode json = parse(body);
        String model = modelOf(json);
        requestCount.incrementAndGet();
        requests.add(new RecordedRequest(method, path, model, body, json, Instant.now()));
        try {
            route(ex, method, path, body, json, model);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop() while a slow reply waited
            ex.close();
        } catch (IOException | RuntimeException e) {
            ex.close(); // the client went away, or a script threw: the client sees a dropped connection
        }
    }

    /** The {@code model} field, or the older {@code name} that Ollama still accepts (langchain4j's /api/show sends it). */
    private static String modelOf(JsonNode json) {
        if (json == null || !json.isObject()) {
            return null;
        }
        JsonNode m = json.hasNonNull("model") ? json.get("model") : json.get("name");
        return m == null || m.isNull() ? null : m.asText();
    }

    private void route(HttpExchange ex, String method, String path, String body, JsonNode json, String model)
            throws IOException, InterruptedException {
        switch (path) {
            case "/", "/api/version" -> {
                if (path.equals("/")) {
                    send(ex, 200, "text/plain; charset=utf-8", "Ollama is running");
                } else {
                    sendJson(ex, 200, JSON.createObjectNode().put("version", "0.0.0-chanflow-test"));
                }
            }
            case "/api/tags" -> {
                if (requireMethod(ex, method, "GET")) {
                    ArrayNode list = JSON.createArrayNode();
                    models.keySet().stream().sorted().forEach(m -> list.add(modelEntry(m)));
                    ObjectNode out = JSON.createObjectNode();
                    out.set("models", list);
                    sendJson(ex, 200, out);
                }
            }
            case "/api/ps" -> {
                if (requireMethod(ex, method, "GET")) {
                    ArrayNode list = JSON.createArrayNode();
                    loaded.stream().filter(models::containsKey).sorted().forEach(m -> list.add(
                            modelEntry(m).put("expires_at", Instant.now().plus(Duration.ofMinutes(5)).toString())
                                    .put("size_vram", 0)));
                    ObjectNode out = JSON.createObjectNode();
                    out.set("models", list);
                    sendJson(ex, 200, out);
                }
            }
            case "/api/show" -> {
                if (requireMethod(ex, method, "POST") && requireModel(ex, json, model)) {
                    sendJson(ex, 200, showEntry(normalize(model)));
                }
            }
            case "/api/embed" -> {
                if (requireMethod(ex, method, "POST") && requireModel(ex, json, model)) {
                    embedReply(ex, json, normalize(model));
                }
            }
            case "/api/chat" -> {
                if (requireMethod(ex, method, "POST") && requireModel(ex, json, model)) {
                    String name = normalize(model);
                    ChatCall call = ChatCall.of(name, json);
                    loaded.add(name);
                    Reply reply = models.get(name).apply(call);
                    reply(ex, call, Objects.requireNonNull(reply, "script for " + name + " returned null"));
                }
            }
            default -> send(ex, 404, "text/plain; charset=utf-8", "404 page not found");
        }
    }

    private boolean requireMethod(HttpExchange ex, String method, String expected) throws IOException {
        if (expected.equals(method)) {
            return true;
        }
        send(ex, 405, "text/plain; charset=utf-8", "405 method not allowed");
        return false;
    }

    /** Ollama: 400 for a body that is not JSON or has no model, 404 for an unknown model. */
    private boolean requireModel(HttpExchange ex, JsonNode json, String model) throws IOException {
        if (json == null || !json.isObject()) {
            sendError(ex, 400, "invalid request body");
            return false;
        }
        if (model == null || model.isBlank()) {
            sendError(ex, 400, "model is required");
            return false;
        }
        if (!models.containsKey(normalize(model))) {
            sendError(ex, 404, "model '" + model + "' not found");
            return false;
        }
        return true;
    }

    private void reply(HttpExchange ex, ChatCall call, Reply reply) throws IOException, InterruptedException {
        if (reply instanceof Reply.Delayed d) {
            Thread.sleep(d.delay().toMillis());
            reply(ex, call, d.then());
        } else if (reply instanceof Reply.Fail f) {
            sendError(ex, f.status(), f.error());
        } else if (reply instanceof Reply.Drop) {
            if (call.stream()) {
                streamThenCut(ex, call);
            } else {
                ex.close(); // before any byte of the response: the client reads EOF instead of a status line
            }
        } else if (reply instanceof Reply.Answer a) {
            if (call.stream()) {
                sendStream(ex, call.model(), a.content());
            } else {
                ObjectNode out = chatLine(call.model(), a.content(), true);
                sendJson(ex, 200, out);
            }
        } else {
            throw new IllegalStateException("unknown reply " + reply);
        }
    }

    private void sendStream(HttpExchange ex, String model, String content) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        ex.sendResponseHeaders(200, 0); // chunked
        try (OutputStream out = ex.getResponseBody()) {
            for (String line : streamLines(model, content)) {
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    /**
     * Announces the full stream's length, writes the first half of its lines and closes: the JDK server then drops the
     * connection ("insufficient bytes written"), so the client sees a premature end of the body after some tokens.
     */
    private void streamThenCut(HttpExchange ex, ChatCall call) throws IOException {
        List<String> lines = streamLines(call.model(), "{\"partial\": \"answer that never ends\"}");
        byte[] all = String.join("", lines).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        OutputStream out = ex.getResponseBody();
        ex.sendResponseHeaders(200, all.length);
        for (String line : lines.subList(0, Math.max(1, lines.size() / 2))) {
            out.write(line.getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        // HttpExchange.close (not out.close, which would leave the connection open): the short fixed-length body makes
        // it fail with "insufficient bytes written to stream" and close the connection
        ex.close();
    }

    private List<String> streamLines(String model, String content) {
        List<String> lines = new ArrayList<>();
        Matcher m = TOKEN.matcher(content);
        while (m.find()) {
            lines.add(write(chatLine(model, m.group(), false)) + "\n");
        }
        lines.add(write(chatLine(model, "", true)) + "\n");
        return lines;
    }

    private static ObjectNode chatLine(String model, String content, boolean done) {
        ObjectNode line = JSON.createObjectNode();
        line.put("model", model);
        line.put("created_at", Instant.now().toString());
        ObjectNode message = line.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        line.put("done", done);
        if (done) {
            line.put("done_reason", "stop");
            line.put("total_duration", 1_000_000L);
            line.put("load_duration", 100_000L);
            line.put("prompt_eval_count", 10);
            line.put("prompt_eval_duration", 200_000L);
            line.put("eval_count", Math.max(1, content.length() / 4));
            line.put("eval_duration", 700_000L);
        }
        return line;
    }

    private void embedReply(HttpExchange ex, JsonNode json, String model) throws IOException {
        JsonNode input = json.get("input");
        List<String> texts = new ArrayList<>();
        if (input == null || input.isNull()) {
            sendError(ex, 400, "input is required");
            return;
        } else if (input.isArray()) {
            input.forEach(t -> texts.add(t.asText()));
        } else {
            texts.add(input.asText());
        }
        loaded.add(model);
        ObjectNode out = JSON.createObjectNode();
        out.put("model", model);
        ArrayNode vectors = out.putArray("embeddings");
        for (String t : texts) {
            ArrayNode v = vectors.addArray();
            for (float f : embed(t, embeddingDimensions)) {
                v.add(f);
            }
        }
        out.put("total_duration", 1_000_000L);
        out.put("load_duration", 100_000L);
        out.put("prompt_eval_count", texts.size());
        sendJson(ex, 200, out);
    }

    /**
     * The embedding {@code /api/embed} returns for {@code text}: a hashed bag of words, L2-normalised. Words are runs of
     * letters and digits, lower-cased; each adds +1 or -1 (by a hash bit) to the component its FNV-1a hash selects. So
     * equal texts give equal vectors, texts sharing words are closer than texts that share none, and the result does
     * not depend on the JVM or the run. A text without words gives the zero vector.
     */
    public static float[] embed(String text, int dimensions) {
        float[] v = new float[dimensions];
        Matcher m = WORD.matcher(text.toLowerCase(java.util.Locale.ROOT));
        while (m.find()) {
            long h = fnv1a(m.group());
            int index = (int) Long.remainderUnsigned(h, dimensions);
            v[index] += ((h >>> 63) == 0) ? 1f : -1f;
        }
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    private static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(s);
        while (bytes.hasRemaining()) {
            h ^= bytes.get() & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static ObjectNode modelEntry(String name) {
        ObjectNode m = JSON.createObjectNode();
        m.put("name", name);
        m.put("model", name);
        m.put("modified_at", "2025-01-01T00:00:00Z");
        m.put("size", 397_821_319L);
        m.put("digest", String.format("%064x", fnv1a(name) & Long.MAX_VALUE));
        m.set("details", details());
        return m;
    }

    private static ObjectNode showEntry(String name) {
        ObjectNode m = JSON.createObjectNode();
        m.put("modelfile", "# Modelfile generated by OllamaTestServer\nFROM " + name + "\n");
        m.put("parameters", "temperature 0\nseed 42");
        m.put("template", "{{ .Prompt }}");
        m.set("details", details());
        ObjectNode info = m.putObject("model_info");
        info.put("general.architecture", "qwen2");
        info.put("general.parameter_count", 494_032_768L);
        info.put("qwen2.context_length", 32_768);
        m.putArray("capabilities").add("completion");
        m.put("modified_at", "2025-01-01T00:00:00Z");
        return m;
    }

    private static ObjectNode details() {
        ObjectNode d = JSON.createObjectNode();
        d.put("parent_model", "");
        d.put("format", "gguf");
        d.put("family", "qwen2");
        d.putArray("families").add("qwen2");
        d.put("parameter_size", "494.03M");
        d.put("quantization_level", "Q4_K_M");
        return d;
    }

    private static void sendError(HttpExchange ex, int status, String error) throws IOException {
        sendJson(ex, status, JSON.createObjectNode().put("error", error));
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", write(body));
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ollama's name rule: a name without {@code :tag} means {@code :latest}. */
    static String normalize(String model) {
        if (model == null) {
            return null;
        }
        return model.indexOf(':') >= 0 ? model : model + ":latest";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- types ----

    /** One chat message of a request. */
    public record Message(String role, String content) {}

    /**
     * What a script sees of a {@code /api/chat} request.
     *
     * @param model the model name with its tag ({@code x} arrives as {@code x:latest})
     * @param format absent ({@code null}), the text {@code "json"}, or a JSON schema object
     * @param options the {@code options} object ({@code temperature}, {@code seed}, {@code num_predict}, ...) or null
     * @param request the whole request body
     */
    public record ChatCall(String model, List<Message> messages, JsonNode format, boolean stream, JsonNode options,
                           JsonNode request) {

        static ChatCall of(String model, JsonNode json) {
            List<Message> messages = new ArrayList<>();
            JsonNode ms = json.get("messages");
            if (ms != null && ms.isArray()) {
                ms.forEach(m -> messages.add(new Message(m.path("role").asText(), m.path("content").asText())));
            }
            JsonNode format = json.get("format");
            boolean stream = !json.has("stream") || json.get("stream").asBoolean(true); // Ollama streams by default
            return new ChatCall(model, List.copyOf(messages), format == null || format.isNull() ? null : format, stream,
                    json.get("options"), json);
        }

        /** The content of the last message with role {@code user}, or "" if none. */
        public String lastUserMessage() {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if ("user".equals(messages.get(i).role())) {
                    return messages.get(i).content();
                }
            }
            return "";
        }
    }

    /**
     * One request as received.
     *
     * @param model the {@code model} (or older {@code name}) field of a JSON body, as sent (no tag added), or null
     * @param json the body parsed as JSON, or null if it was empty or not JSON
     */
    public record RecordedRequest(String method, String path, String model, String body, JsonNode json,
                                 Instant receivedAt) {}

    /** What the server does with a {@code /api/chat} call. */
    public sealed interface Reply {

        /** HTTP 200 with {@code content} as the assistant message (streamed token by token if the call streams). */
        record Answer(String content) implements Reply {
            public Answer {
                Objects.requireNonNull(content, "content");
            }
        }

        /** HTTP {@code status} with Ollama's error body {@code {"error": error}}. */
        record Fail(int status, String error) implements Reply {}

        /**
         * The connection is closed: before any response byte for {@code stream:false}; after half of the lines (with a
         * Content-Length that promised more) for {@code stream:true}.
         */
        record Drop() implements Reply {}

        /** {@code then} after sleeping {@code delay} (the client's timeout is what is usually tested). */
        record Delayed(Duration delay, Reply then) implements Reply {
            public Delayed {
                Objects.requireNonNull(delay, "delay");
                Objects.requireNonNull(then, "then");
            }
        }

        static Reply content(String content) {
            return new Answer(content);
        }

        /** An answer whose content is {@code value} written as JSON (a String is taken as JSON text already). */
        static Reply json(Object value) {
            if (value instanceof String s) {
                return new Answer(s);
            }
            try {
                return new Answer(JSON.writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }

        /** A 200 answer whose content is not JSON at all: a truncated object, as a model cut by num_predict gives. */
        static Reply malformedJson() {
            return new Answer("{\"verdict\": \"APPROVE\", \"confidence\": 0.8, \"summary\": \"The trend is");
        }

        /**
         * A 200 answer whose content is valid JSON that breaks any reasonable answer schema: an unknown verdict,
         * a confidence that is a string, reasons that are not a list, no summary.
         */
        static Reply schemaViolating() {
            return new Answer("{\"verdict\": \"STRONG_BUY\", \"confidence\": \"very high\", \"reasons\": 42}");
        }

        static Reply error(int status, String error) {
            return new Fail(status, error);
        }

        static Reply drop() {
            return new Drop();
        }

        static Reply slow(Duration delay, Reply then) {
            return new Delayed(delay, then);
        }
    }
}
