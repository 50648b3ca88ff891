package io.chanflow.jobs.pipeline;

import io.chanflow.operators.ticks.TickParser;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Replays a tick CSV ({@code time,symbol,price,size}, plain or .gz) line by line as raw payloads:
 * line {@code i} of the file is element {@code i} of a {@code DataGeneratorSource}, whose
 * checkpointed position makes the replay resumable (on restore the file is re-read up to that line).
 * Lines are passed on unparsed; the job's parser validates them like any other raw tick.
 */
public final class CsvTickLines implements GeneratorFunction<Long, String> {
    private final String path;
    private final Pace pace;
    private transient BufferedReader reader;
    private transient long next;
    private transient Pace.Clock clock;

    public CsvTickLines(Path path, Pace pace) {
        this.path = path.toAbsolutePath().toString();
        this.pace = pace;
    }

    /** Number of lines (header included): the element count of the source. */
    public static long countLines(Path p) {
        try (BufferedReader r = open(p)) {
            long n = 0;
            while (r.readLine() != null) {
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    static BufferedReader open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        if (p.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public void open(SourceReaderContext ctx) throws Exception {
        reader = open(Path.of(path));
        next = 0;
        clock = new Pace.Clock(pace);
    }

    @Override
    public String map(Long index) throws Exception {
        if (index < next) {
            reader.close();
            reader = open(Path.of(path));
            next = 0;
        }
        String line = null;
        while (next <= index) {
            line = reader.readLine();
            next++;
        }
        if (line == null) {
            return "";
        }
        clock.await(eventTime(line));
        return line;
    }

    /** The time column read by the job's own rules ({@link TickParser#parseTime}), else -1 (the parser will say why). */
    static long eventTime(String line) {
        int c = line.indexOf(',');
        if (c <= 0) {
            return -1;
        }
        try {
            return TickParser.parseTime(line.substring(0, c).strip());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() throws Exception {
        if (reader != null) {
            reader.close();
        }
    }
}
