package io.rtcgate.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PacketHistoryTest {
    private static final int SMALL = 100;
    private static final int BIG = 10_000;

    /** Every buffer a test made, to check that each was released exactly once by the history. */
    private final List<ByteBuf> made = new ArrayList<>();
    private PacketHistory history = new PacketHistory(16, PacketHistory.MIN_MAX_BYTES);

    @AfterEach
    void closeReleasesEverything() {
        history.close();
        history.close();
        assertEquals(0, history.size());
        assertEquals(0, history.bytes());
        for (ByteBuf b : made) {
            assertEquals(0, b.refCnt(), "released exactly once");
        }
    }

    /**
     * A direct packet of {@code size} bytes starting with its sequence number. Unpooled: a pooled buffer object is
     * recycled after release, so its refCnt would not tell whether the history released it.
     */
    private ByteBuf packet(int sequence, int size) {
        ByteBuf b = UnpooledByteBufAllocator.DEFAULT.directBuffer(size, size);
        b.writeShort(sequence);
        b.writeZero(size - 2);
        made.add(b);
        return b;
    }

    private ByteBuf add(int sequence, int size, boolean keyframeStart, boolean marker) {
        ByteBuf b = packet(sequence, size);
        history.add(b, sequence, 90_000L + sequence, keyframeStart, marker);
        return b;
    }

    private ByteBuf add(int sequence) {
        return add(sequence, SMALL, false, true);
    }

    private List<Integer> sinceKeyframe() {
        List<Integer> seen = new ArrayList<>();
        history.forEachSinceKeyframe((packet, sequence, ts, keyframeStart, marker) -> {
            assertEquals(sequence, packet.getUnsignedShort(packet.readerIndex()), "buffer of that sequence");
            seen.add(sequence);
        });
        return seen;
    }

    @Test
    void capacityEvictsOldestFirst() {
        List<ByteBuf> added = new ArrayList<>();
        for (int seq = 100; seq < 120; seq++) {
            added.add(add(seq));
        }
        assertEquals(16, history.size());
        assertEquals(4, history.evicted());
        for (int i = 0; i < 4; i++) {
            assertEquals(0, added.get(i).refCnt(), "evicted " + (100 + i) + " released");
            assertNull(history.find(100 + i));
        }
        for (int i = 4; i < 20; i++) {
            assertEquals(1, added.get(i).refCnt(), "held, not retained twice");
            assertSame(added.get(i), history.find(100 + i));
        }
        assertEquals(104, history.oldestSequence());
        assertEquals(119, history.newestSequence());
        assertEquals(16 * SMALL, history.bytes());
    }

    @Test
    void nackLookupsAcrossTheSequenceWrap() {
        for (int i = 0; i < 20; i++) {
            add((65530 + i) & 0xFFFF);
        }
        // held: 65534, 65535, 0 .. 13
        assertNull(history.find(65533), "evicted");
        assertNull(history.find(14), "not sent yet");
        assertNull(history.find(30000), "far away");
        assertNull(history.find(-1));
        assertNull(history.find(65536));
        for (int seq : new int[] {65534, 65535, 0, 1, 13}) {
            ByteBuf hit = history.find(seq);
            assertNotNull(hit, "held " + seq);
            assertEquals(seq, hit.getUnsignedShort(hit.readerIndex()));
            assertEquals(90_000L + seq, history.timestampOf(seq));
        }
        assertEquals(-1, history.timestampOf(65533));
        assertEquals(65534, history.oldestSequence());
        assertEquals(13, history.newestSequence());
    }

    @Test
    void gopCacheStartsAtTheLastKeyframe() {
        add(10);
        add(11);
        add(12, SMALL, true, false); // keyframe: 3 packets
        add(13, SMALL, false, false);
        add(14, SMALL, false, true);
        add(15);
        add(16);
        assertEquals(12, history.keyframeStartSequence());
        List<String> seen = new ArrayList<>();
        int n = history.forEachSinceKeyframe((packet, seq, ts, keyframeStart, marker) ->
                seen.add(seq + ":" + ts + ":" + keyframeStart + ":" + marker));
        assertEquals(5, n);
        assertEquals(List.of("12:90012:true:false", "13:90013:false:false", "14:90014:false:true",
                "15:90015:false:true", "16:90016:false:true"), seen);

        add(17, SMALL, true, true);
        add(18);
        assertEquals(17, history.keyframeStartSequence());
        assertEquals(List.of(17, 18), sinceKeyframe());
        assertNotNull(history.find(12), "older packets still answer NACKs");
    }

    @Test
    void gopCacheAcrossTheWrap() {
        add(65534, SMALL, true, true);
        add(65535);
        add(0);
        add(1);
        assertEquals(List.of(65534, 65535, 0, 1), sinceKeyframe());
        List<Integer> from = new ArrayList<>();
        assertEquals(2, history.forEachFrom(0, (p, seq, ts, k, m) -> from.add(seq)));
        assertEquals(List.of(0, 1), from);
        assertEquals(0, history.forEachFrom(2, (p, seq, ts, k, m) -> from.add(seq)));
    }

    @Test
    void byteBoundEvictsOldestButKeepsTheGopWhileItFits() {
        // 65535 bytes hold six 10000-byte packets
        add(1, BIG, false, true);
        add(2, BIG, false, true);
        add(3, BIG, false, true);
        add(4, BIG, true, true);
        for (int seq = 5; seq <= 9; seq++) {
            add(seq, BIG, false, true);
        }
        assertEquals(6, history.size());
        assertEquals(60_000, history.bytes());
        assertNull(history.find(3));
        assertEquals(4, history.keyframeStartSequence(), "the GOP (6 packets) still fits");
        assertEquals(List.of(4, 5, 6, 7, 8, 9), sinceKeyframe());
        assertEquals(0, history.keyframesEvicted());

        add(10, BIG, false, true); // the GOP outgrows the bound: keyframe dropped, no cached GOP
        assertEquals(6, history.size());
        assertTrue(history.bytes() <= history.maxBytes());
        assertEquals(-1, history.keyframeStartSequence());
        assertEquals(0, history.forEachSinceKeyframe((p, seq, ts, k, m) -> {
            throw new AssertionError("no cached GOP");
        }));
        assertEquals(1, history.keyframesEvicted());
        assertNotNull(history.find(5), "NACKs still served");

        add(11, BIG, true, true);
        assertEquals(List.of(11), sinceKeyframe(), "the next keyframe starts a new GOP");
    }

    @Test
    void mixedSizesNeverExceedTheByteBound() {
        history = new PacketHistory(1024, PacketHistory.MIN_MAX_BYTES);
        for (int i = 0; i < 500; i++) {
            add(i, 2 + (i * 7919) % 1500, i % 50 == 0, true);
            assertTrue(history.bytes() <= history.maxBytes());
        }
        long sum = 0;
        for (int seq = history.oldestSequence(); seq <= history.newestSequence(); seq++) {
            sum += history.find(seq).readableBytes();
        }
        assertEquals(sum, history.bytes());
        assertEquals(450, history.keyframeStartSequence());
    }

    @Test
    void capacityBoundDropsAGopWithTooManyPackets() {
        add(0, SMALL, true, false);
        for (int seq = 1; seq < 16; seq++) {
            add(seq, SMALL, false, false);
        }
        assertEquals(0, history.keyframeStartSequence());
        assertEquals(16, sinceKeyframe().size());
        add(16);
        assertEquals(-1, history.keyframeStartSequence());
    }

    /** A history whose bounds hold far more than its NACK window, as in production (512 packets, window 128). */
    private void windowed(int capacity, int nackWindow) {
        history = new PacketHistory(capacity, 8L * 1024 * 1024, nackWindow);
    }

    private List<Integer> held() {
        List<Integer> seen = new ArrayList<>();
        history.forEachFrom(history.oldestSequence(), (p, seq, ts, k, m) -> seen.add(seq));
        return seen;
    }

    private static List<Integer> range(int from, int toInclusive) {
        List<Integer> r = new ArrayList<>();
        for (int seq = from; seq <= toInclusive; seq++) {
            r.add(seq & 0xFFFF);
        }
        return r;
    }

    @Test
    void withoutAKeyframeOnlyTheNackWindowIsKept() {
        windowed(256, 16);
        List<ByteBuf> added = new ArrayList<>();
        for (int seq = 0; seq < 40; seq++) {
            added.add(add(seq));
        }
        assertEquals(range(24, 39), held());
        assertEquals(16 * SMALL, history.bytes());
        assertEquals(24, history.expired(), "left the window");
        assertEquals(0, history.evicted(), "no hard bound was reached");
        for (int i = 0; i < 24; i++) {
            assertEquals(0, added.get(i).refCnt(), "expired " + i + " released");
        }
    }

    @Test
    void theWholeCurrentGopStaysBeyondTheNackWindow() {
        windowed(256, 16);
        for (int seq = 0; seq < 10; seq++) {
            add(seq);
        }
        add(10, SMALL, true, false);
        for (int seq = 11; seq < 50; seq++) {
            add(seq);
        }
        assertEquals(10, history.keyframeStartSequence());
        assertEquals(range(10, 49), held(), "the GOP (40 packets), nothing older");
        assertEquals(range(10, 49), sinceKeyframe());
        assertEquals(10, history.expired());
        assertNull(history.find(9));
    }

    @Test
    void aNewKeyframeShrinksThePreviousGopToTheNackWindow() {
        windowed(256, 16);
        add(0, SMALL, true, false);
        for (int seq = 1; seq < 40; seq++) {
            add(seq);
        }
        assertEquals(40, history.size());
        add(40, SMALL, true, false);
        assertEquals(range(25, 40), held(), "the last 16 packets for NACKs, the new GOP starting at the newest");
        assertEquals(List.of(40), sinceKeyframe());
        add(41);
        assertEquals(range(26, 41), held());
        for (int seq = 42; seq < 70; seq++) {
            add(seq);
        }
        assertEquals(range(40, 69), held(), "once the new GOP outgrows the window only the GOP is kept");
        assertEquals(0, history.evicted());
        assertEquals(0, history.keyframesEvicted());
    }

    @Test
    void gopsShorterThanTheWindowKeepTheWindow() {
        windowed(256, 16);
        for (int seq = 0; seq < 100; seq++) {
            add(seq, SMALL, seq % 5 == 0, true);
            assertEquals(Math.min(seq + 1, 16), history.size());
            assertEquals(seq - seq % 5, history.keyframeStartSequence());
        }
        assertEquals(range(84, 99), held());
    }

    @Test
    void theWindowWorksAcrossTheSequenceWrap() {
        windowed(64, 16);
        add(65530, SMALL, true, false);
        for (int i = 1; i < 30; i++) {
            add((65530 + i) & 0xFFFF);
        }
        assertEquals(range(65530, 65530 + 29), held());
        add(24, SMALL, true, true);
        assertEquals(range(65530 + 15, 65530 + 30), held());
        assertEquals(List.of(24), sinceKeyframe());
    }

    @Test
    void aGopLargerThanTheHardBoundsLosesItsKeyframeAndFallsBackToTheWindow() {
        windowed(64, 16);
        add(0, SMALL, true, false);
        for (int seq = 1; seq < 64; seq++) {
            add(seq);
        }
        assertEquals(range(0, 63), held());
        add(64); // capacity reached: the keyframe goes, so there is no GOP to keep and only the window stays
        assertEquals(-1, history.keyframeStartSequence());
        assertEquals(1, history.keyframesEvicted());
        assertEquals(1, history.evicted());
        assertEquals(range(49, 64), held());
        assertEquals(48, history.expired());
        add(65, SMALL, true, true);
        add(66);
        assertEquals(List.of(65, 66), sinceKeyframe(), "the next keyframe starts a new GOP");
    }

    @Test
    void clearingTheKeyframeLetsTheNextAddShrinkToTheWindow() {
        windowed(256, 16);
        add(0, SMALL, true, false);
        for (int seq = 1; seq < 40; seq++) {
            add(seq);
        }
        history.clearKeyframe();
        assertEquals(40, history.size(), "packets stay for NACKs");
        add(40);
        assertEquals(range(25, 40), held());
    }

    @Test
    void withoutAWindowTheHardBoundsAloneDecide() {
        for (int seq = 0; seq < 16; seq++) {
            add(seq);
        }
        assertEquals(16, history.nackWindow(), "the two-argument constructor's window is the capacity");
        assertEquals(16, history.size());
        assertEquals(0, history.expired());
    }

    /**
     * After every add of a random stream (random sizes and GOP lengths, some GOPs over the byte bound): the bounds hold,
     * and exactly the NACK window or the cached GOP is held, whichever reaches further back.
     */
    @Test
    void heldPacketsAreTheWindowOrTheGopWhicheverIsLonger() {
        int window = 32; // 32 packets of at most 1402 bytes always fit in the byte bound
        history = new PacketHistory(256, 2 * PacketHistory.MIN_MAX_BYTES, window);
        Random random = new Random(42);
        int lastKeyframe = -1;
        int seq = 65000;
        for (int i = 0; i < 3000; i++) {
            boolean keyframeStart = random.nextInt(60) == 0;
            add(seq, 2 + random.nextInt(1400), keyframeStart, true);
            if (keyframeStart) {
                lastKeyframe = seq;
            }
            assertTrue(history.bytes() <= history.maxBytes());
            int keyframe = history.keyframeStartSequence();
            assertTrue(keyframe == -1 || keyframe == lastKeyframe, "only the last keyframe starts the GOP");
            int gop = keyframe == -1 ? 0 : ((seq - keyframe) & 0xFFFF) + 1;
            assertEquals(Math.max(Math.min(window, i + 1), gop), history.size(), "after add " + i);
            assertEquals(seq, history.newestSequence());
            seq = (seq + 1) & 0xFFFF;
        }
        assertTrue(history.keyframesEvicted() > 0, "some GOP outgrew the byte bound");
        assertTrue(history.expired() > 0);
    }

    @Test
    void sequenceJumpRestartsTheHistory() {
        ByteBuf a = add(1, SMALL, true, true);
        ByteBuf b = add(2);
        add(7);
        assertEquals(0, a.refCnt());
        assertEquals(0, b.refCnt());
        assertEquals(1, history.size());
        assertEquals(7, history.oldestSequence());
        assertEquals(-1, history.keyframeStartSequence());
        assertEquals(1, history.discontinuities());
        assertEquals(SMALL, history.bytes());
    }

    @Test
    void clearKeyframeKeepsThePackets() {
        add(1, SMALL, true, true);
        add(2);
        history.clearKeyframe();
        assertEquals(-1, history.keyframeStartSequence());
        assertTrue(sinceKeyframe().isEmpty());
        assertEquals(2, history.size());
        assertNotNull(history.find(1));
    }

    @Test
    void closeReleasesAndLaterAddsAreReleasedAtOnce() {
        ByteBuf a = add(1, SMALL, true, true);
        ByteBuf b = add(2);
        history.close();
        assertEquals(0, a.refCnt());
        assertEquals(0, b.refCnt());
        assertNull(history.find(1));
        ByteBuf late = add(3);
        assertEquals(0, late.refCnt());
        assertEquals(0, history.size());
        assertEquals(-1, history.keyframeStartSequence());
    }

    @Test
    void visitorThatAddsIsCaught() {
        add(1, SMALL, true, true);
        add(2);
        assertThrows(IllegalStateException.class,
                () -> history.forEachSinceKeyframe((p, seq, ts, k, m) -> add(3)));
    }

    @Test
    void rejectsBadArgumentsAndReleasesRefusedPackets() {
        assertThrows(IllegalArgumentException.class, () -> new PacketHistory(24, PacketHistory.DEFAULT_MAX_BYTES));
        assertThrows(IllegalArgumentException.class, () -> new PacketHistory(8, PacketHistory.DEFAULT_MAX_BYTES));
        assertThrows(IllegalArgumentException.class, () -> new PacketHistory(65536, PacketHistory.DEFAULT_MAX_BYTES));
        assertThrows(IllegalArgumentException.class, () -> new PacketHistory(16, PacketHistory.MIN_MAX_BYTES - 1));
        assertThrows(IllegalArgumentException.class, () -> new PacketHistory(64, PacketHistory.DEFAULT_MAX_BYTES, 15));
        assertThrows(IllegalArgumentException.class, () -> new PacketHistory(64, PacketHistory.DEFAULT_MAX_BYTES, 65));
        ByteBuf huge = packet(1, PacketHistory.MAX_PACKET_BYTES + 1);
        assertThrows(IllegalArgumentException.class, () -> history.add(huge, 1, 0, false, true));
        assertEquals(0, huge.refCnt());
        ByteBuf badSequence = packet(1, SMALL);
        assertThrows(IllegalArgumentException.class, () -> history.add(badSequence, 65536, 0, false, true));
        assertEquals(0, badSequence.refCnt());
        assertEquals(0, history.size());
    }

    @Test
    void defaultsMatchTheDocumentedBounds() {
        try (PacketHistory defaults = new PacketHistory()) {
            assertEquals(4096, defaults.capacity());
            assertEquals(8L * 1024 * 1024, defaults.maxBytes());
            assertEquals(128, defaults.nackWindow());
        }
    }
}
