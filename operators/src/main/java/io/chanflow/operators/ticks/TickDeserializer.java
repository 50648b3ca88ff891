package io.chanflow.operators.ticks;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.nio.charset.StandardCharsets;

/**
 * Kafka value bytes (UTF-8) to a parsed tick or a dead letter, inside the source. Parsing in the
 * source lets the source assign timestamps and watermarks <em>per partition</em> (Flink's split
 * watermark multiplexing): a reader that owns several partitions, e.g. after a rescale, never lets
 * one partition's event time overtake another's. Never throws: bytes that are not UTF-8 become
 * replacement characters and then a MALFORMED dead letter like any other bad payload.
 */
public final class TickDeserializer implements DeserializationSchema<TickParser.Result> {
    private final int maxPayloadBytes;
    private transient TickParser parser;

    public TickDeserializer(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void open(InitializationContext context) {
        parser = new TickParser(maxPayloadBytes);
    }

    @Override
    public TickParser.Result deserialize(byte[] message) {
        if (parser == null) {
            parser = new TickParser(maxPayloadBytes);
        }
        return parser.parse(message == null ? "" : new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public boolean isEndOfStream(TickParser.Result next) {
        return false;
    }

    @Override
    public TypeInformation<TickParser.Result> getProducedType() {
        return TypeInformation.of(TickParser.Result.class);
    }
}
