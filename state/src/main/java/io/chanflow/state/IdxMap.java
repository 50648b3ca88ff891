package io.chanflow.state;

import java.util.Arrays;

/**
 * A small map from line index to point, sorted by index (chan.py's {@code bsp_store_flat_dict}).
 * It holds the points of the kept lines only (a few dozen), so a sorted array beats a hash map
 * and boxes nothing.
 */
final class IdxMap {
    private long[] keys = new long[16];
    private Bsp[] vals = new Bsp[16];
    private int n;

    int size() {
        return n;
    }

    /** Steps of the backward scan before {@link #search} falls back to a binary search. */
    private static final int SCAN = 8;

    /**
     * {@link Arrays#binarySearch(long[], int, int, long)} over {@code a[0..n)}, tried backwards from
     * the end first: the engine looks up the newest lines' points almost always.
     */
    static int search(long[] a, int n, long key) {
        int i = n - 1;
        for (int stop = Math.max(0, n - SCAN); i >= stop; i--) {
            long k = a[i];
            if (k == key) {
                return i;
            }
            if (k < key) {
                return -(i + 1) - 1;
            }
        }
        return i < 0 ? -1 : Arrays.binarySearch(a, 0, i + 1, key);
    }

    Bsp get(int key) {
        int i = search(keys, n, key);
        return i >= 0 ? vals[i] : null;
    }

    boolean containsKey(int key) {
        return search(keys, n, key) >= 0;
    }

    /** Associates {@code key} with {@code v}; returns the previous point or null. */
    Bsp put(int key, Bsp v) {
        int i = search(keys, n, key);
        if (i >= 0) {
            Bsp old = vals[i];
            vals[i] = v;
            return old;
        }
        i = -i - 1;
        if (n == keys.length) {
            keys = Arrays.copyOf(keys, 2 * n);
            vals = Arrays.copyOf(vals, 2 * n);
        }
        System.arraycopy(keys, i, keys, i + 1, n - i);
        System.arraycopy(vals, i, vals, i + 1, n - i);
        keys[i] = key;
        vals[i] = v;
        n++;
        return null;
    }

    /** Removes {@code key}; returns its point or null. */
    Bsp remove(int key) {
        int i = search(keys, n, key);
        if (i < 0) {
            return null;
        }
        Bsp old = vals[i];
        System.arraycopy(keys, i + 1, keys, i, n - i - 1);
        System.arraycopy(vals, i + 1, vals, i, n - i - 1);
        vals[--n] = null;
        return old;
    }

    /** The point at position {@code i} (0 = lowest key). */
    Bsp valueAt(int i) {
        return vals[i];
    }

    /** Removes the entry with the highest key. */
    void removeLast() {
        vals[--n] = null;
    }

    /** Removes every key below {@code key}. */
    void removeBelow(int key) {
        int i = search(keys, n, key);
        int d = i >= 0 ? i : -i - 1;
        if (d > 0) {
            System.arraycopy(keys, d, keys, 0, n - d);
            System.arraycopy(vals, d, vals, 0, n - d);
            Arrays.fill(vals, n - d, n, null);
            n -= d;
        }
    }
}
