package io.chanflow.operators.validate;

import io.chanflow.operators.llm.SessionStats;
import io.chanflow.operators.llm.TradeResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptBuilderTest {
    private static final PromptTemplates V1 = PromptTemplates.load("v1", null);

    private static ValidationRequest request() {
        return ValidationRequest.of(Fixtures.confirmed("SPY", 4), new ActiveModel("qwen2.5:7b", "1", "v1"));
    }

    private static SessionStats stats() {
        return new SessionStats("SPY", LocalDate.of(2024, 1, 2), "range", 3, 2, 1, 0.75, Map.of("2",
                new SessionStats.TypeStats("2", 2, 1, 1, 0.25, List.of(TradeResult.WIN, TradeResult.LOSS))));
    }

    @Test
    void shouldFillTheV1TemplateExactlyLikeTheGoldenText() throws IOException {
        String text = PromptBuilder.user(V1, request(), List.of(
                Fixtures.trade("a", "SPY", Fixtures.T0 - 10 * Fixtures.MINUTE, TradeResult.WIN, 0.8),
                Fixtures.trade("b", "SPY", Fixtures.T0 - 20 * Fixtures.MINUTE, TradeResult.LOSS, -0.31)), stats());
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/prompt-v1-user.txt")) {
            if (in == null) { // first run: write what we got for review
                java.nio.file.Files.writeString(java.nio.file.Path.of("target/prompt-v1-user.txt"), text);
                throw new AssertionError("no golden text; wrote target/prompt-v1-user.txt for review");
            }
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(text).isEqualTo(golden);
        assertThat(PromptBuilder.user(V1, request(), List.of(
                Fixtures.trade("a", "SPY", Fixtures.T0 - 10 * Fixtures.MINUTE, TradeResult.WIN, 0.8),
                Fixtures.trade("b", "SPY", Fixtures.T0 - 20 * Fixtures.MINUTE, TradeResult.LOSS, -0.31)), stats()))
                .as("deterministic").isEqualTo(text);
    }

    @Test
    void shouldSayUnavailableWhenTheMemoryOrTheStatsAreDown() {
        String text = PromptBuilder.user(V1, request(), null, null);
        assertThat(text).contains("unavailable (trade memory not reachable)")
                .contains("unavailable (session statistics not reachable)").doesNotContain("{{");
    }

    @Test
    void shouldNameTheMissingFileOfAnUnknownPromptVersion() {
        assertThatThrownBy(() -> PromptTemplates.load("v99", null))
                .hasMessageContaining("prompts/validate-v99.system.txt");
        assertThatThrownBy(() -> PromptTemplates.load("../x", null)).hasMessageContaining("prompt version");
    }
}
