package io.chanflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * Flink 2.2 {@link Configuration} for a MiniCluster test ({@code StreamExecutionEnvironment.getExecutionEnvironment(conf)}
 * outside a cluster gives a local environment that starts a MiniCluster per {@code execute}).
 *
 * <p>Uses the typed {@code ConfigOption} constants, so a renamed key fails to compile instead of being silently ignored
 * (Flink 2.x no longer reads e.g. {@code state.backend}, {@code state.checkpoints.dir}, {@code restart-strategy}). The
 * resulting keys (see {@code FlinkTestConfigTest}):
 *
 * <pre>
 * parallelism.default                                        = parallelism
 * taskmanager.numberOfTaskSlots                              = parallelism
 * pipeline.max-parallelism                                   = 128 ({@link #MAX_PARALLELISM})
 * pipeline.generic-types                                     = false   (a Kryo fallback fails the job)
 * state.backend.type                                         = rocksdb | hashmap
 * execution.checkpointing.interval                           = 500 ms
 * execution.checkpointing.mode                               = EXACTLY_ONCE
 * execution.checkpointing.dir                                = file:///tmp/checkpoints
 * execution.checkpointing.savepoint-dir                      = file:///tmp/savepoints
 * execution.checkpointing.externalized-checkpoint-retention  = RETAIN_ON_CANCELLATION
 * execution.checkpointing.incremental                        = true for rocksdb
 * execution.checkpointing.checkpoints-after-tasks-finish     = true (the 2.x default, set explicitly: bounded jobs
 *                                                              need the final checkpoint to commit the last Kafka txn)
 * restart-strategy.type                                      = fixed-delay
 * restart-strategy.fixed-delay.attempts                      = 3
 * restart-strategy.fixed-delay.delay                         = 200 ms
 * rest.port = 0, rest.address = rest.bind-address = 127.0.0.1
 * jobmanager.bind-host = taskmanager.bind-host = taskmanager.host = 127.0.0.1
 * io.tmp.dirs = tmp/io, web.tmpdir = tmp/web, web.upload.dir = tmp/upload
 * </pre>
 *
 * Callers may override anything on the returned object.
 */
public final class FlinkTestConfig {

    /** Max parallelism (key groups) set in the config; jobs should also set it on the environment / operators. */
    public static final int MAX_PARALLELISM = 128;

    public static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);
    public static final int RESTART_ATTEMPTS = 3;
    public static final Duration RESTART_DELAY = Duration.ofMillis(200);

    /** The state backends the tests use ({@code state.backend.type}). */
    public enum Backend {
        /** {@code EmbeddedRocksDBStateBackend}, incremental checkpoints. */
        ROCKSDB("rocksdb"),
        /** {@code HashMapStateBackend}: on-heap, ~10x faster, enough for ~1,000 keys. */
        HASHMAP("hashmap");

        private final String key;

        Backend(String key) {
            this.key = key;
        }

        public String configValue() {
            return key;
        }
    }

    private FlinkTestConfig() {}

    /**
     * A configuration for a MiniCluster at {@code parallelism} with the given state backend; checkpoints, savepoints and all
     * scratch directories go under {@code tmpDir} (created if missing).
     */
    public static Configuration create(Path tmpDir, int parallelism, Backend backend) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism " + parallelism);
        }
        Path root = tmpDir.toAbsolutePath();
        Configuration c = new Configuration();

        c.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        c.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        c.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
        c.set(PipelineOptions.GENERIC_TYPES, false);

        c.set(StateBackendOptions.STATE_BACKEND, backend.configValue());
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINT_INTERVAL);
        c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir(root, "checkpoints").toUri().toString());
        c.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, dir(root, "savepoints").toUri().toString());
        c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, backend == Backend.ROCKSDB);
        c.set(CheckpointingOptions.ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH, true);

        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, RESTART_DELAY);

        c.set(RestOptions.PORT, 0);
        c.set(RestOptions.ADDRESS, "127.0.0.1");
        c.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        c.set(JobManagerOptions.BIND_HOST, "127.0.0.1"); // else the BlobServer binds 0.0.0.0
        c.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        c.set(TaskManagerOptions.HOST, "127.0.0.1");

        c.set(CoreOptions.TMP_DIRS, dir(root, "io").toString());
        c.set(WebOptions.TMP_DIR, dir(root, "web").toString());
        c.set(WebOptions.UPLOAD_DIR, dir(root, "upload").toString());
        return c;
    }

    private static Path dir(Path root, String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
