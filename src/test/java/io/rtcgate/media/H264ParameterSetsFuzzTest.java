package io.rtcgate.media;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

class H264ParameterSetsFuzzTest {

    /** Any sprop-parameter-sets text: accepted, or IllegalArgumentException with a message. */
    @FuzzTest(maxDuration = "10s")
    void setFromSprop(byte[] data) {
        String sprop = new String(data, StandardCharsets.ISO_8859_1);
        H264ParameterSets sets = new H264ParameterSets();
        try {
            sets.setFromSprop(sprop);
            assertTrue(sets.sps() != null || sets.ppsBytes() != null);
            if (sets.sps() != null) {
                assertNotNull(sets.spsBytes());
            }
        } catch (IllegalArgumentException expected) {
            assertNotNull(expected.getMessage());
        }
    }
}
