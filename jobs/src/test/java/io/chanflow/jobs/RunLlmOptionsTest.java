package io.chanflow.jobs;

import io.chanflow.jobs.cli.Run;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code chanflow run}'s LLM options are checked before anything starts (exit status 2, message naming the option). */
class RunLlmOptionsTest {

    private static String fail(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new Run().execute(args, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(2);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRejectBadLlmOptionsWithAMessage() {
        assertThat(fail("--llm", "maybe")).contains("--llm must be live, replay or off");
        assertThat(fail("--llm", "replay")).contains("--llm replay needs --ledger FILE");
        assertThat(fail("--llm", "live", "--redis", "localhost")).contains("--redis expects HOST:PORT");
        assertThat(fail("--llm", "live", "--llm-retries", "3")).contains("llmRetries must be 0 or 1");
    }

    @Test
    void shouldListTheLlmOptionsInTheUsage() {
        assertThat(new Run().usage()).contains("--llm live|replay|off").contains("--ollama URL")
                .contains("--ledger FILE").contains("--prompt-version");
    }
}
