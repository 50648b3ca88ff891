package io.chanflow.state;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A list addressed by global index whose oldest items can be dropped: {@code size()} and
 * {@code get(i)} keep using the indices the items had when nothing was dropped. Backed by a plain
 * array (one load less per access than a wrapped {@code ArrayList}; every pass reads lines through it).
 */
final class LineList<T> {
    int base;
    private Object[] a = new Object[16];
    private int n;

    int size() {
        return base + n;
    }

    boolean isEmpty() {
        return base + n == 0;
    }

    @SuppressWarnings("unchecked")
    T get(int i) {
        if (i < 0) {
            i += base + n; // python negative index
        }
        int j = i - base;
        if (j < 0) {
            throw new IllegalStateException("item " + i + " was pruned (base " + base + ")");
        }
        if (j >= n) {
            throw new IndexOutOfBoundsException("item " + i + " of " + (base + n));
        }
        return (T) a[j];
    }

    @SuppressWarnings("unchecked")
    T last() {
        if (n == 0) {
            throw new IndexOutOfBoundsException("empty list");
        }
        return (T) a[n - 1];
    }

    /** Whether {@code l} is the kept item at its own index {@code l.idx} (a line can outlive its place in the list). */
    boolean holds(Line l) {
        int j = l.idx - base;
        return j >= 0 && j < n && a[j] == l;
    }

    /** Replaces the item at global index {@code i} (which must be kept). */
    void set(int i, T t) {
        int j = i - base;
        if (j < 0 || j >= n) {
            throw new IndexOutOfBoundsException("item " + i + " (base " + base + ", size " + (base + n) + ")");
        }
        a[j] = t;
    }

    void add(T t) {
        if (n == a.length) {
            a = Arrays.copyOf(a, 2 * n);
        }
        a[n++] = t;
    }

    @SuppressWarnings("unchecked")
    T removeLast() {
        if (n == 0) {
            throw new IndexOutOfBoundsException("empty list");
        }
        T t = (T) a[--n];
        a[n] = null;
        return t;
    }

    /** Keeps the first {@code k} items (global count). */
    void truncate(int k) {
        int keep = Math.max(0, k - base);
        if (keep < n) {
            Arrays.fill(a, keep, n, null);
            n = keep;
        }
    }

    void clear() {
        Arrays.fill(a, 0, n, null);
        n = 0;
        base = 0;
    }

    int localSize() {
        return n;
    }

    /** The kept items, oldest first, as a read-only view. */
    List<T> items() {
        return new Kept();
    }

    private final class Kept extends AbstractList<T> implements RandomAccess {
        @Override
        @SuppressWarnings("unchecked")
        public T get(int j) {
            if (j < 0 || j >= n) {
                throw new IndexOutOfBoundsException(j);
            }
            return (T) a[j];
        }

        @Override
        public int size() {
            return n;
        }
    }

    /** Drops items with global index below {@code newBase}. */
    void pruneBefore(int newBase) {
        int d = newBase - base;
        if (d > 0) {
            System.arraycopy(a, d, a, 0, n - d);
            Arrays.fill(a, n - d, n, null);
            n -= d;
            base = newBase;
        }
    }
}
