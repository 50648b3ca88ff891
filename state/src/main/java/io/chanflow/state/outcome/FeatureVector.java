package io.chanflow.state.outcome;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The features of one buy/sell point as of its confirming bar, in the order of
 * {@link Features#NAMES} of schema {@code schemaVersion}. Immutable; every value is finite.
 */
public final class FeatureVector {
    private final int schemaVersion;
    private final double[] values;

    public FeatureVector(int schemaVersion, double[] values) {
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be >= 1, got " + schemaVersion);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("feature " + i + " is not finite: " + values[i]);
            }
        }
        if (schemaVersion == Features.SCHEMA_VERSION && values.length != Features.NAMES.size()) {
            throw new IllegalArgumentException("schema " + schemaVersion + " has " + Features.NAMES.size()
                    + " features, got " + values.length);
        }
        this.schemaVersion = schemaVersion;
        this.values = values.clone();
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public int size() {
        return values.length;
    }

    public double get(int i) {
        return values[i];
    }

    /** The value of feature {@code name} of the current schema. */
    public double get(String name) {
        if (schemaVersion != Features.SCHEMA_VERSION) {
            throw new IllegalStateException("vector of schema " + schemaVersion + ", names are of schema "
                    + Features.SCHEMA_VERSION);
        }
        int i = Features.NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown feature '" + name + "'");
        }
        return values[i];
    }

    /** A copy of the values. */
    public double[] toArray() {
        return values.clone();
    }

    /** Schema (int), count (short), values (doubles). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(schemaVersion);
        out.writeShort(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    public static FeatureVector readFrom(DataInput in) throws IOException {
        int schema = in.readInt();
        double[] v = new double[in.readShort()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readDouble();
        }
        return new FeatureVector(schema, v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureVector f && f.schemaVersion == schemaVersion && Arrays.equals(f.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * schemaVersion + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        if (schemaVersion != Features.SCHEMA_VERSION) {
            return "FeatureVector{v" + schemaVersion + " " + Arrays.toString(values) + "}";
        }
        StringBuilder sb = new StringBuilder("FeatureVector{v").append(schemaVersion);
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? " " : ", ").append(Features.NAMES.get(i)).append('=').append(values[i]);
        }
        return sb.append('}').toString();
    }
}
