package io.chanflow.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class IdxMapTest {

    /** The backward scan answers exactly as a binary search: found index or -(insertion point) - 1. */
    @Test
    void searchAnswersAsBinarySearch() {
        Random rnd = new Random(20261207L);
        for (int round = 0; round < 2_000; round++) {
            int n = rnd.nextInt(40);
            long[] longs = new long[n + 3];
            int v = rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                v += 1 + rnd.nextInt(4);
                longs[i] = (long) v << 33;
            }
            for (int key = -2; key <= v + 3; key++) {
                long lk = (long) key << 33;
                assertThat(IdxMap.search(longs, n, lk)).as("n=%d long key=%d", n, lk)
                        .isEqualTo(Arrays.binarySearch(longs, 0, n, lk));
            }
        }
    }

    /** Put, get, remove, removeBelow, valueAt and removeLast behave as a sorted map. */
    @Test
    void behavesAsASortedMap() {
        Random rnd = new Random(7L);
        IdxMap m = new IdxMap();
        TreeMap<Integer, Bsp> ref = new TreeMap<>();
        Bsp[] points = new Bsp[64];
        for (int i = 0; i < points.length; i++) {
            points[i] = new Bsp(null, i, i, i, true);
        }
        for (int step = 0; step < 20_000; step++) {
            int key = rnd.nextInt(64);
            switch (rnd.nextInt(8)) {
                case 0, 1, 2 -> {
                    Bsp p = points[rnd.nextInt(64)];
                    assertThat(m.put(key, p)).isSameAs(ref.put(key, p));
                }
                case 3 -> assertThat(m.remove(key)).isSameAs(ref.remove(key));
                case 4 -> {
                    if (rnd.nextInt(50) == 0) {
                        m.removeBelow(key);
                        ref.headMap(key).clear();
                    }
                }
                case 5 -> {
                    if (!ref.isEmpty()) {
                        assertThat(m.valueAt(m.size() - 1)).isSameAs(ref.lastEntry().getValue());
                        assertThat(m.valueAt(0)).isSameAs(ref.firstEntry().getValue());
                        m.removeLast();
                        ref.pollLastEntry();
                    }
                }
                default -> {
                    assertThat(m.get(key)).isSameAs(ref.get(key));
                    assertThat(m.containsKey(key)).isEqualTo(ref.containsKey(key));
                }
            }
            assertThat(m.size()).isEqualTo(ref.size());
        }
    }
}
