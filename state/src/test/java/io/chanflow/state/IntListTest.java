package io.chanflow.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntListTest {

    @Test
    void growsKeepsOrderAndCopies() {
        IntList l = new IntList();
        assertThat(l.isEmpty()).isTrue();
        for (int i = 0; i < 37; i++) {
            l.add(1000 + 3 * i);
        }
        assertThat(l.size()).isEqualTo(37);
        assertThat(l.get(0)).isEqualTo(1000);
        assertThat(l.get(36)).isEqualTo(1108);
        assertThat(l.tail(35)).containsExactly(1105, 1108);

        IntList copy = new IntList();
        copy.add(7);
        copy.setTo(l);
        l.clear();
        l.add(5);
        assertThat(copy.size()).isEqualTo(37);
        assertThat(copy.get(1)).isEqualTo(1003);
        assertThat(l.size()).isEqualTo(1);
        assertThat(l.get(0)).isEqualTo(5);
        assertThatThrownBy(() -> l.get(1)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("item 1 of 1");
    }
}
