package io.rtcgate.webrtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rtcgate.webrtc.sdp.H264ProfileLevelId.Profile;
import org.junit.jupiter.api.Test;

class H264ProfileLevelIdTest {

    @Test
    void rfc6184Table5() {
        assertEquals(Profile.CONSTRAINED_BASELINE, profile("42e01f"));
        assertEquals(Profile.CONSTRAINED_BASELINE, profile("42401f"));
        assertEquals(Profile.CONSTRAINED_BASELINE, profile("4d801f"));
        assertEquals(Profile.CONSTRAINED_BASELINE, profile("58c01f"));
        assertEquals(Profile.BASELINE, profile("42001f"));
        assertEquals(Profile.BASELINE, profile("58801f"));
        assertEquals(Profile.EXTENDED, profile("58001f"));
        assertEquals(Profile.MAIN, profile("4d001f"));
        assertEquals(Profile.MAIN, profile("4d401f"));
        assertEquals(Profile.HIGH, profile("640028"));
        assertEquals(Profile.CONSTRAINED_HIGH, profile("640c1f"));
        assertEquals(Profile.OTHER, profile("f4001f")); // High 4:4:4 Predictive, offered by Chromium
        assertEquals(Profile.OTHER, profile("6e001f")); // High 10
        assertEquals(Profile.OTHER, profile("42e41f")); // constraint_set5 set: no row of the table
    }

    @Test
    void streamProfileLooksAtProfileIdcWhenFlagsFitNoRow() {
        assertEquals(Profile.HIGH, H264ProfileLevelId.parseOrNull("640828").streamProfile());
        assertEquals(Profile.CONSTRAINED_BASELINE, H264ProfileLevelId.parseOrNull("42e41f").streamProfile());
        assertEquals(Profile.OTHER, H264ProfileLevelId.parseOrNull("f4001f").streamProfile());
    }

    @Test
    void parsing() {
        H264ProfileLevelId id = H264ProfileLevelId.parseOrNull("4D401F");
        assertEquals(0x4d, id.profileIdc());
        assertEquals(0x40, id.profileIop());
        assertEquals(0x1f, id.levelIdc());
        assertEquals("4d401f", id.toString());
        assertNull(H264ProfileLevelId.parseOrNull("42e01"));
        assertNull(H264ProfileLevelId.parseOrNull("42e01f0"));
        assertNull(H264ProfileLevelId.parseOrNull("42e0-f"));
        assertNull(H264ProfileLevelId.parseOrNull("+2e01f"));
        assertNull(H264ProfileLevelId.parseOrNull(null));
        assertEquals("42000a", H264ProfileLevelId.DEFAULT.toString());
    }

    private static Profile profile(String hex) {
        return H264ProfileLevelId.parseOrNull(hex).profile();
    }
}
