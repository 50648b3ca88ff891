package io.chanflow.state;

import java.util.Arrays;

/** A growable list of ints without boxing (a stroke's former sure ends, chan.py {@code sure_end}). */
final class IntList {
    private int[] a = new int[2];
    private int n;

    int size() {
        return n;
    }

    boolean isEmpty() {
        return n == 0;
    }

    int get(int i) {
        if (i >= n) {
            throw new IndexOutOfBoundsException("item " + i + " of " + n);
        }
        return a[i];
    }

    void add(int v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, 2 * n);
        }
        a[n++] = v;
    }

    void clear() {
        n = 0;
    }

    /** Makes this list hold what {@code o} holds. */
    void setTo(IntList o) {
        if (a.length < o.n) {
            a = new int[o.n];
        }
        System.arraycopy(o.a, 0, a, 0, o.n);
        n = o.n;
    }

    /** The items from {@code from} on, as a new array. */
    int[] tail(int from) {
        return Arrays.copyOfRange(a, from, n);
    }
}
