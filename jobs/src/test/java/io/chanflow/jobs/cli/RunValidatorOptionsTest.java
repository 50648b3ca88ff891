package io.chanflow.jobs.cli;

import io.chanflow.operators.validate.ValidatorSettings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code chanflow run}'s validator options end up in the settings the job is built with. */
class RunValidatorOptionsTest {

    private static ValidatorSettings parse(String... args) {
        return Run.Plan.validator(CliArgs.parse(args, Run.OPTIONS, Run.FLAGS), Path.of("signals.jsonl"));
    }

    @Test
    void shouldCarryEveryValidatorOption() {
        ValidatorSettings v = parse("--llm", "live", "--ollama", "http://10.0.0.5:11434", "--model", "qwen2.5:14b",
                "--chroma", "http://127.0.0.1:8000", "--redis", "127.0.0.1:6379", "--llm-capacity", "4",
                "--breaker-failures", "7", "--breaker-cooldown", "12000", "--rag-k", "8", "--rag-cache", "5000",
                "--rag-refresh", "750", "--redis-timeout", "150", "--chroma-timeout", "900", "--llm-timeout", "20000",
                "--llm-retries", "0");
        assertThat(v.capacity()).isEqualTo(4);
        assertThat(v.breakerThreshold()).isEqualTo(7);
        assertThat(v.breakerCoolDownMs()).isEqualTo(12_000);
        assertThat(v.ragK()).isEqualTo(8);
        assertThat(v.ragCacheTrades()).isEqualTo(5_000);
        assertThat(v.ragRefreshMs()).isEqualTo(750);
        assertThat(v.redisTimeoutMs()).isEqualTo(150);
        assertThat(v.chromaTimeoutMs()).isEqualTo(900);
        assertThat(v.llmTimeoutMs()).isEqualTo(20_000);
        assertThat(v.llmRetries()).isZero();
        assertThat(v.initial().model()).isEqualTo("qwen2.5:14b");
        assertThat(v.chroma().baseUrl()).isEqualTo("http://127.0.0.1:8000");
    }

    @Test
    void shouldDefaultToTheDocumentedValues() {
        ValidatorSettings v = parse("--llm", "live");
        assertThat(v.capacity()).isEqualTo(16);
        assertThat(v.breakerThreshold()).isEqualTo(5);
        assertThat(v.breakerCoolDownMs()).isEqualTo(30_000);
        assertThat(v.ragK()).isEqualTo(3);
        assertThat(v.ragCacheTrades()).isEqualTo(100_000);
        assertThat(v.ragRefreshMs()).isEqualTo(2_000);
        assertThat(v.llmRetries()).isEqualTo(1);
        assertThat(parse("--llm", "off")).isNull();
    }

    @Test
    void shouldResolveUiPortZeroToAFreePort() throws Exception {
        int port = Run.Plan.uiPort(0);
        assertThat(port).isBetween(1, 65_535);
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(s.getLocalPort()).isEqualTo(port); // it was free
        }
        assertThat(Run.Plan.uiPort(8081)).isEqualTo(8081);
        assertThatThrownBy(() -> Run.Plan.uiPort(70_000)).isInstanceOf(UsageException.class).hasMessageContaining("--ui-port");
    }

    @Test
    void shouldRejectOutOfRangeValuesNamingThem() {
        assertThatThrownBy(() -> parse("--llm", "live", "--rag-k", "50")).isInstanceOf(UsageException.class)
                .hasMessageContaining("ragK must be in 1..20");
        assertThatThrownBy(() -> parse("--llm", "live", "--rag-cache", "-1")).isInstanceOf(UsageException.class)
                .hasMessageContaining("ragCacheTrades must be >= 0");
        assertThatThrownBy(() -> parse("--llm", "live", "--llm-capacity", "0")).isInstanceOf(UsageException.class)
                .hasMessageContaining("capacity must be >= 1");
        assertThatThrownBy(() -> parse("--llm", "live", "--rag-refresh", "abc")).isInstanceOf(UsageException.class)
                .hasMessageContaining("rag-refresh");
    }
}
