package io.chanflow.state;

import java.util.ArrayList;

/**
 * A list addressed by global index whose oldest items can be dropped: {@code size()} and
 * {@code get(i)} keep using the indices the items had when nothing was dropped.
 */
final class LineList<T> {
    int base;
    final ArrayList<T> items = new ArrayList<>();

    int size() {
        return base + items.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    T get(int i) {
        if (i < 0) {
            i += size(); // python negative index
        }
        int j = i - base;
        if (j < 0) {
            throw new IllegalStateException("item " + i + " was pruned (base " + base + ")");
        }
        return items.get(j);
    }

    T last() {
        return items.get(items.size() - 1);
    }

    void add(T t) {
        items.add(t);
    }

    T removeLast() {
        return items.remove(items.size() - 1);
    }

    /** Keeps the first {@code n} items (global count). */
    void truncate(int n) {
        while (size() > n) {
            removeLast();
        }
    }

    void clear() {
        items.clear();
        base = 0;
    }

    int localSize() {
        return items.size();
    }

    /** Drops items with global index below {@code newBase}. */
    void pruneBefore(int newBase) {
        int d = newBase - base;
        if (d > 0) {
            items.subList(0, d).clear();
            base = newBase;
        }
    }
}
