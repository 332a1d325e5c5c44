package io.rtcgate.webrtc.dtls;

import io.rtcgate.webrtc.srtp.SrtpProfile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/** Shared setup: the gateway's handshaker and BouncyCastle's DTLS client linked in memory. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class DtlsHandshakeTestBase {
    static final DtlsCertificate SERVER_CERTIFICATE = DtlsCertificate.generate(new SecureRandom());
    static final DtlsCertificate CLIENT_CERTIFICATE = DtlsCertificate.generate(new SecureRandom());
    static final BcTlsCrypto CLIENT_CRYPTO = new BcTlsCrypto(new SecureRandom());

    /** Short first resend so loss tests take well under a second per lost flight. */
    static final DtlsSettings FAST = DtlsSettings.defaults().withHandshakeResendMillis(100)
            .withHandshakeTimeoutMillis(15_000);

    DtlsHandshaker handshaker;
    DatagramLink link;
    DtlsSession session;
    final RecordingListener listener = new RecordingListener();
    DTLSTransport clientTransport;
    IOException clientError;

    static final class RecordingListener implements DtlsSessionListener {
        final CompletableFuture<DtlsSrtpKeys> succeeded = new CompletableFuture<>();
        final CompletableFuture<DtlsHandshakeFailure> failed = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public void onHandshakeSucceeded(DtlsSession session, DtlsSrtpKeys keys) {
            succeeded.complete(keys);
        }

        @Override
        public void onHandshakeFailed(DtlsSession session, DtlsHandshakeFailure failure) {
            failed.complete(failure);
        }

        @Override
        public void onSessionClosed(DtlsSession session, String reason) {
            closed.complete(reason);
        }
    }

    @AfterEach
    void tearDown() {
        if (link != null) {
            link.close();
        }
        if (handshaker != null) {
            handshaker.close();
        }
    }

    TestDtlsClient newClient() {
        return new TestDtlsClient(CLIENT_CRYPTO, CLIENT_CERTIFICATE);
    }

    void setUp(DtlsSettings settings) {
        handshaker = new DtlsHandshaker(SERVER_CERTIFICATE, settings);
        link = new DatagramLink(handshaker);
    }

    /** Starts the server session and runs the client's connect() on this thread. */
    void handshake(TestDtlsClient client, byte[] expectedClientFingerprint) throws Exception {
        session = handshaker.start(link.server, expectedClientFingerprint, listener);
        try {
            clientTransport = new DTLSClientProtocol().connect(client, link.client);
        } catch (IOException e) {
            clientError = e;
        }
    }

    DtlsSrtpKeys serverKeys() throws Exception {
        try {
            return listener.succeeded.get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no server success; state " + session.state() + ", failure "
                    + listener.failed.getNow(null), e);
        }
    }

    void assertConnected(TestDtlsClient client, int expectedProfile) throws Exception {
        assertNull(clientError, () -> "client failed: " + clientError + "; server state " + session.state() + ", failure "
                + listener.failed.getNow(null) + "\n" + link.trace());
        DtlsSrtpKeys keys = serverKeys();
        assertEquals(expectedProfile, keys.profileId());
        assertEquals(expectedProfile, client.selectedProfile);
        assertEquals(SrtpProfile.byId(expectedProfile).orElseThrow().exportedKeyingMaterialLength(),
                keys.keyingMaterial().length);
        assertArrayEquals(client.exportedSrtp, keys.keyingMaterial(),
                "both ends must export the same RFC 5764 keying material");
        assertEquals(ProtocolVersion.DTLSv12, keys.dtlsVersion());
        assertTrue(keys.cipherSuite() == CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
                || keys.cipherSuite() == CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, keys::toString);
        assertArrayEquals(SERVER_CERTIFICATE.sha256FingerprintBytes(), client.serverCertificateSha256,
                "the server presents the certificate whose fingerprint the answer carries");
        assertEquals(DtlsSession.State.ESTABLISHED, session.state());
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
