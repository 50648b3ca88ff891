package io.chanflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process handling behind {@link RedisServer} and {@link ChromaServer}, with plain shell processes. */
class LocalProcessTest {

    @TempDir
    Path tmp;

    LocalProcess shell(String script, Duration grace) {
        return new LocalProcess("sh", List.of("/bin/sh", "-c", script), tmp, tmp.resolve("logs/sh.log"), grace);
    }

    @Test
    void shouldFailWithTheExitCodeAndTheLogTailWhenTheProcessDiesBeforeItIsReady() {
        LocalProcess p = shell("echo 'Address already in use'; exit 3", Duration.ofSeconds(1));

        assertThatThrownBy(() -> p.start(() -> false, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with 3 before it was ready")
                .hasMessageContaining("Address already in use");
        assertThat(p.isRunning()).isFalse();
    }

    @Test
    void shouldKillTheProcessWhenItIsNotReadyInTime() {
        LocalProcess p = shell("exec sleep 30", Duration.ofSeconds(1));

        assertThatThrownBy(() -> p.start(() -> false, Duration.ofMillis(300)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not ready after 300 ms");
        assertThat(p.isRunning()).isFalse();
    }

    @Test
    void shouldStopByPidWithSigtermAndStartAgainWithTheSameCommand() throws Exception {
        Path ready = tmp.resolve("ready");
        LocalProcess p = shell("touch " + ready + "; exec sleep 30", Duration.ofSeconds(5));

        p.start(() -> Files.exists(ready), Duration.ofSeconds(10));
        long first = p.pid();
        p.stop();
        assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        Files.delete(ready);
        p.start(() -> Files.exists(ready), Duration.ofSeconds(10));
        assertThat(p.pid()).isNotEqualTo(first);
        p.stop();
        assertThat(p.isRunning()).isFalse();
    }

    @Test
    void shouldKillAProcessThatIgnoresSigtermAfterTheGracePeriod() {
        Path ready = tmp.resolve("ready");
        LocalProcess p = shell("trap '' TERM; touch " + ready + "; while true; do sleep 0.1; done",
                Duration.ofMillis(300));
        p.start(() -> Files.exists(ready), Duration.ofSeconds(10));
        long pid = p.pid();

        long t0 = System.nanoTime();
        p.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void shouldFailLoudlyWhenTheRedisBinaryIsMissing() {
        String old = System.setProperty("chanflow.redis-server", tmp.resolve("no-redis-server").toString());
        try {
            assertThatThrownBy(() -> RedisServer.launch(tmp.resolve("redis")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not an executable file")
                    .hasMessageContaining("apt-get install -y redis-server");
        } finally {
            if (old == null) {
                System.clearProperty("chanflow.redis-server");
            } else {
                System.setProperty("chanflow.redis-server", old);
            }
        }
    }
}
