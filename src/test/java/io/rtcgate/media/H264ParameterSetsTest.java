package io.rtcgate.media;

import static io.rtcgate.media.H264Samples.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class H264ParameterSetsTest {
    private final H264ParameterSets sets = new H264ParameterSets();

    private static String b64(String hex) {
        return Base64.getEncoder().encodeToString(bytes(hex));
    }

    @Test
    void readsSpropParameterSets() {
        sets.setFromSprop(b64(H264Samples.BASELINE_SPS) + "," + b64(H264Samples.BASELINE_PPS));
        assertTrue(sets.complete());
        assertEquals("42c01e", sets.profileLevelId());
        assertEquals(640, sets.sps().width());
        assertArrayEquals(bytes(H264Samples.BASELINE_SPS), sets.spsBytes());
        assertArrayEquals(bytes(H264Samples.BASELINE_PPS), sets.ppsBytes());
        assertEquals(b64(H264Samples.BASELINE_SPS) + "," + b64(H264Samples.BASELINE_PPS), sets.toSprop());
    }

    @Test
    void acceptsMissingPaddingAndSurroundingSpaces() {
        sets.setFromSprop(" Z0LAHtkAoC/5cBEAAAMAAQAAAwA8DxYuSA , aMuDyyA ");
        assertTrue(sets.complete());
        assertArrayEquals(bytes(H264Samples.BASELINE_PPS), sets.ppsBytes());
    }

    @Test
    void rejectsMalformedSpropWithoutChangingAnything() {
        sets.setFromSprop(b64(H264Samples.BASELINE_SPS) + "," + b64(H264Samples.BASELINE_PPS));
        assertMessage("Z0LA$$,aMuDyyA=", "element 1 is not base64");
        assertMessage(b64(H264Samples.BASELINE_SPS) + ",", "element 2 is empty");
        assertMessage("", "element 1 is empty");
        assertMessage(b64("67 42 c0"), "SPS too short");
        assertMessage(b64("06 05 01 aa 80"), "neither SPS nor PPS");
        assertMessage(b64("68"), "PPS too short");
        assertMessage(null, "missing");
        assertMessage("A".repeat(H264ParameterSets.MAX_SPROP_LENGTH + 1), "longer than");
        assertEquals("42c01e", sets.profileLevelId(), "the earlier value is kept");
    }

    private void assertMessage(String sprop, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sets.setFromSprop(sprop));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void emptyUntilSet() {
        assertFalse(sets.complete());
        assertNull(sets.sps());
        assertNull(sets.profileLevelId());
        assertNull(sets.toSprop());
    }

    @Test
    void sameInBandSpsIsUnchangedAndKeepsTheParsedInstance() {
        byte[] spsBytes = bytes(H264Samples.HIGH_SPS);
        ByteBuf buf = Unpooled.wrappedBuffer(spsBytes);
        assertEquals(H264ParameterSets.Update.UPDATED, sets.offerSps(buf, 0, spsBytes.length));
        H264Sps parsed = sets.sps();
        assertEquals(H264ParameterSets.Update.UNCHANGED, sets.offerSps(buf, 0, spsBytes.length));
        assertSame(parsed, sets.sps());
        assertEquals(H264ParameterSets.Update.REJECTED, sets.offerSps(buf, 0, 3));
        assertSame(parsed, sets.sps());
    }
}
