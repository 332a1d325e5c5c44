package io.rtcgate.ingest.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcgate.ingest.rtsp.ServerAuthenticator.Result;
import io.rtcgate.ingest.rtsp.ServerAuthenticator.Status;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerAuthenticatorTest {

    private final MutableClock clock = new MutableClock();

    private ServerAuthenticator server(Set<DigestAlgorithm> algorithms, boolean basic) {
        return new ServerAuthenticator("rtcgate", "publisher", "pa\"ss:word", algorithms, basic, clock,
                Duration.ofMinutes(5));
    }

    @Test
    void challengesOrderSha256FirstMd5LastThenBasic() throws RtspProtocolException {
        List<String> values = server(EnumSet.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256), true).challenges();
        assertEquals(3, values.size());
        List<AuthChallenge> parsed = AuthChallenge.parseAll(values);
        assertEquals(DigestAlgorithm.SHA_256, parsed.get(0).digestAlgorithm());
        assertEquals(DigestAlgorithm.MD5, parsed.get(1).digestAlgorithm());
        assertTrue(parsed.get(2).isBasic());
        assertEquals("rtcgate", parsed.get(0).realm());
        assertEquals(List.of("auth"), parsed.get(0).qopOptions());
        assertEquals(parsed.get(0).nonce(), parsed.get(1).nonce());
        assertFalse(parsed.get(0).stale());
        assertTrue(AuthChallenge.parseAll(server(EnumSet.of(DigestAlgorithm.MD5), false).challenges(true)).get(0)
                .stale());
        assertNotEquals(parsed.get(0).nonce(), AuthChallenge.parseAll(
                server(EnumSet.of(DigestAlgorithm.MD5), false).challenges()).get(0).nonce());
    }

    @Test
    void clientAndServerAgreeForEveryAlgorithm() throws RtspProtocolException {
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            ServerAuthenticator server = server(EnumSet.of(algorithm), false);
            ClientAuthenticator client = new ClientAuthenticator("publisher", "pa\"ss:word");
            String header = client.authorization("ANNOUNCE", "rtsp://gw/live/cam1",
                    AuthChallenge.parseAll(server.challenges()));
            assertEquals(Status.OK, server.verify("ANNOUNCE", header).status(), algorithm + ": " + header);
            assertEquals(Status.OK, server.verify("SETUP", client.authorization("SETUP", "rtsp://gw/live/cam1/s=0"))
                    .status());
            assertEquals(Status.BAD_CREDENTIALS, server.verify("RECORD", header).status(),
                    "the response signs the method");
        }
    }

    @Test
    void sha256PreferredByClientWhenBothOffered() throws RtspProtocolException {
        ServerAuthenticator server = server(EnumSet.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256), true);
        ClientAuthenticator client = new ClientAuthenticator("publisher", "pa\"ss:word");
        String header = client.authorization("ANNOUNCE", "rtsp://gw/x", AuthChallenge.parseAll(server.challenges()));
        assertTrue(header.contains("algorithm=SHA-256"), header);
        Result result = server.verify("ANNOUNCE", header);
        assertEquals(Status.OK, result.status());
        assertTrue(result.ok());
    }

    @Test
    void acceptsRfc2069ResponseWithoutQopAsGstreamerSendsIt() throws RtspProtocolException {
        ServerAuthenticator server = server(EnumSet.of(DigestAlgorithm.MD5), false);
        String nonce = AuthChallenge.parseAll(server.challenges()).get(0).nonce();
        String response = DigestAlgorithm.MD5.response("publisher", "rtcgate", "pa\"ss:word", "ANNOUNCE",
                "rtsp://gw/x", nonce, null, null, null);
        Result result = server.verify("ANNOUNCE", "Digest username=\"publisher\", realm=\"rtcgate\", nonce=\""
                + nonce + "\", uri=\"rtsp://gw/x\", response=\"" + response.toUpperCase() + "\"");
        assertEquals(Status.OK, result.status(), result.reason());
    }

    @Test
    void wrongPasswordOrUserIsBadCredentials() throws RtspProtocolException {
        ServerAuthenticator server = server(EnumSet.of(DigestAlgorithm.SHA_256), true);
        for (String[] credentials : new String[][] {{"publisher", "wrong"}, {"other", "pa\"ss:word"}}) {
            ClientAuthenticator client = new ClientAuthenticator(credentials[0], credentials[1]);
            Result result = server.verify("ANNOUNCE", client.authorization("ANNOUNCE", "rtsp://gw/x",
                    AuthChallenge.parseAll(server.challenges())));
            assertEquals(Status.BAD_CREDENTIALS, result.status());
            assertEquals("wrong user or password", result.reason());
        }
    }

    @Test
    void expiredOrForeignNonceWithRightPasswordIsStale() throws RtspProtocolException {
        ServerAuthenticator server = server(EnumSet.of(DigestAlgorithm.MD5), false);
        ClientAuthenticator client = new ClientAuthenticator("publisher", "pa\"ss:word");
        String header = client.authorization("ANNOUNCE", "rtsp://gw/x", AuthChallenge.parseAll(server.challenges()));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(Status.OK, server.verify("ANNOUNCE", header).status(), "still within the lifetime");
        clock.advance(Duration.ofMillis(1));
        Result expired = server.verify("ANNOUNCE", header);
        assertEquals(Status.STALE, expired.status());
        assertEquals("nonce expired", expired.reason());

        // a nonce from another instance (e.g. before a restart): right password, so STALE, not BAD_CREDENTIALS
        ServerAuthenticator restarted = server(EnumSet.of(DigestAlgorithm.MD5), false);
        clock.advance(Duration.ofMinutes(-5));
        assertEquals(Status.STALE, restarted.verify("ANNOUNCE", client.authorization("ANNOUNCE", "rtsp://gw/x"))
                .status());

        // the RFC 7616 example nonce is not ours either, but its response verifies against the RFC's password
        ServerAuthenticator rfc = new ServerAuthenticator("http-auth@example.org", "Mufasa", "Circle of Life",
                EnumSet.of(DigestAlgorithm.SHA_256), false, clock, Duration.ofMinutes(1));
        Result rfcResult = rfc.verify("GET", "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
                + "uri=\"/dir/index.html\", algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
                + "nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
                + "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
                + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
        assertEquals(Status.STALE, rfcResult.status(), rfcResult.reason());
    }

    @Test
    void tamperedNonceIsRejected() throws RtspProtocolException {
        ServerAuthenticator server = server(EnumSet.of(DigestAlgorithm.MD5), false);
        String nonce = AuthChallenge.parseAll(server.challenges()).get(0).nonce();
        char[] chars = nonce.toCharArray();
        chars[3] = chars[3] == 'A' ? 'B' : 'A'; // inside the timestamp: extends the lifetime if unsigned
        String forged = new String(chars);
        ClientAuthenticator client = new ClientAuthenticator("publisher", "pa\"ss:word");
        String header = client.authorization("ANNOUNCE", "rtsp://gw/x",
                AuthChallenge.parseAll(List.of("Digest realm=\"rtcgate\", nonce=\"" + forged + "\", qop=auth")));
        Result result = server.verify("ANNOUNCE", header);
        assertEquals(Status.STALE, result.status());
        assertTrue(result.reason().contains("not issued here"), result.reason());
    }

    @Test
    void basicAuthentication() {
        ServerAuthenticator withBasic = server(EnumSet.of(DigestAlgorithm.MD5), true);
        assertEquals(Status.OK, withBasic.verify("ANNOUNCE", basic("publisher:pa\"ss:word")).status());
        assertEquals(Status.BAD_CREDENTIALS, withBasic.verify("ANNOUNCE", basic("publisher:nope")).status());
        assertEquals(Status.BAD_CREDENTIALS, withBasic.verify("ANNOUNCE", basic("other:pa\"ss:word")).status());
        assertEquals(Status.MALFORMED, withBasic.verify("ANNOUNCE", basic("no-colon")).status());
        assertEquals(Status.MALFORMED, withBasic.verify("ANNOUNCE", "Basic !!!notbase64").status());
        assertEquals(Status.MALFORMED, withBasic.verify("ANNOUNCE", "Basic realm=x").status());
        ServerAuthenticator digestOnly = server(EnumSet.of(DigestAlgorithm.MD5), false);
        Result refused = digestOnly.verify("ANNOUNCE", basic("publisher:pa\"ss:word"));
        assertEquals(Status.BAD_CREDENTIALS, refused.status());
        assertEquals("Basic not accepted", refused.reason());
    }

    @Test
    void missingAndMalformedHeaders() {
        ServerAuthenticator server = server(EnumSet.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256), false);
        assertEquals(Status.MISSING, server.verify("ANNOUNCE", null).status());
        assertEquals(Status.MISSING, server.verify("ANNOUNCE", " ").status());
        assertEquals(Status.MALFORMED, server.verify("ANNOUNCE", "Digest username=\"x").status());
        assertEquals(Status.MALFORMED, server.verify("ANNOUNCE", "Digest username=x, Basic abc").status());
        assertEquals(Status.MALFORMED, server.verify("ANNOUNCE", "Digest username=x, realm=rtcgate").status());
        assertEquals(Status.MALFORMED, server.verify("ANNOUNCE", "Digest username=x, realm=rtcgate, nonce=n, uri=u, "
                + "response=r, qop=auth").status());
        assertEquals(Status.BAD_CREDENTIALS, server.verify("ANNOUNCE", "Digest username=x, realm=rtcgate, nonce=n, "
                + "uri=u, response=r, qop=auth-int, nc=00000001, cnonce=c").status());
        assertEquals(Status.BAD_CREDENTIALS, server.verify("ANNOUNCE", "Digest username=x, realm=other, nonce=n, "
                + "uri=u, response=r").status());
        assertEquals(Status.BAD_CREDENTIALS, server.verify("ANNOUNCE", "Digest username=x, realm=rtcgate, nonce=n, "
                + "uri=u, response=r, algorithm=SHA-512-256").status());
        assertEquals(Status.BAD_CREDENTIALS, server.verify("ANNOUNCE", "Bearer abc").status());
    }

    @Test
    void constructorValidatesAndToStringHidesPassword() {
        ServerAuthenticator server = server(EnumSet.of(DigestAlgorithm.MD5), true);
        assertFalse(server.toString().contains("pa\"ss:word"), server.toString());
        assertThrows(IllegalArgumentException.class, () -> server(EnumSet.noneOf(DigestAlgorithm.class), false));
        assertThrows(IllegalArgumentException.class, () -> new ServerAuthenticator("r", "u", "p",
                EnumSet.of(DigestAlgorithm.MD5), false, clock, Duration.ZERO));
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
