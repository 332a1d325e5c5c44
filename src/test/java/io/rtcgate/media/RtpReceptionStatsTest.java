package io.rtcgate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RtpReceptionStatsTest {
    private static final long MS = 1_000_000L;

    private final RtpReceptionStats stats = new RtpReceptionStats(90_000);
    private long now = 5_000_000_000_000L;

    private SequenceEvent packet(int seq) {
        now += 10 * MS;
        // perfectly paced: 10 ms = 900 ticks per packet, so jitter stays 0
        return stats.onPacket(seq, (now / MS) * 90 & 0xFFFFFFFFL, now);
    }

    @Test
    void nothingExpectedBeforeTheFirstPacket() {
        assertEquals(0, stats.expected());
        assertEquals(0, stats.received());
        assertEquals(0, stats.lost());
        assertEquals(0, stats.fractionLostSinceLastReport());
    }

    @Test
    void countsInOrderPackets() {
        assertEquals(SequenceEvent.FIRST, packet(100));
        assertEquals(SequenceEvent.IN_ORDER, packet(101));
        assertEquals(SequenceEvent.IN_ORDER, packet(102));
        assertEquals(3, stats.received());
        assertEquals(3, stats.expected());
        assertEquals(0, stats.lost());
        assertEquals(102, stats.extendedHighestSequence());
        assertEquals(0, stats.jitter());
    }

    @Test
    void wrapsAroundAt65535() {
        assertEquals(SequenceEvent.FIRST, packet(65534));
        assertEquals(SequenceEvent.IN_ORDER, packet(65535));
        assertEquals(SequenceEvent.IN_ORDER, packet(0));
        assertEquals(SequenceEvent.IN_ORDER, packet(1));
        assertEquals(65536 + 1, stats.extendedHighestSequence(), "one cycle in the high 16 bits");
        assertEquals(4, stats.expected());
        assertEquals(0, stats.lost());
    }

    @Test
    void gapAcrossWrapCountsLoss() {
        packet(65533);
        assertEquals(SequenceEvent.GAP, packet(2)); // 65534, 65535, 0, 1 missing
        assertEquals(6, stats.expected());
        assertEquals(2, stats.received());
        assertEquals(4, stats.lost());
    }

    @Test
    void lateArrivalOfAMissingPacketIsReorderedAndReducesLoss() {
        packet(10);
        assertEquals(SequenceEvent.GAP, packet(12));
        assertEquals(1, stats.lost());
        assertEquals(SequenceEvent.REORDERED, packet(11));
        assertEquals(0, stats.lost());
        assertEquals(1, stats.reordered());
        assertEquals(3, stats.received());
    }

    @Test
    void reorderingAcrossWrapDoesNotAddACycle() {
        packet(65535);
        packet(1);
        assertEquals(SequenceEvent.REORDERED, packet(0));
        assertEquals(65536 + 1, stats.extendedHighestSequence());
        assertEquals(0, stats.lost());
    }

    @Test
    void detectsDuplicatesOfTheHighestAndOfOlderPackets() {
        packet(1);
        packet(2);
        packet(3);
        assertEquals(SequenceEvent.DUPLICATE, packet(3));
        assertEquals(SequenceEvent.DUPLICATE, packet(2));
        assertEquals(SequenceEvent.GAP, packet(5));
        assertEquals(SequenceEvent.REORDERED, packet(4));
        assertEquals(SequenceEvent.DUPLICATE, packet(4));
        assertEquals(3, stats.duplicates());
        assertEquals(5, stats.received(), "duplicates are not counted as received");
        assertEquals(0, stats.lost());
    }

    @Test
    void duplicateWindowForgetsSlotsThatWereSkippedByAGap() {
        packet(0);
        packet(1);
        // jump 1024 ahead: slot of seq 1 is reused by 1025, which was never received
        assertEquals(SequenceEvent.GAP, packet(1100));
        assertEquals(SequenceEvent.REORDERED, packet(1025 + 70));
    }

    @Test
    void bigJumpIsOutOfRangeUntilConfirmedThenRestarts() {
        packet(1000);
        packet(1001);
        assertEquals(SequenceEvent.OUT_OF_RANGE, packet(30000));
        assertEquals(2, stats.received());
        assertEquals(1, stats.outOfRange());
        assertEquals(SequenceEvent.RESTART, packet(30001));
        assertEquals(1, stats.restarts());
        assertEquals(1, stats.received(), "accounting starts over at the restart");
        assertEquals(1, stats.expected());
        assertEquals(SequenceEvent.IN_ORDER, packet(30002));
        assertEquals(2, stats.expected());
        assertEquals(0, stats.lost());
    }

    @Test
    void singleStrayPacketDoesNotRestart() {
        packet(1000);
        assertEquals(SequenceEvent.OUT_OF_RANGE, packet(40000));
        assertEquals(SequenceEvent.IN_ORDER, packet(1001));
        assertEquals(2, stats.received());
        assertEquals(0, stats.restarts());
    }

    @Test
    void farBehindIsOutOfRange() {
        packet(5000);
        assertEquals(SequenceEvent.OUT_OF_RANGE, packet(5000 - RtpReceptionStats.MAX_MISORDER - 1));
        assertEquals(SequenceEvent.REORDERED, packet(5000 - RtpReceptionStats.MAX_MISORDER + 1));
    }

    @Test
    void gapJustBelowMaxDropoutIsAGap() {
        packet(0);
        assertEquals(SequenceEvent.GAP, packet(RtpReceptionStats.MAX_DROPOUT - 1));
        assertEquals(SequenceEvent.OUT_OF_RANGE, packet(2 * RtpReceptionStats.MAX_DROPOUT));
    }

    @Test
    void fractionLostFollowsA3AndResetsEachInterval() {
        packet(0);
        for (int seq = 1; seq < 100; seq++) {
            if (seq % 4 != 0) {
                packet(seq);
            }
        }
        // expected 100, lost 24 (4, 8, ..., 96): 24 * 256 / 100 = 61
        assertEquals(24, stats.lost());
        assertEquals(61, stats.fractionLostSinceLastReport());
        assertEquals(0, stats.fractionLostSinceLastReport(), "nothing new in the second interval");
        packet(100);
        packet(103);
        // interval: expected 100..103 = 4, received 2: 2 * 256 / 4
        assertEquals(128, stats.fractionLostSinceLastReport());
        assertEquals(26, stats.lost());
    }

    @Test
    void fractionLostIsZeroWhenDuplicatesOrLatePacketsOutnumberLoss() {
        packet(0);
        packet(2);
        stats.fractionLostSinceLastReport();
        packet(1); // late: received grows, expected not
        assertEquals(0, stats.fractionLostSinceLastReport());
    }

    @Test
    void jitterMatchesHandComputedA8Example() {
        RtpReceptionStats audio = new RtpReceptionStats(8000);
        long t0 = 123_456_789_000L;
        // 20 ms packets (160 ticks); arrivals at 0, 20, 45, 60 ms -> transit 0, 0, 40, 0 ticks
        audio.onPacket(1, 0, t0);
        audio.onPacket(2, 160, t0 + 20 * MS);
        assertEquals(0, audio.jitter());
        audio.onPacket(3, 320, t0 + 45 * MS);
        // |D| = 40: J16 = 0 + 40 - ((0 + 8) >> 4) = 40 -> J = 40 >> 4 = 2
        assertEquals(2, audio.jitter());
        audio.onPacket(4, 480, t0 + 60 * MS);
        // |D| = 40: J16 = 40 + 40 - ((40 + 8) >> 4) = 77 -> J = 4 (exact: 4.8125)
        assertEquals(4, audio.jitter());
        assertEquals(77 / 16.0 / 8000, audio.jitterSeconds(), 1e-12);
    }

    @Test
    void jitterSurvivesRtpTimestampWrap() {
        RtpReceptionStats audio = new RtpReceptionStats(8000);
        long t0 = 1_000 * MS;
        audio.onPacket(1, 0xFFFFFF60L, t0);
        audio.onPacket(2, 0x00000000L, t0 + 20 * MS);
        audio.onPacket(3, 0x000000A0L, t0 + 40 * MS);
        assertEquals(0, audio.jitter());
    }

    @Test
    void rejectsNonPositiveClockRate() {
        assertThrows(IllegalArgumentException.class, () -> new RtpReceptionStats(0));
    }
}
