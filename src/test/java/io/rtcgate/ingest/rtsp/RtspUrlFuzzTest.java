package io.rtcgate.ingest.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any text: parse succeeds (port in range, the password absent from redacted() and the credential-free URI, which
 * parses back to the same host/port/path) or throws RtspProtocolException without the password in its message.
 */
class RtspUrlFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] data) throws RtspProtocolException {
        String text = new String(data, StandardCharsets.UTF_8);
        RtspUrl url;
        try {
            url = RtspUrl.parse(text);
        } catch (RtspProtocolException e) {
            assertFalse(e.getMessage().isEmpty());
            return;
        }
        assertTrue(url.port() >= 1 && url.port() <= 65535);
        assertFalse(url.host().isEmpty());
        String redacted = url.redacted();
        String authority = redacted.substring("rtsp://".length());
        int slash = authority.indexOf('/');
        int question = authority.indexOf('?');
        int authorityEnd = slash < 0 ? question : question < 0 ? slash : Math.min(slash, question);
        authority = authorityEnd < 0 ? authority : authority.substring(0, authorityEnd); // path may repeat any text
        String hostPart = authority.substring(authority.lastIndexOf('@') + 1);
        assertTrue(hostPart.equals(url.host()) || hostPart.equals(url.host() + ":" + url.port()), redacted);
        if (url.password() != null) {
            assertTrue(authority.endsWith(":***@" + hostPart), redacted);
        }
        RtspUrl again = RtspUrl.parse(url.withoutCredentials().toString());
        assertEquals(url.host(), again.host());
        assertEquals(url.port(), again.port());
        assertEquals(url.path(), again.path());
        assertEquals(url.query(), again.query());
        assertFalse(again.hasCredentials());
    }
}
