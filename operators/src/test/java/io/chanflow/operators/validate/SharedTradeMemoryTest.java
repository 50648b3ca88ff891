package io.chanflow.operators.validate;

import io.chanflow.operators.llm.ChromaSettings;
import io.chanflow.operators.llm.ClosedTrade;
import io.chanflow.operators.llm.TradeResult;
import io.chanflow.state.outcome.FeatureNormalizer;
import io.chanflow.testing.ChromaServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SharedTradeMemory}: one cache per collection and JVM, shared until its last user closes it. */
class SharedTradeMemoryTest {
    @TempDir
    static Path tmp;
    static ChromaServer chroma;

    @BeforeAll
    static void start() {
        chroma = ChromaServer.launch(tmp.resolve("chroma"));
    }

    @AfterAll
    static void stop() {
        if (chroma != null) {
            chroma.close();
        }
    }

    private static float[] vector(int hot) {
        float[] v = new float[FeatureNormalizer.DIMENSIONS];
        v[hot] = 1;
        v[(hot + 7) % v.length] = 0.25f;
        return v;
    }

    @Test
    void validatorsAndRecordersOfOneJvmShareOneIndex() {
        ChromaSettings s = new ChromaSettings(chroma.baseUrl(), "shared-test", FeatureNormalizer.DIMENSIONS,
                Duration.ofSeconds(2));
        ValidatorSettings v = ValidatorSettings.live("http://127.0.0.1:1", "m").withChroma(chroma.baseUrl())
                .withRagCache(1_000, 60_000);
        ClosedTrade t = new ClosedTrade("SPY/1m/bi/1/B/1#1", "SPY", "1m", List.of("1"), 1.5, TradeResult.WIN,
                1_000_000L, LocalDate.of(2025, 1, 2), "range");
        SharedTradeMemory recorder = SharedTradeMemory.acquire(s, 1_000, Duration.ofMinutes(1));
        SharedTradeMemory validator = SharedTradeMemory.acquire(s, 5, Duration.ofMinutes(1));
        assertThat(validator.memory()).isSameAs(recorder.memory());
        assertThat(validator.memory().capacity()).isEqualTo(1_000); // the first user's settings
        recorder.remember(t, vector(3));
        // visible to the validator without a refresh: the same index
        assertThat(validator.similar(vector(3), 1, 1_000_001L)).containsExactly(t);
        assertThat(validator.similar(vector(3), 1, 1_000_000L)).isEmpty(); // as-of: closed at, not before

        recorder.close();
        recorder.close(); // idempotent: does not release the validator's share
        assertThat(validator.similar(vector(3), 1, Long.MAX_VALUE)).containsExactly(t);
        validator.close();
        SharedTradeMemory reopened = SharedTradeMemory.acquire(s, 1_000, Duration.ofMinutes(1));
        try {
            assertThat(reopened.memory()).isNotSameAs(validator.memory());
            assertThat(reopened.similar(vector(3), 1, Long.MAX_VALUE)).containsExactly(t); // warmed up from Chroma
        } finally {
            reopened.close();
        }
        // the job's settings pick the shared index; 0 goes to Chroma directly
        try (TradeRecall r = v.tradeRecall()) {
            assertThat(r).isInstanceOf(SharedTradeMemory.class);
        }
        try (TradeRecall r = v.withRagCache(0, 2_000).tradeRecall()) {
            assertThat(r).isInstanceOf(ChromaTradeRecall.class);
        }
    }
}
