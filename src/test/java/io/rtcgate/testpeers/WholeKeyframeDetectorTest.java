package io.rtcgate.testpeers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WholeKeyframeDetectorTest {
    private static final boolean MARKER = true;
    private static final boolean NO_MARKER = false;
    private static final boolean STARTS = true;
    private static final boolean MIDDLE = false;
    private static final boolean IDR = true;
    private static final boolean NO_IDR = false;

    private final WholeKeyframeDetector detector = new WholeKeyframeDetector();

    @Test
    void spsThenIdrFragmentsUpToTheMarkerComplete() {
        assertFalse(detector.onPacket(100, 9000, NO_MARKER, STARTS, NO_IDR)); // STAP-A SPS+PPS
        assertFalse(detector.onPacket(101, 9000, NO_MARKER, STARTS, IDR)); // FU-A start of the IDR
        assertFalse(detector.onPacket(102, 9000, NO_MARKER, MIDDLE, IDR));
        assertTrue(detector.onPacket(103, 9000, MARKER, MIDDLE, IDR)); // FU-A end
        assertTrue(detector.done());
        assertFalse(detector.onPacket(104, 12000, MARKER, STARTS, IDR), "only the first keyframe is reported");
    }

    @Test
    void aSinglePacketIdrCompletesAtOnce() {
        assertTrue(detector.onPacket(7, 1, MARKER, STARTS, IDR));
    }

    @Test
    void joiningInTheMiddleOfAKeyframeWaitsForTheNextOne() {
        assertFalse(detector.onPacket(50, 9000, NO_MARKER, MIDDLE, IDR));
        assertFalse(detector.onPacket(51, 9000, MARKER, MIDDLE, IDR));
        assertFalse(detector.onPacket(52, 12000, MARKER, MIDDLE, NO_IDR)); // a P frame
        assertFalse(detector.done());
        assertFalse(detector.onPacket(53, 15000, NO_MARKER, STARTS, IDR));
        assertTrue(detector.onPacket(54, 15000, MARKER, MIDDLE, IDR));
    }

    @Test
    void aHoleAbandonsTheAccessUnit() {
        assertFalse(detector.onPacket(10, 9000, NO_MARKER, STARTS, IDR));
        assertFalse(detector.onPacket(12, 9000, MARKER, MIDDLE, IDR)); // 11 lost
        assertFalse(detector.done());
        assertFalse(detector.onPacket(13, 12000, NO_MARKER, STARTS, IDR));
        assertTrue(detector.onPacket(14, 12000, MARKER, MIDDLE, IDR));
    }

    @Test
    void anAccessUnitWithoutAnIdrSliceIsNoKeyframe() {
        assertFalse(detector.onPacket(1, 9000, NO_MARKER, STARTS, NO_IDR)); // SPS
        assertFalse(detector.onPacket(2, 9000, MARKER, MIDDLE, NO_IDR)); // a non-IDR slice
        assertFalse(detector.done());
    }

    @Test
    void aNewTimestampBeforeTheMarkerAbandonsTheAccessUnit() {
        assertFalse(detector.onPacket(1, 9000, NO_MARKER, STARTS, IDR));
        assertFalse(detector.onPacket(2, 12000, MARKER, MIDDLE, NO_IDR)); // the IDR's marker never came
        assertFalse(detector.done());
    }

    @Test
    void sequenceNumbersWrapInsideAKeyframe() {
        assertFalse(detector.onPacket(65534, 9000, NO_MARKER, STARTS, IDR));
        assertFalse(detector.onPacket(65535, 9000, NO_MARKER, MIDDLE, IDR));
        assertTrue(detector.onPacket(0, 9000, MARKER, MIDDLE, IDR));
    }
}
