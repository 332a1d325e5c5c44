package io.rtcgate.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gateway's DTLS server against BouncyCastle's own DTLS client ({@code DTLSClientProtocol} + {@code DefaultTlsClient}),
 * over two queue transports linked in memory, with and without loss.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DtlsHandshakerTest extends DtlsHandshakeTestBase {

    @Test
    void completesDtls12AndChoosesGcm128ByDefaultOrder() throws Exception {
        setUp(DtlsSettings.defaults());
        TestDtlsClient client = newClient(); // offers 1, 8, 7 like Chromium
        handshake(client, CLIENT_CERTIFICATE.sha256FingerprintBytes());
        assertConnected(client, 0x0007);
        assertEquals(56, serverKeys().keyingMaterial().length);
        assertEquals(1, handshaker.handshakesSucceeded());
        assertEquals(0, handshaker.handshakesFailed());
        assertTrue(link.serverToClient.snapshot().stream().allMatch(d -> d.length <= QueueDatagramTransport.SEND_LIMIT));
    }

    @ParameterizedTest
    @CsvSource({"'8,7,1', 8", "'1', 1", "'1,8,7', 1", "'8', 8", "'7,1', 7"})
    void choosesByTheGatewaysOrderAmongTheClientsProfiles(String order, int expected) throws Exception {
        List<Integer> ids = java.util.Arrays.stream(order.split(",")).map(String::trim).map(Integer::valueOf).toList();
        setUp(DtlsSettings.defaults().withSrtpProfileOrder(ids));
        TestDtlsClient client = newClient();
        handshake(client, CLIENT_CERTIFICATE.sha256FingerprintBytes());
        assertConnected(client, expected);
    }

    /** Chromium offers DTLS 1.3 and 1.2; the server must settle on 1.2. */
    @Test
    void clientOfferingDtls13And12GetsDtls12() throws Exception {
        setUp(DtlsSettings.defaults());
        TestDtlsClient client = newClient();
        client.advertiseDtls13 = true;
        handshake(client, CLIENT_CERTIFICATE.sha256FingerprintBytes());
        assertConnected(client, 0x0007);
    }

    /** Several viewers at once on two handshake threads: all complete, with distinct keys. */
    @Test
    void concurrentSessionsAllComplete() throws Exception {
        setUp(DtlsSettings.defaults());
        int sessions = 8;
        List<DatagramLink> links = new java.util.ArrayList<>();
        List<RecordingListener> listeners = new java.util.ArrayList<>();
        List<CompletableFuture<byte[]>> clients = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                DatagramLink each = new DatagramLink(handshaker);
                RecordingListener eachListener = new RecordingListener();
                links.add(each);
                listeners.add(eachListener);
                handshaker.start(each.server, CLIENT_CERTIFICATE.sha256FingerprintBytes(), eachListener);
                clients.add(CompletableFuture.supplyAsync(() -> {
                    TestDtlsClient client = newClient();
                    try {
                        new DTLSClientProtocol().connect(client, each.client);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return client.exportedSrtp;
                }));
            }
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (int i = 0; i < sessions; i++) {
                byte[] clientKeys = clients.get(i).get(20, TimeUnit.SECONDS);
                DtlsSrtpKeys serverKeys = listeners.get(i).succeeded.get(20, TimeUnit.SECONDS);
                assertArrayEquals(clientKeys, serverKeys.keyingMaterial());
                distinct.add(java.util.HexFormat.of().formatHex(clientKeys));
            }
            assertEquals(sessions, distinct.size());
            assertEquals(sessions, handshaker.handshakesSucceeded());
        } finally {
            links.forEach(DatagramLink::close);
        }
    }

    @Test
    void shutdownReportsRunningAndQueuedHandshakesAsClosed() throws Exception {
        setUp(DtlsSettings.defaults().withHandshakeThreads(1, 4).withHandshakeTimeoutMillis(30_000));
        DtlsSession running = handshaker.start(link.server, CLIENT_CERTIFICATE.sha256FingerprintBytes(), listener);
        RecordingListener queuedListener = new RecordingListener();
        handshaker.start(handshaker.newTransport((d, o, l) -> { }), CLIENT_CERTIFICATE.sha256FingerprintBytes(),
                queuedListener);
        awaitTrue(() -> running.state() == DtlsSession.State.HANDSHAKING);
        handshaker.close();
        assertEquals(DtlsHandshakeFailure.Kind.CLOSED, listener.failed.get(5, TimeUnit.SECONDS).kind());
        assertEquals(DtlsHandshakeFailure.Kind.CLOSED, queuedListener.failed.get(5, TimeUnit.SECONDS).kind());
        assertThrows(DtlsHandshakeRefusedException.class, () -> handshaker.start(
                handshaker.newTransport((d, o, l) -> { }), CLIENT_CERTIFICATE.sha256FingerprintBytes(), listener));
    }

    @Test
    void wrongClientFingerprintIsRefusedWithBadCertificate() throws Exception {
        setUp(DtlsSettings.defaults());
        byte[] wrong = CLIENT_CERTIFICATE.sha256FingerprintBytes();
        wrong[31] ^= 1;
        handshake(newClient(), wrong);
        DtlsHandshakeFailure failure = listener.failed.get(10, TimeUnit.SECONDS);
        assertEquals(DtlsHandshakeFailure.Kind.ALERT_SENT, failure.kind());
        assertEquals(AlertDescription.bad_certificate, failure.alertDescription());
        assertTrue(failure.message().contains("a=fingerprint"), failure.message());
        assertFalse(listener.succeeded.isDone());
        TlsFatalAlertReceived received = assertInstanceOf(TlsFatalAlertReceived.class, clientError);
        assertEquals(AlertDescription.bad_certificate, received.getAlertDescription());
        assertEquals(DtlsSession.State.FAILED, session.state());
        assertTrue(link.server.isClosed());
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        setUp(DtlsSettings.defaults());
        handshake(new TestDtlsClient(CLIENT_CRYPTO, null), CLIENT_CERTIFICATE.sha256FingerprintBytes());
        DtlsHandshakeFailure failure = listener.failed.get(10, TimeUnit.SECONDS);
        assertEquals(DtlsHandshakeFailure.Kind.ALERT_SENT, failure.kind());
        assertNotNull(clientError);
    }

    @Test
    void noCommonProfileFailsWithHandshakeFailure() throws Exception {
        setUp(DtlsSettings.defaults().withSrtpProfileOrder(List.of(0x0008)));
        TestDtlsClient client = newClient();
        client.offeredProfiles = new int[] {0x0001, 0x0007};
        handshake(client, CLIENT_CERTIFICATE.sha256FingerprintBytes());
        DtlsHandshakeFailure failure = listener.failed.get(10, TimeUnit.SECONDS);
        assertEquals(AlertDescription.handshake_failure, failure.alertDescription());
        assertTrue(failure.message().contains("no common SRTP protection profile"), failure.message());
        assertEquals(AlertDescription.handshake_failure,
                assertInstanceOf(TlsFatalAlertReceived.class, clientError).getAlertDescription());
    }

    @Test
    void clientWithoutExtendedMasterSecretIsRefused() throws Exception {
        setUp(DtlsSettings.defaults());
        TestDtlsClient client = newClient();
        client.offerExtendedMasterSecret = false;
        handshake(client, CLIENT_CERTIFICATE.sha256FingerprintBytes());
        DtlsHandshakeFailure failure = listener.failed.get(10, TimeUnit.SECONDS);
        assertEquals(AlertDescription.handshake_failure, failure.alertDescription());
        assertNotNull(clientError);
    }

    @Test
    void serverTimesOutWhenTheClientNeverAnswers() throws Exception {
        setUp(DtlsSettings.defaults().withHandshakeTimeoutMillis(800).withHandshakeResendMillis(100));
        link.serverToClientDrops = DatagramLink.DropPolicy.ALL; // the client's ClientHello arrives, nothing comes back
        TestDtlsClient client = newClient();
        client.handshakeTimeoutMillis = 1500;
        long start = System.nanoTime();
        handshake(client, CLIENT_CERTIFICATE.sha256FingerprintBytes());
        DtlsHandshakeFailure failure = listener.failed.get(10, TimeUnit.SECONDS);
        assertEquals(DtlsHandshakeFailure.Kind.TIMEOUT, failure.kind());
        assertInstanceOf(TlsTimeoutException.class, failure.cause());
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis >= 700 && elapsedMillis < 3000, "timed out after " + elapsedMillis + " ms");
        assertEquals(1, handshaker.handshakesTimedOut());
        assertTrue(link.serverToClient.dropped.get() > 1, "the server retransmitted its flight before giving up");
    }

    @Test
    void serverTimesOutWhenNothingArrivesAtAll() throws Exception {
        setUp(DtlsSettings.defaults().withHandshakeTimeoutMillis(500));
        long start = System.nanoTime();
        session = handshaker.start(link.server, CLIENT_CERTIFICATE.sha256FingerprintBytes(), listener);
        DtlsHandshakeFailure failure = listener.failed.get(10, TimeUnit.SECONDS);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(DtlsHandshakeFailure.Kind.TIMEOUT, failure.kind(), failure::toString);
        assertTrue(elapsedMillis >= 400 && elapsedMillis < 3000, "timed out after " + elapsedMillis + " ms");
    }

    @Test
    void closingDuringTheHandshakeEndsItAtOnce() throws Exception {
        setUp(DtlsSettings.defaults().withHandshakeTimeoutMillis(30_000));
        session = handshaker.start(link.server, CLIENT_CERTIFICATE.sha256FingerprintBytes(), listener);
        Thread.sleep(50);
        long start = System.nanoTime();
        session.close();
        DtlsHandshakeFailure failure = listener.failed.get(20, TimeUnit.SECONDS);
        assertEquals(DtlsHandshakeFailure.Kind.CLOSED, failure.kind(), failure::toString);
        long closedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(closedMillis < 10_000, "closed after " + closedMillis + " ms, not at the 30 s handshake timeout");
        assertEquals(DtlsSession.State.FAILED, session.state());
    }

    @Test
    void fullHandshakeQueueRefusesNewSessions() throws Exception {
        setUp(DtlsSettings.defaults().withHandshakeThreads(1, 1).withHandshakeTimeoutMillis(30_000));
        DtlsSession running = handshaker.start(link.server, CLIENT_CERTIFICATE.sha256FingerprintBytes(), listener);
        QueueDatagramTransport second = handshaker.newTransport((d, o, l) -> { });
        RecordingListener secondListener = new RecordingListener();
        DtlsSession queued = handshaker.start(second, CLIENT_CERTIFICATE.sha256FingerprintBytes(), secondListener);
        // The single thread is busy with the first session and the one queue slot holds the second.
        awaitTrue(() -> running.state() == DtlsSession.State.HANDSHAKING);
        QueueDatagramTransport third = handshaker.newTransport((d, o, l) -> { });
        DtlsHandshakeRefusedException refused = assertThrows(DtlsHandshakeRefusedException.class,
                () -> handshaker.start(third, CLIENT_CERTIFICATE.sha256FingerprintBytes(), new RecordingListener()));
        assertTrue(refused.getMessage().contains("queue full"), refused.getMessage());
        assertEquals(1, handshaker.handshakesRefused());
        assertTrue(third.isClosed());

        queued.close();
        running.close();
        assertEquals(DtlsHandshakeFailure.Kind.CLOSED, listener.failed.get(5, TimeUnit.SECONDS).kind());
        assertEquals(DtlsHandshakeFailure.Kind.CLOSED, secondListener.failed.get(5, TimeUnit.SECONDS).kind());
    }
}
