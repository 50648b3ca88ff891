package io.chanflow.jobs.pipeline;

import io.chanflow.operators.json.KeyedJson;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends records as JSON lines to one local file: the embedded mode's sink (run it at
 * parallelism 1). At-least-once: after a failover the records since the last checkpoint may be
 * written again; Kafka mode is the exactly-once path. The CLI truncates the file before the job.
 */
public final class JsonLinesSink implements Sink<KeyedJson> {
    private final String path;

    public JsonLinesSink(Path path) {
        this.path = path.toAbsolutePath().toString();
    }

    @Override
    public SinkWriter<KeyedJson> createWriter(WriterInitContext context) throws IOException {
        Path p = Path.of(path);
        if (p.getParent() != null) {
            Files.createDirectories(p.getParent());
        }
        BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return new SinkWriter<>() {
            @Override
            public void write(KeyedJson element, Context ctx) throws IOException {
                w.write(element.json());
                w.write('\n');
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                w.flush();
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }
}
