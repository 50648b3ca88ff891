package io.chanflow.state.feed;

import io.chanflow.state.bars.Tick;
import io.chanflow.state.bars.TradingCalendar;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SymbolFeedCodecTest {
    private static final TradingCalendar US = TradingCalendar.usEquities();
    private static final SymbolFeed.Limits LIMITS = SymbolFeed.Limits.defaults();
    /** 2013-10-07 09:30 New York. */
    private static final long OPEN = 1_381_152_600_000L;

    private static SymbolFeed feedWithIds(int ids) {
        SymbolFeed f = new SymbolFeed(US, LIMITS);
        for (int i = 0; i < ids; i++) {
            assertThat(f.offer(new Tick("SPY", OPEN + i * 100L, 167 + i * 0.001, 10), 1000 + i).reject()).isNull();
        }
        f.offer(new Tick("SPY", OPEN + 50_000, 167.2, 10), 0);
        return f;
    }

    @Test
    void shouldKeepOnlyTheIdsInUseAndStillCatchEveryRememberedDuplicateAfterARestore() {
        for (int ids : new int[] {0, 5, 32, 40}) {
            SymbolFeed f = feedWithIds(ids);
            byte[] bytes = f.toBytes();
            SymbolFeed g = SymbolFeed.fromBytes(bytes, US, LIMITS);
            assertThat(g.toBytes()).as(ids + " ids").isEqualTo(bytes);
            // the last 32 ids are remembered, older ones are not
            for (int i = Math.max(0, ids - SymbolFeed.RECENT_IDS); i < ids; i++) {
                assertThat(g.offer(new Tick("SPY", OPEN + 55_000, 167.2, 1), 1000 + i).reject())
                        .as("id " + i + " of " + ids).isEqualTo(Reject.DUPLICATE);
            }
            if (ids > SymbolFeed.RECENT_IDS) {
                assertThat(g.offer(new Tick("SPY", OPEN + 55_000, 167.2, 1), 1000).reject()).isNull();
            }
        }
        assertThat(feedWithIds(0).toBytes().length + 8 * SymbolFeed.RECENT_IDS)
                .as("without ids the state is 256 bytes smaller than a full ring")
                .isEqualTo(feedWithIds(SymbolFeed.RECENT_IDS).toBytes().length);
    }

    @Test
    void shouldStillReadVersionOneWhichStoredTheWholeRing() {
        SymbolFeed f = feedWithIds(3);
        byte[] v2 = f.toBytes();
        // v1 = v2's header with version 1, then all 32 ring slots, then the same aggregator bytes
        ByteBuffer in = ByteBuffer.wrap(v2);
        byte[] head = new byte[4 + 1 + 8 + 8 + 4 + 4];
        in.get(head);
        long[] used = {in.getLong(), in.getLong(), in.getLong()};
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        ByteBuffer v1 = ByteBuffer.allocate(head.length + 8 * SymbolFeed.RECENT_IDS + rest.length);
        head[4] = 1;
        v1.put(head);
        for (int i = 0; i < SymbolFeed.RECENT_IDS; i++) {
            v1.putLong(i < used.length ? used[i] : 0);
        }
        v1.put(rest);
        assertThat(SymbolFeed.fromBytes(v1.array(), US, LIMITS).toBytes()).isEqualTo(v2);
        byte[] v9 = v2.clone();
        v9[4] = 9;
        assertThatThrownBy(() -> SymbolFeed.fromBytes(v9, US, LIMITS)).hasMessageContaining("version 9");
    }
}
