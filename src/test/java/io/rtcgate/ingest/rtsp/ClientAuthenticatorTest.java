package io.rtcgate.ingest.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAuthenticatorTest {

    private static final String RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    private static String rfc7616Challenge(String algorithm) {
        return "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=" + algorithm
                + ", nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
                + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    }

    /** RFC 7616 §3.9.1: both responses of the example must match exactly. */
    @Test
    void rfc7616ExampleMd5AndSha256() throws RtspProtocolException {
        for (String[] vector : new String[][] {
                {"MD5", "8ca523f5e9506fed4657c9700eebdbec"},
                {"SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"}}) {
            ClientAuthenticator client = new ClientAuthenticator("Mufasa", "Circle of Life", () -> RFC7616_CNONCE);
            String header = client.authorization("GET", "/dir/index.html",
                    AuthChallenge.parseAll(List.of(rfc7616Challenge(vector[0]))));
            AuthChallenge sent = AuthChallenge.parseAll(List.of(header)).get(0);
            assertEquals(vector[1], sent.param("response"), vector[0]);
            assertEquals("Mufasa", sent.param("username"));
            assertEquals("/dir/index.html", sent.param("uri"));
            assertEquals("auth", sent.param("qop"));
            assertEquals("00000001", sent.param("nc"));
            assertEquals(RFC7616_CNONCE, sent.param("cnonce"));
            assertEquals(vector[0], sent.algorithm());
            assertEquals("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", sent.opaque());
            assertTrue(client.canRetry());
        }
    }

    /** RFC 2617 §3.5 example (qop=auth, MD5). */
    @Test
    void rfc2617Example() throws RtspProtocolException {
        ClientAuthenticator client = new ClientAuthenticator("Mufasa", "Circle Of Life", () -> "0a4f113b");
        String header = client.authorization("GET", "/dir/index.html", AuthChallenge.parseAll(List.of(
                "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                        + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"")));
        AuthChallenge sent = AuthChallenge.parseAll(List.of(header)).get(0);
        assertEquals("6629fae49393a05397450978507c4ef1", sent.param("response"));
        assertNull(sent.algorithm(), "no algorithm in the challenge, none in the answer");
    }

    /** RFC 2069 style as cameras send it: no qop, so no nc/cnonce (errata value of the RFC 2069 example). */
    @Test
    void rfc2069StyleWithoutQop() throws RtspProtocolException {
        ClientAuthenticator client = new ClientAuthenticator("Mufasa", "CircleOfLife");
        String header = client.authorization("GET", "/dir/index.html", AuthChallenge.parseAll(List.of(
                "Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"")));
        AuthChallenge sent = AuthChallenge.parseAll(List.of(header)).get(0);
        assertEquals("1949323746fe6a43ef61f9606e7febea", sent.param("response"));
        assertNull(sent.param("qop"));
        assertNull(sent.param("nc"));
        assertNull(sent.param("cnonce"));
    }

    @Test
    void picksStrongestOffered() throws RtspProtocolException {
        List<AuthChallenge> offered = AuthChallenge.parseAll(List.of("Basic realm=\"r\"",
                "Digest realm=\"r\", nonce=\"1\", algorithm=MD5", "Digest realm=\"r\", nonce=\"2\", algorithm=SHA-256",
                "Digest realm=\"r\", nonce=\"3\", algorithm=SHA-512-256", "Negotiate"));
        assertEquals("2", ClientAuthenticator.strongest(offered).nonce());
        assertEquals("1", ClientAuthenticator.strongest(offered.subList(0, 2)).nonce());
        assertTrue(ClientAuthenticator.strongest(offered.subList(0, 1)).isBasic());
        assertNull(ClientAuthenticator.strongest(offered.subList(3, 5)));
        List<AuthChallenge> authIntOnly = AuthChallenge.parseAll(List.of(
                "Digest realm=r, nonce=n, qop=\"auth-int\"", "Basic realm=r"));
        assertTrue(ClientAuthenticator.strongest(authIntOnly).isBasic());
        RtspProtocolException e = assertThrows(RtspProtocolException.class,
                () -> new ClientAuthenticator("u", "p").authorization("DESCRIBE", "rtsp://cam/",
                        offered.subList(3, 5)));
        assertTrue(e.getMessage().contains("Negotiate"), e.getMessage());
    }

    @Test
    void basicHeader() throws RtspProtocolException {
        ClientAuthenticator client = new ClientAuthenticator("Aladdin", "open sesame");
        assertEquals("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", client.authorization("DESCRIBE", "rtsp://cam/",
                AuthChallenge.parseAll(List.of("Basic realm=\"WallyWorld\""))));
        assertEquals("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", client.authorization("PLAY", "rtsp://cam/"));
    }

    @Test
    void nonceCountIncrementsAndResetsOnNewNonce() throws RtspProtocolException {
        ClientAuthenticator client = new ClientAuthenticator("u", "p");
        assertNull(client.authorization("OPTIONS", "rtsp://cam/"), "no challenge seen yet");
        client.authorization("DESCRIBE", "rtsp://cam/", challenge("n1", false));
        assertEquals("00000002", param(client.authorization("SETUP", "rtsp://cam/t1"), "nc"));
        assertEquals("00000003", param(client.authorization("PLAY", "rtsp://cam/"), "nc"));
        String cnonce = param(client.authorization("PLAY", "rtsp://cam/"), "cnonce");
        String afterNewNonce = client.authorization("PLAY", "rtsp://cam/", challenge("n2", true));
        assertEquals("00000001", param(afterNewNonce, "nc"));
        assertEquals("n2", param(afterNewNonce, "nonce"));
        assertFalse(cnonce.equals(param(afterNewNonce, "cnonce")), "a fresh cnonce per nonce");
    }

    @Test
    void retriesOncePerNonceAndOnceMoreOnStale() throws RtspProtocolException {
        ClientAuthenticator client = new ClientAuthenticator("u", "wrong");
        assertFalse(client.canRetry(), "nothing to retry before a challenge");
        client.authorization("DESCRIBE", "rtsp://cam/", challenge("n1", false));
        assertTrue(client.canRetry(), "first challenge: try the credentials");
        client.authorization("DESCRIBE", "rtsp://cam/", challenge("n1", false));
        assertFalse(client.canRetry(), "same nonce rejected again: wrong password, stop");

        client.authorization("OPTIONS", "rtsp://cam/"); // a new request starts a new row
        client.authorization("OPTIONS", "rtsp://cam/", challenge("n2", true));
        assertTrue(client.canRetry(), "new nonce");
        client.authorization("OPTIONS", "rtsp://cam/", challenge("n2", true));
        assertTrue(client.canRetry(), "stale on the same nonce: once more");
        client.authorization("OPTIONS", "rtsp://cam/", challenge("n2", true));
        assertFalse(client.canRetry(), "but only once");
    }

    @Test
    void serverRotatingNoncesIsNotRetriedForever() throws RtspProtocolException {
        ClientAuthenticator client = new ClientAuthenticator("u", "wrong");
        for (int i = 1; i <= ClientAuthenticator.MAX_CONSECUTIVE_CHALLENGES; i++) {
            client.authorization("DESCRIBE", "rtsp://cam/", challenge("n" + i, false));
            assertTrue(client.canRetry());
        }
        client.authorization("DESCRIBE", "rtsp://cam/", challenge("n-last", false));
        assertFalse(client.canRetry());
    }

    @Test
    void toStringHidesPassword() throws RtspProtocolException {
        ClientAuthenticator client = new ClientAuthenticator("admin", "s3cret-pw");
        client.authorization("DESCRIBE", "rtsp://cam/", challenge("n", false));
        assertFalse(client.toString().contains("s3cret-pw"), client.toString());
        assertTrue(client.toString().contains("admin"));
    }

    private static List<AuthChallenge> challenge(String nonce, boolean stale) throws RtspProtocolException {
        return AuthChallenge.parseAll(List.of("Digest realm=\"cam\", nonce=\"" + nonce + "\", qop=\"auth\""
                + (stale ? ", stale=true" : "")));
    }

    private static String param(String header, String name) throws RtspProtocolException {
        return AuthChallenge.parseAll(List.of(header)).get(0).param(name);
    }
}
