package io.rtcgate.ingest.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RtspUrlTest {

    @Test
    void parsesFullUrl() throws RtspProtocolException {
        RtspUrl url = RtspUrl.parse("rtsp://admin:s3cr%40t%3Ax@Cam-1.Example:8554/Streaming/Channels/101?transport=tcp");
        assertEquals("admin", url.user());
        assertEquals("s3cr@t:x", url.password());
        assertTrue(url.hasCredentials());
        assertEquals("cam-1.example", url.host());
        assertEquals(8554, url.port());
        assertEquals("/Streaming/Channels/101", url.path());
        assertEquals("transport=tcp", url.query());
        assertEquals(URI.create("rtsp://cam-1.example:8554/Streaming/Channels/101?transport=tcp"),
                url.withoutCredentials());
        assertEquals("rtsp://admin:***@cam-1.example:8554/Streaming/Channels/101?transport=tcp", url.redacted());
        assertEquals(url.redacted(), url.toString());
    }

    @Test
    void defaultsAndVariants() throws RtspProtocolException {
        RtspUrl plain = RtspUrl.parse("RTSP://192.0.2.10/live");
        assertEquals(554, plain.port());
        assertNull(plain.user());
        assertNull(plain.password());
        assertFalse(plain.hasCredentials());
        assertNull(plain.query());
        assertEquals(URI.create("rtsp://192.0.2.10/live"), plain.withoutCredentials());
        assertEquals("rtsp://192.0.2.10/live", plain.redacted());

        RtspUrl noPath = RtspUrl.parse("rtsp://cam");
        assertEquals("", noPath.path());
        assertEquals(URI.create("rtsp://cam"), noPath.withoutCredentials());

        RtspUrl ipv6 = RtspUrl.parse("rtsp://user@[2001:db8::1]:10554/s");
        assertEquals("[2001:db8::1]", ipv6.host());
        assertEquals(10554, ipv6.port());
        assertEquals("user", ipv6.user());
        assertNull(ipv6.password());
        assertEquals("rtsp://user@[2001:db8::1]:10554/s", ipv6.redacted());

        RtspUrl unicode = RtspUrl.parse("rtsp://j%C3%BCrgen:p%C3%A4ss@cam/");
        assertEquals("jürgen", unicode.user());
        assertEquals("päss", unicode.password());
        assertEquals("rtsp://j%C3%BCrgen:***@cam/", unicode.redacted());

        RtspUrl emptyPassword = RtspUrl.parse("rtsp://user:@cam/");
        assertEquals("", emptyPassword.password());
        assertEquals("rtsp://user:***@cam/", emptyPassword.redacted());
    }

    @Test
    void redactsSecretQueryParameters() throws RtspProtocolException {
        RtspUrl url = RtspUrl.parse("rtsp://cam/cgi?channel=1&user=admin&password=hunter2&pwd=x&token=t&subtype=0");
        assertEquals("rtsp://cam/cgi?channel=1&user=admin&password=***&pwd=***&token=***&subtype=0", url.redacted());
    }

    @Test
    void rejectsBadUrlsWithoutLeakingPassword() {
        assertRejected(null, "null");
        assertRejected("http://cam/stream", "unsupported scheme \"http\"");
        assertRejected("rtsps://cam/stream", "unsupported scheme \"rtsps\"");
        assertRejected("cam/stream", "not an rtsp:// URL");
        assertRejected("rtsp:///stream", "no host");
        assertRejected("rtsp://user:pw@/stream", "no host");
        assertRejected("rtsp://cam:/stream", "empty port");
        assertRejected("rtsp://cam:abc/stream", "bad port");
        assertRejected("rtsp://cam:0/stream", "outside 1..65535");
        assertRejected("rtsp://cam:65536/stream", "outside 1..65535");
        assertRejected("rtsp://cam:1234567/stream", "bad port");
        assertRejected("rtsp://ca m/stream", "invalid host");
        assertRejected("rtsp://[2001:db8::1/stream", "lacks ']'");
        assertRejected("rtsp://[zz]/stream", "invalid IPv6 host");
        assertRejected("rtsp://[::1]x/stream", "after IPv6 host");
        assertRejected("rtsp://cam/stream#frag", "fragment");
        assertRejected("rtsp://cam/str eam", "invalid character");
        assertRejected("rtsp://user:secret%zz@cam/", "bad percent-encoding in the password");
        assertRejected("rtsp://user:secret%FF@cam/", "not UTF-8");
        assertRejected("rtsp://cam/" + "x".repeat(RtspUrl.MAX_LENGTH), "limit is 4096");
        RtspProtocolException e = assertThrows(RtspProtocolException.class,
                () -> RtspUrl.parse("rtsp://admin:topsecret@cam:99999/"));
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    }

    private static void assertRejected(String url, String messagePart) {
        RtspProtocolException e = assertThrows(RtspProtocolException.class, () -> RtspUrl.parse(url));
        assertTrue(e.getMessage().contains(messagePart), () -> "\"" + e.getMessage() + "\" lacks \"" + messagePart
                + "\"");
    }
}
