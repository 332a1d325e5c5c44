package io.rtcgate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** Copies every access unit it gets, after checking the AVCC layout invariants of the view. */
final class RecordingListener implements AccessUnitListener {
    record Captured(long rtpTimestamp, boolean keyframe, boolean hasParameterSets, boolean hasBSlices,
            int sliceCount, List<byte[]> nals) {
        int nalType(int i) {
            return nals.get(i)[0] & 0x1F;
        }

        int[] nalTypes() {
            return nals.stream().mapToInt(n -> n[0] & 0x1F).toArray();
        }
    }

    final List<Captured> units = new ArrayList<>();

    @Override
    public void onAccessUnit(AccessUnit unit) {
        units.add(capture(unit));
    }

    /** Asserts that data() is exactly the length-prefixed NAL units the offsets describe; copies them. */
    static Captured capture(AccessUnit unit) {
        ByteBuf data = unit.data();
        assertTrue(unit.nalCount() > 0, "an access unit has NAL units");
        int expectedOffset = data.readerIndex();
        List<byte[]> nals = new ArrayList<>();
        for (int i = 0; i < unit.nalCount(); i++) {
            int offset = unit.nalOffset(i);
            int length = unit.nalLength(i);
            assertEquals(expectedOffset + 4, offset, "NAL " + i + " follows the previous one");
            assertEquals(length, data.getInt(offset - 4), "NAL " + i + " length prefix");
            assertTrue(length >= 1, "NAL " + i + " is not empty");
            byte[] nal = new byte[length];
            data.getBytes(offset, nal);
            nals.add(nal);
            assertEquals(nal[0] & 0x1F, unit.nalType(i));
            expectedOffset = offset + length;
        }
        assertEquals(data.writerIndex(), expectedOffset, "data() ends with the last NAL");
        return new Captured(unit.rtpTimestamp(), unit.keyframe(), unit.hasParameterSets(), unit.hasBSlices(),
                unit.sliceCount(), nals);
    }
}
