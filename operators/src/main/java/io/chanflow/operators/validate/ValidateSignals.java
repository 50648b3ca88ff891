package io.chanflow.operators.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.chanflow.operators.llm.ClosedTrade;
import io.chanflow.operators.llm.OllamaClientFactory;
import io.chanflow.operators.llm.SessionStats;
import io.chanflow.operators.llm.SessionStatsStore;
import io.chanflow.state.plan.RiskGate;
import io.chanflow.state.plan.Verdict;
import io.chanflow.state.signals.SignalStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The LLM validator, a Flink async function (use with {@code AsyncDataStream.unorderedWait}, the timeout of
 * {@link ValidatorSettings#asyncTimeoutMs()} and capacity {@link ValidatorSettings#capacity()}).
 *
 * <p>Only CONFIRMED revisions are validated; PROVISIONAL and INVALIDATED ones complete at once with status
 * NOT_VALIDATED and the rule-only plan (there is nothing to trade on yet, or any more).
 *
 * <p><b>Live.</b> On a worker thread (a pool of {@code capacity} threads, created in {@code open}): the similar past
 * trades as of the signal's cause bar ({@link TradeRecall}, as-of = {@code causeTime}, so a trade closing at or after
 * it cannot appear) → the session statistics ({@link SessionStatsStore}) → the prompt ({@link PromptBuilder}) → the
 * model named on the request (one langchain4j model per model name and prompt version, created lazily) →
 * {@link AnswerParser} → {@link RiskGate}. Every call has a timeout and a fallback: trade memory failing → no similar
 * trades ({@code ragUnavailable}); Redis failing → no statistics ({@code statsUnavailable}); the LLM timing out
 * (TIMEOUT), failing (ERROR), answering garbage (INVALID) or being skipped by the open {@link CircuitBreaker}
 * (BREAKER_OPEN) → verdict UNVALIDATED with the rule-only plan. {@link #timeout} does the same (TIMEOUT): it never
 * fails the job. Transient LLM errors are retried by the client ({@code llmRetries}). Every outcome carries its
 * ledger line.
 *
 * <p><b>Replay.</b> The ledger file is loaded in {@code open}; each request is answered from it at once (status
 * REPLAYED, the recorded answer parsed again), or LEDGER_MISS with the rule-only plan. Nothing external is called.
 */
public final class ValidateSignals extends RichAsyncFunction<ValidationRequest, ValidatedSignal> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ValidateSignals.class);
    private final ValidatorSettings settings;
    private transient ExecutorService pool;
    private transient TradeRecall recall;
    private transient SessionStatsStore stats;
    private transient Map<String, ChatModel> models;
    private transient Map<String, PromptTemplates> prompts;
    private transient CircuitBreaker breaker;
    private transient Map<String, JsonNode> ledger;
    private transient ZoneId zone;

    public ValidateSignals(ValidatorSettings settings) {
        if (settings.mode() == LlmMode.OFF) {
            throw new IllegalArgumentException("the validator does not run with --llm off");
        }
        this.settings = settings;
    }

    @Override
    public void open(OpenContext ctx) {
        zone = ZoneId.of(settings.sessionZone());
        if (settings.mode() == LlmMode.REPLAY) {
            ledger = Ledger.load(Path.of(settings.ledgerFile()));
            return;
        }
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(settings.capacity(), r -> {
            Thread t = new Thread(r, "llm-validator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        recall = settings.tradeRecall();
        stats = settings.redis() == null ? null : SessionStatsStore.open(settings.redis());
        models = new ConcurrentHashMap<>();
        prompts = new ConcurrentHashMap<>();
        breaker = new CircuitBreaker(settings.breakerThreshold(), settings.breakerCoolDownMs() * 1_000_000L,
                System::nanoTime);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (recall != null) {
            recall.close();
        }
        if (stats != null) {
            stats.close();
        }
    }

    @Override
    public void asyncInvoke(ValidationRequest r, ResultFuture<ValidatedSignal> out) {
        if (r.signal().status() != SignalStatus.CONFIRMED) {
            out.complete(List.of(result(r, null, ValidationStatus.NOT_VALIDATED, "", 0, false, false, false, null)));
        } else if (settings.mode() == LlmMode.REPLAY) {
            out.complete(List.of(replay(r)));
        } else {
            CompletableFuture.supplyAsync(() -> validate(r), pool).whenComplete((v, e) -> {
                try {
                    out.complete(List.of(e == null ? v
                            : result(r, null, ValidationStatus.ERROR, describe(e), 0, false, false, false, null)));
                } catch (Throwable bug) {
                    LOG.error("completing the validation of {} failed", r, bug);
                    out.completeExceptionally(bug);
                }
            });
        }
    }

    @Override
    public void timeout(ValidationRequest r, ResultFuture<ValidatedSignal> out) {
        if (breaker != null) {
            breaker.failure();
        }
        String detail = "no answer within " + settings.asyncTimeoutMs() + " ms";
        out.complete(List.of(result(r, null, ValidationStatus.TIMEOUT, detail, 0, false, false, false,
                Ledger.entry(r, ValidationStatus.TIMEOUT, detail, null, null, false, null, false))));
    }

    private ValidatedSignal validate(ValidationRequest r) {
        List<ClosedTrade> similar = null;
        boolean ragUnavailable = false;
        float[] q = FeatureVectors.normalize(r.features());
        if (recall != null && q != null) {
            try {
                similar = recall.similar(q, settings.ragK(), r.signal().causeTime());
            } catch (RuntimeException e) {
                ragUnavailable = true;
            }
        }
        SessionStats st = null;
        boolean statsUnavailable = false;
        if (stats != null) {
            try {
                st = stats.read(r.signal().symbol(), sessionDay(r.signal().causeTime()), List.of(r.signal().type()));
            } catch (RuntimeException e) {
                statsUnavailable = true;
            }
        }
        String statsText = st == null ? null : PromptBuilder.stats(st);
        int ragCount = similar == null ? 0 : similar.size();
        ValidationStatus status;
        String detail = "";
        String answer = null;
        LlmAnswer parsed = null;
        PromptTemplates t;
        ChatModel m;
        try {
            t = prompts.computeIfAbsent(r.promptVersion(), v -> PromptTemplates.load(v,
                    settings.promptDir() == null ? null : Path.of(settings.promptDir())));
            m = models.computeIfAbsent(r.model() + '\u0000' + r.promptVersion(), k ->
                    OllamaClientFactory.chatModel(settings.ollama(r.model()),
                            AnswerSchemas.fromJson("answer_" + t.version().replace('.', '_'), t.answerSchema())));
        } catch (RuntimeException e) { // e.g. a model-control message named a prompt version that does not exist
            status = ValidationStatus.ERROR;
            detail = "no prompt: " + describe(e);
            String entry = Ledger.entry(r, status, detail, null, similar, ragUnavailable, statsText, statsUnavailable);
            return result(r, null, status, detail, ragCount, ragUnavailable, st != null, statsUnavailable, entry);
        }
        if (!breaker.allow()) {
            status = ValidationStatus.BREAKER_OPEN;
            detail = "circuit breaker open";
        } else {
            try {
                String user = PromptBuilder.user(t, r, similar, st);
                answer = m.chat(ChatRequest.builder()
                        .messages(List.of(SystemMessage.from(t.system()), UserMessage.from(user))).build())
                        .aiMessage().text();
                breaker.success();
                AnswerParser.Result a = AnswerParser.parse(answer);
                parsed = a.answer();
                status = a.valid() ? ValidationStatus.OK : ValidationStatus.INVALID;
                detail = a.problem();
            } catch (RuntimeException e) {
                breaker.failure();
                status = isTimeout(e) ? ValidationStatus.TIMEOUT : ValidationStatus.ERROR;
                detail = describe(e);
            }
        }
        String entry = Ledger.entry(r, status, detail, answer, similar, ragUnavailable, statsText, statsUnavailable);
        return result(r, parsed, status, detail, ragCount, ragUnavailable, st != null, statsUnavailable, entry);
    }

    private ValidatedSignal replay(ValidationRequest r) {
        JsonNode e = ledger.get(Ledger.key(r));
        if (e == null) {
            return result(r, null, ValidationStatus.LEDGER_MISS, "no ledger record for model version "
                    + r.modelVersion() + ", prompt " + r.promptVersion(), 0, false, false, false, null);
        }
        JsonNode answer = e.get("answer");
        LlmAnswer parsed = answer == null || answer.isNull() ? null : AnswerParser.parse(answer.asText()).answer();
        JsonNode rag = e.get("rag");
        String recorded = e.path("status").asText();
        String detail = e.path("detail").asText();
        return result(r, parsed, ValidationStatus.REPLAYED, "recorded " + recorded + (detail.isEmpty() ? "" : ": "
                        + detail), rag == null || rag.isNull() ? 0 : rag.size(), e.path("rag_unavailable").asBoolean(),
                e.hasNonNull("stats"), e.path("stats_unavailable").asBoolean(), null);
    }

    private LocalDate sessionDay(long t) {
        return Instant.ofEpochMilli(t).atZone(zone).toLocalDate();
    }

    static ValidatedSignal result(ValidationRequest r, LlmAnswer a, ValidationStatus status, String detail,
                                  int ragCount, boolean ragUnavailable, boolean statsUsed, boolean statsUnavailable,
                                  String ledgerEntry) {
        Verdict v = a == null ? Verdict.UNVALIDATED : a.verdict();
        return new ValidatedSignal(r.signal(), v, a == null ? Double.NaN : a.confidence(), a == null ? ""
                : a.summary(), a == null ? List.of() : new ArrayList<>(a.reasons()), r.model(), r.modelVersion(),
                r.promptVersion(), status, ragCount, ragUnavailable, statsUsed, statsUnavailable,
                RiskGate.plan(r.signal(), v), detail, ledgerEntry);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof dev.langchain4j.exception.TimeoutException || t instanceof HttpTimeoutException
                    || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String s = e.getClass().getSimpleName() + ": " + e.getMessage();
        return s.length() > 300 ? s.substring(0, 300) : s;
    }
}
