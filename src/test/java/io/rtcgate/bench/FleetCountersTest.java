package io.rtcgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcgate.testpeers.RtpSequenceTracker.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetCountersTest {

    @Test
    void noViewersCountNothing() {
        FleetCounters none = FleetCounters.of(List.of());
        assertEquals(0, none.expectedPackets());
        assertTrue(Double.isNaN(none.lossPercent()), "no loss figure without expected packets");
    }

    @Test
    void aWindowIsTheDifferenceAndItsFiguresComeFromTheSequenceAndSrtpCounts() {
        // packets, unique, expected, lost, late, duplicates, outOfRange, restarts
        FleetCounters start = new FleetCounters(100, 10, 1, 20, 3, 1, 1, 5, 2,
                new Snapshot(120, 118, 120, 2, 1, 1, 1, 0));
        FleetCounters end = new FleetCounters(1100, 40, 2, 220, 10, 3, 2, 25, 7,
                new Snapshot(1320, 1312, 1320, 8, 4, 5, 3, 0));
        FleetCounters window = end.minus(start);

        assertEquals(1000, window.videoPackets());
        assertEquals(200, window.audioPackets());
        assertEquals(1200, window.expectedPackets());
        assertEquals(6, window.lostPackets());
        assertEquals(0.5, window.lossPercent(), 1e-12); // 100 * 6 / 1200
        // late: 3 placed + 2 unplaceable by sequence + 1 behind the SRTP replay window
        assertEquals(6, window.latePackets());
        // duplicates: 4 from the sequence accounting + 2 SRTP replays
        assertEquals(6, window.duplicatePackets());
        // 7 SRTP rejections, of which 2 replays and 1 too old: 4 failed their tag or framing
        assertEquals(4, window.authFailures());
        assertEquals(20, window.srtcpReceived());
        assertEquals(5, window.senderReports());
    }
}
