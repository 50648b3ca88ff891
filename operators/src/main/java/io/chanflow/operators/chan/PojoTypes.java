package io.chanflow.operators.chan;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Type information for the records the job moves between operators and keeps in state, checked
 * when the class that declares them loads: a record that Flink cannot serialize as a POJO all the
 * way down (a field that would fall back to Kryo) fails right there, naming the class, instead of
 * at job submission with {@code pipeline.generic-types: false} or, worse, silently with Kryo.
 */
public final class PojoTypes {
    private PojoTypes() {
    }

    /** The POJO type of {@code c}; throws {@link IllegalStateException} when any part of it would need Kryo. */
    public static <T> TypeInformation<T> strict(Class<T> c) {
        TypeInformation<T> t;
        try {
            t = Types.POJO(c);
        } catch (RuntimeException e) {
            throw new IllegalStateException(c.getName() + " is not a Flink POJO type (it would be serialized with Kryo): "
                    + e.getMessage(), e);
        }
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false);
        try {
            t.createSerializer(noKryo);
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException(c.getName() + " would be serialized with Kryo in part (" + t + "): "
                    + e.getMessage(), e);
        }
        return t;
    }
}
