package io.rtcgate.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** HTTP Basic (RFC 7617) and bearer (RFC 6750) reader credentials. */
class ReaderCredentialsTest {

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nothingConfiguredIsOpen() {
        ReaderCredentials open = ReaderCredentials.of(Optional.empty(), Optional.empty(), Optional.empty());
        assertFalse(open.required());
        assertTrue(open.accepts(null));
        assertTrue(open.accepts("Basic garbage"));
    }

    @Test
    void basicNeedsTheExactUserAndPassword() {
        ReaderCredentials c = ReaderCredentials.of(Optional.of("Aladdin"), Optional.of("open sesame"), Optional.empty());
        assertTrue(c.required());
        // RFC 7617 §2's example
        assertTrue(c.accepts("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
        assertTrue(c.accepts("basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="), "the scheme is case-insensitive");
        assertFalse(c.accepts(basic("Aladdin:open sesame!")));
        assertFalse(c.accepts(basic("aladdin:open sesame")));
        assertFalse(c.accepts(basic("Aladdin")));
        assertFalse(c.accepts("Basic !!!not-base64"));
        assertFalse(c.accepts("Bearer open sesame"));
        assertFalse(c.accepts(null));
        assertFalse(c.accepts(""));
        assertEquals(List.of("Basic realm=\"rtcgate\", charset=\"UTF-8\""), c.challenges());
    }

    @Test
    void aTokenWorksAsBearerAndAsTheBasicPasswordOfAnyUser() {
        ReaderCredentials c = ReaderCredentials.of(Optional.empty(), Optional.empty(), Optional.of("mF_9.B5f-4.1JqM"));
        assertTrue(c.accepts("Bearer mF_9.B5f-4.1JqM"));
        assertTrue(c.accepts(basic("anyone:mF_9.B5f-4.1JqM")));
        assertFalse(c.accepts("Bearer mF_9.B5f-4.1Jq"));
        assertFalse(c.accepts(basic("mF_9.B5f-4.1JqM:")));
        assertEquals(2, c.challenges().size());
        assertTrue(c.challenges().get(1).startsWith("Bearer realm=\"rtcgate\""));
    }

    @Test
    void bothFormsTogether() {
        ReaderCredentials c = ReaderCredentials.of(Optional.of("u"), Optional.of("p"), Optional.of("t0k3n"));
        assertTrue(c.accepts(basic("u:p")));
        assertTrue(c.accepts("Bearer t0k3n"));
        assertFalse(c.accepts(basic("u:t")));
    }

    @Test
    void toStringShowsNoSecret() {
        ReaderCredentials c = ReaderCredentials.of(Optional.of("viewer"), Optional.of("hunter2"), Optional.of("s3cr3t"));
        assertFalse(c.toString().contains("hunter2") || c.toString().contains("s3cr3t") || c.toString().contains("viewer"));
    }
}
