package io.rtcgate.webrtc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/** Any Authorization header: no exception, and only the configured secrets open the door. */
class ReaderCredentialsFuzzTest {
    private static final ReaderCredentials BOTH = ReaderCredentials.of(Optional.of("viewer"), Optional.of("pa55"),
            Optional.of("t0k3n"));
    private static final ReaderCredentials OPEN = ReaderCredentials.open();

    @FuzzTest(maxDuration = "10s")
    void accepts(byte[] header) {
        String authorization = new String(header, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(OPEN.accepts(authorization));
        boolean accepted = BOTH.accepts(authorization);
        if (accepted) {
            String value = authorization.trim();
            assertTrue(value.regionMatches(true, 0, "bearer ", 0, 7) || value.regionMatches(true, 0, "basic ", 0, 6), value);
        }
        if (!authorization.contains("t0k3n") && !authorization.trim().regionMatches(true, 0, "basic", 0, 5)) {
            assertFalse(accepted, authorization);
        }
    }
}
