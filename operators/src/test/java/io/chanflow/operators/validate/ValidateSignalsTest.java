package io.chanflow.operators.validate;

import io.chanflow.operators.chan.SignalEvent;
import io.chanflow.operators.llm.ClosedTrade;
import io.chanflow.operators.llm.TradeResult;
import io.chanflow.state.plan.Action;
import io.chanflow.state.plan.RiskGate;
import io.chanflow.state.plan.Verdict;
import io.chanflow.testing.ChromaServer;
import io.chanflow.testing.OllamaTestServer;
import io.chanflow.testing.OllamaTestServer.Reply;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The async validator in Flink's {@code AsyncWaitOperator} harness against the Ollama-protocol test server: every
 * LLM case, the breaker, and replay from the ledger with the server stopped.
 */
class ValidateSignalsTest {
    private static final ActiveModel MODEL = new ActiveModel("judge:1b", "7", "v1");
    static OllamaTestServer ollama;

    @TempDir
    Path tmp;

    /** What the scripted model answers, by the signal index in the prompt's id line. */
    static Reply script(OllamaTestServer.ChatCall call) {
        String user = call.lastUserMessage();
        int i = -1;
        for (int k = 0; k < 10; k++) {
            if (user.contains("revision 1") && user.contains(Signal(k))) {
                i = k;
            }
        }
        return switch (i) {
            case 0 -> Reply.json(Fixtures.answer("APPROVE", 0.9));
            case 1 -> Reply.json(Fixtures.answer("DOWNGRADE", 0.6));
            case 2 -> Reply.json(Fixtures.answer("VETO", 0.8));
            case 3 -> Reply.malformedJson();
            case 4 -> Reply.schemaViolating();
            case 5 -> Reply.error(500, "model crashed");
            case 6 -> Reply.slow(Duration.ofMillis(1_500), Reply.json(Fixtures.answer("APPROVE", 0.9)));
            case 7 -> Reply.drop();
            default -> Reply.json(Fixtures.answer("APPROVE", 0.5));
        };
    }

    private static String Signal(int k) {
        return "price: " + String.format(java.util.Locale.ROOT, "%.4f", 100 + k * 0.25) + "\n";
    }

    @BeforeAll
    static void start() {
        ollama = OllamaTestServer.launch();
        ollama.model(MODEL.model(), ValidateSignalsTest::script);
    }

    @AfterAll
    static void stop() {
        ollama.close();
    }

    private static OneInputStreamOperatorTestHarness<ValidationRequest, ValidatedSignal> harness(ValidatorSettings s)
            throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new AsyncWaitOperatorFactory<>(new ValidateSignals(s),
                s.asyncTimeoutMs(), s.capacity(), AsyncDataStream.OutputMode.UNORDERED),
                ValidationRequest.TYPE.createSerializer(new SerializerConfigImpl()));
        h.open();
        return h;
    }

    private static List<ValidatedSignal> run(ValidatorSettings s, List<SignalEvent> in) throws Exception {
        try (var h = harness(s)) {
            long ts = 0;
            for (SignalEvent e : in) {
                h.processElement(ValidationRequest.of(e, MODEL), ts++);
            }
            h.endInput();
            List<ValidatedSignal> out = new ArrayList<>(h.extractOutputValues());
            out.sort(Comparator.comparingLong((ValidatedSignal v) -> v.signal().causeTime()));
            return out;
        }
    }

    private static ValidatorSettings settings() {
        return ValidatorSettings.live(ollama.baseUrl(), MODEL.model()).withInitial(MODEL).withLlm(500, 0)
                .withBreaker(100, 60_000);
    }

    @Test
    void shouldKeepRetrievingFromTheWarmIndexWhenChromaGoesDown() throws Exception {
        try (ChromaServer chroma = ChromaServer.launch(tmp.resolve("chroma"))) {
            ValidatorSettings cached = settings().withChroma(chroma.baseUrl()).withStoreTimeouts(300, 2_000);
            try (TradeRecall writer = cached.withRagCache(0, 2_000).tradeRecall()) { // straight into Chroma
                for (int j = 0; j < 10; j++) {
                    writer.remember(new ClosedTrade("past-" + j, "SPY", "1m", List.of("2"), 0.5, TradeResult.WIN,
                            Fixtures.T0 - (j + 1) * Fixtures.MINUTE, LocalDate.of(2024, 1, 2), "range"),
                            FeatureVectors.normalize(Fixtures.features(j % 7)));
                }
            }
            List<SignalEvent> in = List.of(Fixtures.confirmed("SPY", 0), Fixtures.confirmed("SPY", 1));
            List<ValidatedSignal> up = run(cached, in);
            assertThat(up).allSatisfy(v -> {
                assertThat(v.ragCount()).isEqualTo(3);
                assertThat(v.ragUnavailable()).isFalse();
            });
            try (var h = harness(cached)) { // opened (and warmed up) while Chroma is up
                chroma.stop();
                long ts = 0;
                for (SignalEvent e : in) {
                    h.processElement(ValidationRequest.of(e, MODEL), ts++);
                }
                h.endInput();
                assertThat(h.extractOutputValues()).hasSize(2).allSatisfy(v -> {
                    assertThat(v.ragCount()).as("answered from memory").isEqualTo(3);
                    assertThat(v.ragUnavailable()).isFalse();
                });
            }
            // without the index, or with one that never loaded: labelled, and the signals still pass
            for (ValidatorSettings s : List.of(cached.withRagCache(0, 2_000), cached)) {
                assertThat(run(s, in)).hasSize(2).allSatisfy(v -> {
                    assertThat(v.ragUnavailable()).isTrue();
                    assertThat(v.ragCount()).isZero();
                    assertThat(v.status()).isEqualTo(ValidationStatus.OK);
                });
            }
        }
    }

    @Test
    void shouldLabelEveryLlmCaseAndNeverLoseASignal() throws Exception {
        List<SignalEvent> in = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            in.add(Fixtures.confirmed("SPY", i));
        }
        in.add(Fixtures.provisional("SPY", 20));
        List<ValidatedSignal> out = run(settings(), in);

        assertThat(out).hasSize(in.size());
        Map<Integer, ValidatedSignal> byIndex = out.stream().collect(Collectors.toMap(
                v -> (int) ((v.signal().causeTime() - Fixtures.T0) / Fixtures.MINUTE), Function.identity()));
        assertThat(byIndex.get(0)).extracting(ValidatedSignal::status, ValidatedSignal::verdict)
                .containsExactly(ValidationStatus.OK, Verdict.APPROVE);
        assertThat(byIndex.get(1)).extracting(ValidatedSignal::status, ValidatedSignal::verdict)
                .containsExactly(ValidationStatus.OK, Verdict.DOWNGRADE);
        assertThat(byIndex.get(2)).extracting(ValidatedSignal::status, ValidatedSignal::verdict)
                .containsExactly(ValidationStatus.OK, Verdict.VETO);
        assertThat(byIndex.get(2).plan().action()).isEqualTo(Action.HOLD);
        assertThat(byIndex.get(3).status()).isEqualTo(ValidationStatus.INVALID);
        assertThat(byIndex.get(4).status()).isEqualTo(ValidationStatus.INVALID);
        assertThat(byIndex.get(5).status()).isEqualTo(ValidationStatus.ERROR);
        assertThat(byIndex.get(6).status()).isEqualTo(ValidationStatus.TIMEOUT);
        assertThat(byIndex.get(7).status()).isEqualTo(ValidationStatus.ERROR);
        assertThat(byIndex.get(20).status()).isEqualTo(ValidationStatus.NOT_VALIDATED);
        for (ValidatedSignal v : out) {
            assertThat(v.model()).isEqualTo("judge:1b");
            assertThat(v.modelVersion()).isEqualTo("7");
            assertThat(v.promptVersion()).isEqualTo("v1");
            if (v.status() != ValidationStatus.OK) {
                assertThat(v.verdict()).isEqualTo(Verdict.UNVALIDATED);
                assertThat(v.plan()).isEqualTo(RiskGate.ruleOnly(v.signal()));
            }
            assertThat(v.plan().noRiskierThan(RiskGate.ruleOnly(v.signal()))).isTrue();
        }
        assertThat(ollama.requests("/api/chat", MODEL.model()).get(0).json().path("format").path("properties")
                .has("verdict")).as("the answer schema is sent as format").isTrue();
    }

    @Test
    void shouldOpenTheBreakerAfterConsecutiveFailuresAndStopCalling() throws Exception {
        ollama.model("broken:1b", Reply.error(500, "down for maintenance"));
        ActiveModel broken = new ActiveModel("broken:1b", "1", "v1");
        ValidatorSettings s = ValidatorSettings.live(ollama.baseUrl(), "broken:1b").withInitial(broken)
                .withLlm(500, 0).withBreaker(2, 60_000);
        s = s.withCapacity(1); // one call after the other
        int before = ollama.chatCount("broken:1b");
        List<ValidatedSignal> out = new ArrayList<>();
        try (var h = new OneInputStreamOperatorTestHarness<>(new AsyncWaitOperatorFactory<>(new ValidateSignals(s),
                s.asyncTimeoutMs(), 1, AsyncDataStream.OutputMode.ORDERED),
                ValidationRequest.TYPE.createSerializer(new SerializerConfigImpl()))) {
            h.open();
            for (int i = 0; i < 5; i++) {
                h.processElement(ValidationRequest.of(Fixtures.confirmed("QQQ", i), broken), i);
            }
            h.endInput();
            out.addAll(h.extractOutputValues());
        }
        assertThat(out).extracting(ValidatedSignal::status).containsExactly(ValidationStatus.ERROR,
                ValidationStatus.ERROR, ValidationStatus.BREAKER_OPEN, ValidationStatus.BREAKER_OPEN,
                ValidationStatus.BREAKER_OPEN);
        assertThat(ollama.chatCount("broken:1b") - before).isEqualTo(2);
    }

    @Test
    void shouldFallBackWithoutTrippingTheBreakerWhenAPromptVersionDoesNotExist() throws Exception {
        ValidatorSettings s = settings().withBreaker(1, 60_000);
        ActiveModel unknown = new ActiveModel(MODEL.model(), "8", "v9");
        List<ValidatedSignal> out = new ArrayList<>();
        try (var h = harness(s)) {
            h.processElement(ValidationRequest.of(Fixtures.confirmed("GLD", 0), unknown), 0);
            h.processElement(ValidationRequest.of(Fixtures.confirmed("GLD", 1), unknown), 1);
            h.processElement(ValidationRequest.of(Fixtures.confirmed("GLD", 0), MODEL), 2);
            h.endInput();
            out.addAll(h.extractOutputValues());
        }
        out.sort(Comparator.comparing(ValidatedSignal::modelVersion).reversed()
                .thenComparingLong(v -> v.signal().causeTime()));
        assertThat(out).extracting(ValidatedSignal::status).containsExactly(ValidationStatus.ERROR,
                ValidationStatus.ERROR, ValidationStatus.OK);
        assertThat(out.get(0).detail()).contains("no prompt").contains("validate-v9");
    }

    @Test
    void shouldEmitTimeoutWithTheRuleOnlyPlanWhenFlinksAsyncTimeoutFires() throws Exception {
        ValidationRequest r = ValidationRequest.of(Fixtures.confirmed("TLT", 3), MODEL);
        List<ValidatedSignal> got = new ArrayList<>();
        new ValidateSignals(settings()).timeout(r, new org.apache.flink.streaming.api.functions.async.ResultFuture<>() {
            @Override
            public void complete(java.util.Collection<ValidatedSignal> result) {
                got.addAll(result);
            }

            @Override
            public void completeExceptionally(Throwable error) {
                throw new AssertionError("timeout must not fail", error);
            }

            @Override
            public void complete(org.apache.flink.streaming.api.functions.async.CollectionSupplier<ValidatedSignal> s) {
                throw new UnsupportedOperationException();
            }
        });
        assertThat(got).hasSize(1);
        assertThat(got.get(0).status()).isEqualTo(ValidationStatus.TIMEOUT);
        assertThat(got.get(0).verdict()).isEqualTo(Verdict.UNVALIDATED);
        assertThat(got.get(0).plan()).isEqualTo(RiskGate.ruleOnly(r.signal()));
        assertThat(got.get(0).ledger()).contains("\"status\":\"TIMEOUT\"");
    }

    @Test
    void shouldReplayFromTheLedgerWithTheServerStoppedAndMarkMisses() throws Exception {
        List<SignalEvent> in = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            in.add(Fixtures.confirmed("IWM", i));
        }
        List<ValidatedSignal> live = run(settings(), in);
        Path ledger = tmp.resolve("llm-ledger.jsonl");
        Files.write(ledger, live.stream().map(ValidatedSignal::ledger).toList());

        in.add(Fixtures.confirmed("IWM", 9)); // not in the ledger
        ollama.stop();
        try {
            int requests = ollama.requestCount();
            List<ValidatedSignal> a = run(settings().replay(ledger.toString()), in);
            List<ValidatedSignal> b = run(settings().replay(ledger.toString()), in);
            assertThat(ollama.requestCount()).isEqualTo(requests);
            assertThat(a.stream().map(PlanJson::of).toList()).isEqualTo(b.stream().map(PlanJson::of).toList());
            for (int i = 0; i < 6; i++) {
                assertThat(a.get(i).status()).isEqualTo(ValidationStatus.REPLAYED);
                assertThat(a.get(i).verdict()).isEqualTo(live.get(i).verdict());
                assertThat(a.get(i).plan()).isEqualTo(live.get(i).plan());
            }
            assertThat(a.get(6).status()).isEqualTo(ValidationStatus.LEDGER_MISS);
            assertThat(a.get(6).plan()).isEqualTo(RiskGate.ruleOnly(a.get(6).signal()));
        } finally {
            ollama.start();
        }
    }
}
