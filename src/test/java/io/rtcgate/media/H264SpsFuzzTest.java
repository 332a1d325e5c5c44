package io.rtcgate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

class H264SpsFuzzTest {

    /** Any bytes: either an SPS with a sane picture size or an H264SyntaxException, nothing else. */
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] data) {
        try {
            H264Sps sps = H264Sps.parse(data);
            int maxSide = 16 * H264Sps.MAX_MACROBLOCKS_PER_SIDE * 2;
            assertTrue(sps.width() > 0 && sps.width() <= maxSide, "width " + sps.width());
            assertTrue(sps.height() > 0 && sps.height() <= maxSide, "height " + sps.height());
            assertEquals(6, sps.profileLevelId().length());
            assertEquals(data[1] & 0xFF, sps.profileIdc());
        } catch (H264SyntaxException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
        }
    }
}
