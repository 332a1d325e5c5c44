package io.rtcgate.ingest.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void parsesRfc7616Challenge() throws RtspProtocolException {
        List<AuthChallenge> challenges = AuthChallenge.parseAll(List.of(
                "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
                        + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
                        + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""));
        assertEquals(1, challenges.size());
        AuthChallenge c = challenges.get(0);
        assertTrue(c.isDigest());
        assertEquals("http-auth@example.org", c.realm());
        assertEquals("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", c.nonce());
        assertEquals("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", c.opaque());
        assertEquals("SHA-256", c.algorithm());
        assertEquals(DigestAlgorithm.SHA_256, c.digestAlgorithm());
        assertEquals(List.of("auth", "auth-int"), c.qopOptions());
        assertFalse(c.stale());
    }

    @Test
    void severalChallengesInOneValueAndAcrossValues() throws RtspProtocolException {
        List<AuthChallenge> challenges = AuthChallenge.parseAll(List.of(
                "Digest realm=\"a, b\", nonce=\"n,1\", stale=TRUE, Basic realm=\"x\"",
                "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\"",
                "Negotiate abc+/def==, Digest realm=cams,nonce=2"));
        assertEquals(6, challenges.size());
        AuthChallenge digest = challenges.get(0);
        assertEquals("a, b", digest.realm());
        assertEquals("n,1", digest.nonce());
        assertTrue(digest.stale());
        assertEquals(DigestAlgorithm.MD5, digest.digestAlgorithm());
        assertEquals(List.of(), digest.qopOptions());
        assertTrue(challenges.get(1).isBasic());
        assertEquals("x", challenges.get(1).realm());
        assertEquals("Login to \"apps\"", challenges.get(2).param("TITLE"));
        assertEquals("simple", challenges.get(3).realm());
        assertEquals("abc+/def==", challenges.get(4).token68());
        assertEquals("cams", challenges.get(5).realm());
        assertEquals("2", challenges.get(5).nonce());
    }

    @Test
    void schemeWithoutParametersAndUnknownAlgorithm() throws RtspProtocolException {
        List<AuthChallenge> challenges = AuthChallenge.parseAll(List.of("Basic", "Digest realm=r, nonce=n, "
                + "algorithm=SHA-512-256"));
        assertEquals(2, challenges.size());
        assertNull(challenges.get(0).realm());
        assertNull(challenges.get(1).digestAlgorithm());
    }

    @Test
    void rejectsMalformedValues() {
        assertRejected("Digest realm=\"unterminated", "unterminated quoted-string");
        assertRejected("Digest realm=a nonce=b", "expected ','");
        assertRejected("=x", "expected an auth-scheme");
        assertRejected("Digest\"realm\"", "expected a space after auth-scheme");
        assertRejected("Basic abc== def", "expected ','");
        assertRejected("x".repeat(8193), "limit is 8192");
        assertRejected("Basic, ".repeat(17), "more than 16");
        StringBuilder manyParams = new StringBuilder("Digest ");
        for (int i = 0; i < 33; i++) {
            manyParams.append("p").append(i).append("=1, ");
        }
        assertRejected(manyParams.toString(), "more than 32 auth-params");
        assertThrows(NullPointerException.class, () -> AuthChallenge.parseAll(null));
    }

    private static void assertRejected(String value, String messagePart) {
        RtspProtocolException e = assertThrows(RtspProtocolException.class,
                () -> AuthChallenge.parseAll(List.of(value)));
        assertTrue(e.getMessage().contains(messagePart), () -> "\"" + e.getMessage() + "\" lacks \"" + messagePart
                + "\"");
    }
}
