package io.chanflow.jobs.pipeline;

import org.apache.flink.configuration.Configuration;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Flink configuration of the embedded default: a local MiniCluster with the web UI on
 * 127.0.0.1, RocksDB (or heap) state with incremental checkpoints in a local directory, savepoints
 * beside them. Keys are Flink 2.x names ({@code config.yaml}).
 */
public final class LocalCluster {
    private LocalCluster() {
    }

    /** Options of the embedded cluster. */
    public record Options(Path stateDir, String backend, int parallelism, int uiPort, long checkpointMs,
                          String restorePath) {
        public Options {
            if (!backend.equals("rocksdb") && !backend.equals("hashmap")) {
                throw new IllegalArgumentException("--state-backend must be rocksdb or hashmap, got '" + backend + "'");
            }
            if (parallelism < 1) {
                throw new IllegalArgumentException("--parallelism must be >= 1, got " + parallelism);
            }
            if (checkpointMs < 100) {
                throw new IllegalArgumentException("--checkpoint-interval must be >= 100 ms, got " + checkpointMs);
            }
        }
    }

    public static Configuration configuration(Options o) {
        Path dir = o.stateDir().toAbsolutePath().normalize();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("state.backend.type", o.backend());
        m.put("execution.checkpointing.interval", o.checkpointMs() + "ms");
        m.put("execution.checkpointing.mode", "EXACTLY_ONCE");
        m.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        m.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        m.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        m.put("execution.checkpointing.incremental", "true");
        if (o.restorePath() != null) {
            m.put("execution.state-recovery.path", o.restorePath());
        }
        m.put("rest.address", "127.0.0.1");
        m.put("rest.bind-address", "127.0.0.1");
        m.put("rest.port", String.valueOf(o.uiPort()));
        m.put("jobmanager.bind-host", "127.0.0.1");
        m.put("taskmanager.bind-host", "127.0.0.1");
        m.put("taskmanager.host", "127.0.0.1");
        m.put("taskmanager.numberOfTaskSlots", String.valueOf(o.parallelism()));
        m.put("parallelism.default", String.valueOf(o.parallelism()));
        m.put("io.tmp.dirs", dir.resolve("tmp").toString());
        m.put("web.tmpdir", dir.resolve("tmp").toString());
        m.put("web.upload.dir", dir.resolve("upload").toString());
        m.put("pipeline.generic-types", "false");
        m.put("pipeline.auto-watermark-interval", "50ms");
        m.put("restart-strategy.type", "fixed-delay");
        m.put("restart-strategy.fixed-delay.attempts", "3");
        m.put("restart-strategy.fixed-delay.delay", "1s");
        return Configuration.fromMap(m);
    }
}
