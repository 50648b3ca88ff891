package io.chanflow.state.ml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The binary frame shared by every model snapshot in this package: a 4-byte magic naming the
 * class, a 2-byte version, then the class's own body. Decoding is strict: a null or short array,
 * a foreign magic, an unknown version, a value out of range or bytes left over all throw {@link
 * IllegalArgumentException} whose message names the class and what is wrong, so a corrupt Flink
 * state entry fails loudly instead of restoring a different model.
 *
 * <p>Doubles are written as their raw IEEE bits, so a restored model computes bit-identically.
 */
final class Codec {

    /** Writes one body after the header. */
    @FunctionalInterface
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads one body after the header has been checked. */
    @FunctionalInterface
    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private Codec() {
    }

    static byte[] encode(int magic, short version, Body body) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bos);
            out.writeInt(magic);
            out.writeShort(version);
            body.write(out);
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    /** The magic of a snapshot, or throws if there are fewer than four bytes. */
    static int magic(byte[] bytes, String what) {
        if (bytes == null) {
            throw new IllegalArgumentException(what + " snapshot is null");
        }
        if (bytes.length < 6) {
            throw new IllegalArgumentException(what + " snapshot is truncated: " + bytes.length + " bytes, the header alone is 6");
        }
        return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
    }

    static <T> T decode(byte[] bytes, int magic, short version, String what, Reader<T> reader) {
        int m = magic(bytes, what);
        if (m != magic) {
            throw new IllegalArgumentException("not a " + what + " snapshot: magic 0x" + Integer.toHexString(m)
                    + ", expected 0x" + Integer.toHexString(magic));
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        try {
            in.readInt();
            short v = in.readShort();
            if (v != version) {
                throw new IllegalArgumentException("unsupported " + what + " snapshot version " + v + " (this build reads " + version + ")");
            }
            T t = reader.read(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException("corrupt " + what + " snapshot: " + in.available() + " bytes left over");
            }
            return t;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt " + what + " snapshot: truncated (" + bytes.length + " bytes)", e);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains(what + " snapshot")) {
                throw e;
            }
            throw new IllegalArgumentException("corrupt " + what + " snapshot: " + e.getMessage(), e);
        }
    }

    /** A nested snapshot: its length, then its bytes. */
    static void writeNested(DataOutputStream out, byte[] bytes) throws IOException {
        writeVarLong(out, bytes.length);
        out.write(bytes);
    }

    static byte[] readNested(DataInputStream in, String field) throws IOException {
        int n = readCount(in, field, in.available());
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** Unsigned LEB128: counts are small almost always. */
    static void writeVarLong(DataOutputStream out, long v) throws IOException {
        if (v < 0) {
            throw new IllegalArgumentException("a count cannot be negative: " + v);
        }
        while ((v & ~0x7fL) != 0) {
            out.writeByte((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarLong(DataInputStream in, String field) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException(field + " is not a valid count");
    }

    /** A count in {@code [0, max]}, so a corrupt length cannot allocate a huge array. */
    static int readCount(DataInputStream in, String field, long max) throws IOException {
        long v = readVarLong(in, field);
        if (v > max) {
            throw new IllegalArgumentException(field + " is " + v + ", at most " + max + " is possible here");
        }
        return (int) v;
    }

    static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    static double[] readDoubles(DataInputStream in, int n) throws IOException {
        if ((long) n * Double.BYTES > in.available()) {
            throw new IOException("needs " + n + " doubles, only " + in.available() + " bytes left");
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
