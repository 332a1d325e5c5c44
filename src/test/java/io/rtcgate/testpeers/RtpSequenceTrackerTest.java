package io.rtcgate.testpeers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcgate.testpeers.RtpSequenceTracker.Outcome;
import io.rtcgate.testpeers.RtpSequenceTracker.Snapshot;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RtpSequenceTrackerTest {
    private final RtpSequenceTracker tracker = new RtpSequenceTracker();

    private void feed(int... sequence) {
        for (int seq : sequence) {
            tracker.onPacket(seq);
        }
    }

    @Test
    void nothingBeforeTheFirstPacket() {
        assertEquals(Snapshot.ZERO, tracker.snapshot());
    }

    @Test
    void inOrderPacketsAreAllExpectedAndReceived() {
        assertEquals(Outcome.FIRST, tracker.onPacket(100));
        assertEquals(Outcome.IN_ORDER, tracker.onPacket(101));
        assertEquals(Outcome.IN_ORDER, tracker.onPacket(102));
        // packets, unique, expected, lost, late, duplicates, outOfRange, restarts
        assertEquals(new Snapshot(3, 3, 3, 0, 0, 0, 0, 0), tracker.snapshot());
    }

    @Test
    void aGapIsLoss() {
        feed(10, 11);
        assertEquals(Outcome.GAP, tracker.onPacket(15)); // 12, 13, 14 missing
        tracker.onPacket(16);
        assertEquals(new Snapshot(4, 4, 7, 3, 0, 0, 0, 0), tracker.snapshot());
    }

    @Test
    void aReorderedPacketIsLateAndNotLost() {
        feed(10, 12);
        assertEquals(1, tracker.snapshot().lost());
        assertEquals(Outcome.LATE, tracker.onPacket(11));
        feed(13);
        assertEquals(new Snapshot(4, 4, 4, 0, 1, 0, 0, 0), tracker.snapshot());
    }

    @Test
    void aLatePacketFromBeforeTheFirstOneIsExpectedToo() {
        feed(100, 101);
        assertEquals(Outcome.LATE, tracker.onPacket(98)); // 99 never comes
        assertEquals(new Snapshot(3, 3, 4, 1, 1, 0, 0, 0), tracker.snapshot());
    }

    @Test
    void duplicatesOfTheHighestAndOfOlderPacketsAreCountedApart() {
        feed(1, 2, 3);
        assertEquals(Outcome.DUPLICATE, tracker.onPacket(3));
        assertEquals(Outcome.DUPLICATE, tracker.onPacket(1));
        assertEquals(new Snapshot(5, 3, 3, 0, 0, 2, 0, 0), tracker.snapshot());
    }

    @Test
    void aLatePacketArrivingTwiceIsLateOnceThenDuplicate() {
        feed(1, 3);
        assertEquals(Outcome.LATE, tracker.onPacket(2));
        assertEquals(Outcome.DUPLICATE, tracker.onPacket(2));
        assertEquals(new Snapshot(4, 3, 3, 0, 1, 1, 0, 0), tracker.snapshot());
    }

    @Test
    void wrapsFrom65535To0WithoutLoss() {
        feed(65534, 65535);
        assertEquals(Outcome.IN_ORDER, tracker.onPacket(0));
        assertEquals(Outcome.IN_ORDER, tracker.onPacket(1));
        assertEquals(new Snapshot(4, 4, 4, 0, 0, 0, 0, 0), tracker.snapshot());
    }

    @Test
    void aGapAndAReorderAcrossTheWrap() {
        feed(65533);
        assertEquals(Outcome.GAP, tracker.onPacket(1)); // 65534, 65535, 0 missing
        assertEquals(3, tracker.snapshot().lost());
        assertEquals(Outcome.LATE, tracker.onPacket(65535)); // behind by 2, in the previous cycle
        assertEquals(Outcome.LATE, tracker.onPacket(0));
        assertEquals(new Snapshot(4, 4, 5, 1, 2, 0, 0, 0), tracker.snapshot());
    }

    @Test
    void manyCyclesKeepCountingWithoutLoss() {
        for (int i = 0; i < 3 * 65536 + 10; i++) {
            tracker.onPacket(i & 0xFFFF);
        }
        Snapshot s = tracker.snapshot();
        assertEquals(3 * 65536 + 10, s.expected());
        assertEquals(0, s.lost());
    }

    @Test
    void aDuplicateFromTheLastLapIsNotConfusedWithANewPacket() {
        // 1024 apart share a window bit; advancing must forget the older mark
        for (int i = 0; i <= 1030; i++) {
            tracker.onPacket(i);
        }
        assertEquals(Outcome.DUPLICATE, tracker.onPacket(1000));
        assertEquals(Outcome.IN_ORDER, tracker.onPacket(1031));
        assertEquals(1, tracker.snapshot().duplicates());
        assertEquals(0, tracker.snapshot().lost());
    }

    @Test
    void aVeryOldPacketIsOutOfRangeNotReceivedNorLate() {
        for (int i = 1000; i <= 1200; i++) {
            tracker.onPacket(i);
        }
        // 1000 is 200 behind: more than MAX_MISORDER, so it cannot be placed (A.1 drops it)
        assertEquals(Outcome.OUT_OF_RANGE, tracker.onPacket(1000));
        assertEquals(Outcome.IN_ORDER, tracker.onPacket(1201));
        assertEquals(new Snapshot(203, 202, 202, 0, 0, 0, 1, 0), tracker.snapshot());
    }

    @Test
    void oneJumpIsOutOfRangeTwoInSequenceRestartTheSequence() {
        feed(10, 11, 12);
        assertEquals(Outcome.OUT_OF_RANGE, tracker.onPacket(40000));
        assertEquals(Outcome.IN_ORDER, tracker.onPacket(13));
        assertEquals(Outcome.OUT_OF_RANGE, tracker.onPacket(50000));
        assertEquals(Outcome.RESTART, tracker.onPacket(50001));
        assertEquals(Outcome.IN_ORDER, tracker.onPacket(50002));
        // expected: 10..13 (4) then 50001..50002 (2); the two unplaced packets are out of range
        assertEquals(new Snapshot(8, 6, 6, 0, 0, 0, 2, 1), tracker.snapshot());
    }

    @Test
    void snapshotsSubtractToAWindow() {
        feed(1, 2, 3);
        Snapshot start = tracker.snapshot();
        feed(5, 4, 4, 7);
        Snapshot window = tracker.snapshot().minus(start);
        // packets, unique, expected, lost, late, duplicates, outOfRange, restarts
        assertEquals(new Snapshot(4, 3, 4, 1, 1, 1, 0, 0), window);
        assertEquals(tracker.snapshot(), start.plus(window));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aReaderOnAnotherThreadNeverSeesATornSnapshot() throws Exception {
        // in-order stream with every 10th packet missing: at any consistent moment lost = expected - unique exactly
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch reading = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try {
                reading.await(); // a slow start of the reader must not let the writer finish before a single read
            } catch (InterruptedException e) {
                return;
            }
            for (int i = 0; i < 2_000_000; i++) {
                if (i % 10 != 9) {
                    tracker.onPacket(i & 0xFFFF);
                }
            }
            done.set(true);
        });
        writer.start();
        long reads = 0;
        while (!done.get()) {
            Snapshot s = tracker.snapshot();
            reading.countDown();
            // counters read across an update would break one of these
            assertEquals(s.packets(), s.unique(), s.toString());
            assertEquals(s.expected() / 10, s.lost(), s.toString());
            reads++;
        }
        writer.join();
        assertTrue(reads > 0);
        Snapshot end = tracker.snapshot();
        assertEquals(1_800_000, end.unique());
        assertEquals(199_999, end.lost()); // the last missing one (1_999_999) is after the highest
    }
}
