package io.chanflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins the Flink 2.2 key names FlinkTestConfig writes (2.x silently ignores the old 1.x names). */
class FlinkTestConfigTest {

    @TempDir
    Path tmp;

    @Test
    void writesFlink2Keys() {
        Map<String, String> m = FlinkTestConfig.create(tmp, 2, FlinkTestConfig.Backend.ROCKSDB).toMap();
        assertThat(m)
                .containsEntry("parallelism.default", "2")
                .containsEntry("taskmanager.numberOfTaskSlots", "2")
                .containsEntry("pipeline.max-parallelism", "128")
                .containsEntry("pipeline.generic-types", "false")
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.interval", "500 ms")
                .containsEntry("execution.checkpointing.mode", "EXACTLY_ONCE")
                .containsEntry("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION")
                .containsEntry("execution.checkpointing.incremental", "true")
                .containsEntry("execution.checkpointing.checkpoints-after-tasks-finish", "true")
                .containsEntry("restart-strategy.type", "fixed-delay")
                .containsEntry("restart-strategy.fixed-delay.attempts", "3")
                .containsEntry("restart-strategy.fixed-delay.delay", "200 ms")
                .containsEntry("rest.port", "0")
                .containsEntry("rest.address", "127.0.0.1")
                .containsEntry("rest.bind-address", "127.0.0.1")
                .containsEntry("jobmanager.bind-host", "127.0.0.1")
                .containsEntry("taskmanager.bind-host", "127.0.0.1")
                .containsEntry("taskmanager.host", "127.0.0.1")
                .containsEntry("io.tmp.dirs", tmp.resolve("io").toString())
                .containsEntry("web.tmpdir", tmp.resolve("web").toString())
                .containsEntry("web.upload.dir", tmp.resolve("upload").toString());
        assertThat(m.get("execution.checkpointing.dir")).isEqualTo(tmp.resolve("checkpoints").toUri().toString());
        assertThat(m.get("execution.checkpointing.savepoint-dir")).isEqualTo(tmp.resolve("savepoints").toUri().toString());
        assertThat(m.keySet()).noneMatch(k -> k.startsWith("state.checkpoints") || k.equals("state.backend"));
    }

    @Test
    void hashmapHasNoIncrementalCheckpoints() {
        Map<String, String> m = FlinkTestConfig.create(tmp, 1, FlinkTestConfig.Backend.HASHMAP).toMap();
        assertThat(m).containsEntry("state.backend.type", "hashmap").containsEntry("execution.checkpointing.incremental", "false");
    }

    @Test
    void checkpointsAfterTasksFinishIsTheDefault() {
        // bounded EXACTLY_ONCE jobs rely on it to commit their last transaction
        assertThat(new Configuration().get(CheckpointingOptions.ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH)).isTrue();
    }
}
