package io.rtcgate.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loss and fragmentation: each handshake must still complete, bounded in time, by retransmission (RFC 6347 §4.2.4) and
 * fragment reassembly (§4.2.3). Both ends start resending after 100 ms here so the tests stay short.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DtlsRetransmissionTest extends DtlsHandshakeTestBase {
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int HANDSHAKE = 22;
    static final int CLIENT_HELLO = 1;
    static final int SERVER_HELLO = 2;
    static final int CERTIFICATE = 11;

    void connectWithLoss(DatagramLink.DropPolicy serverToClient, DatagramLink.DropPolicy clientToServer,
            TestDtlsClient client) throws Exception {
        setUp(FAST);
        link.serverToClientDrops = serverToClient;
        link.clientToServerDrops = clientToServer;
        handshake(client, CLIENT_CERTIFICATE.sha256FingerprintBytes());
        assertConnected(client, 0x0007);
    }

    static long count(List<byte[]> datagrams, java.util.function.Predicate<byte[]> predicate) {
        return datagrams.stream().filter(predicate).count();
    }

    @Test
    void lostClientHelloIsResent() throws Exception {
        connectWithLoss(DatagramLink.DropPolicy.NONE,
                DatagramLink.DropPolicy.firstMatching(d -> DatagramLink.handshakeType(d) == CLIENT_HELLO), newClient());
        assertEquals(1, link.clientToServer.dropped.get());
        assertTrue(count(link.clientToServer.snapshot(), d -> DatagramLink.handshakeType(d) == CLIENT_HELLO) >= 2);
    }

    @Test
    void lostServerHelloIsResent() throws Exception {
        connectWithLoss(DatagramLink.DropPolicy.firstMatching(d -> DatagramLink.handshakeType(d) == SERVER_HELLO),
                DatagramLink.DropPolicy.NONE, newClient());
        assertEquals(1, link.serverToClient.dropped.get());
        assertTrue(count(link.serverToClient.snapshot(), d -> DatagramLink.handshakeType(d) == SERVER_HELLO) >= 2);
    }

    @Test
    void lostClientFinalFlightIsResent() throws Exception {
        connectWithLoss(DatagramLink.DropPolicy.NONE,
                DatagramLink.DropPolicy.firstMatching(d -> DatagramLink.contentType(d) == CHANGE_CIPHER_SPEC), newClient());
        assertEquals(1, link.clientToServer.dropped.get());
    }

    @Test
    void lostPackedClientFinalFlightIsResent() throws Exception {
        setUp(FAST);
        link.packClientFinalFlight = true;
        link.clientToServerDrops = DatagramLink.DropPolicy.firstMatching(d -> DatagramLink.handshakeType(d) == CERTIFICATE);
        TestDtlsClient client = newClient();
        handshake(client, CLIENT_CERTIFICATE.sha256FingerprintBytes());
        assertConnected(client, 0x0007);
        assertEquals(1, link.clientToServer.dropped.get());
        assertTrue(count(link.clientToServer.snapshot(), d -> DatagramLink.handshakeType(d) == CERTIFICATE) >= 2);
    }

    /**
     * Known BouncyCastle 1.84 limitation, recorded so that a change shows up: its DTLS record layer switches the read epoch
     * as soon as a ChangeCipherSpec record arrives, even when an earlier handshake message of the same flight is missing.
     * If the client sends its final flight one record per datagram (as BouncyCastle's own client does) and only the
     * CertificateVerify is lost, the retransmitted CertificateVerify (epoch 0) is never accepted and the handshake times
     * out. Browsers send the whole final flight in one datagram (see {@link #lostPackedClientFinalFlightIsResent}), so
     * they lose CertificateVerify and ChangeCipherSpec together and recover.
     */
    @Test
    void knownLimitationLostCertificateVerifyAloneStallsTheHandshake() throws Exception {
        setUp(FAST.withHandshakeTimeoutMillis(1500));
        link.clientToServerDrops = DatagramLink.DropPolicy.firstMatching(d -> DatagramLink.handshakeType(d) == 15);
        TestDtlsClient client = newClient();
        client.handshakeTimeoutMillis = 2000;
        handshake(client, CLIENT_CERTIFICATE.sha256FingerprintBytes());
        assertEquals(DtlsHandshakeFailure.Kind.TIMEOUT, listener.failed.get(10, TimeUnit.SECONDS).kind());
    }

    /**
     * bc-java #1489: the server's accept() has returned when its ChangeCipherSpec is lost; only the post-handshake pump
     * lets BouncyCastle answer the client's retransmitted final flight with the server's last flight again.
     */
    @Test
    void lostServerChangeCipherSpecIsResentByThePump() throws Exception {
        connectWithLoss(DatagramLink.DropPolicy.firstMatching(d -> DatagramLink.contentType(d) == CHANGE_CIPHER_SPEC),
                DatagramLink.DropPolicy.NONE, newClient());
        assertEquals(1, link.serverToClient.dropped.get());
        // at least twice: a slow machine may let the client resend its flight once more, and the pump answers each
        assertTrue(count(link.serverToClient.snapshot(), d -> DatagramLink.contentType(d) == CHANGE_CIPHER_SPEC) >= 2,
                "the server sent its ChangeCipherSpec again");
        assertTrue(session.pumpRuns() >= 1, "the pump ran");
    }

    @Test
    void lostServerFinishedIsResentByThePump() throws Exception {
        connectWithLoss(DatagramLink.DropPolicy.firstMatching(
                        d -> DatagramLink.contentType(d) == HANDSHAKE && DatagramLink.epoch(d) == 1),
                DatagramLink.DropPolicy.NONE, newClient());
        assertEquals(1, link.serverToClient.dropped.get());
        assertTrue(count(link.serverToClient.snapshot(),
                d -> DatagramLink.contentType(d) == HANDSHAKE && DatagramLink.epoch(d) == 1) >= 2);
        assertTrue(session.pumpRuns() >= 1);
    }

    /** Browser-like client (final flight in one datagram) with 10 % loss each way, several fixed seeds. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void tenPercentRandomLossBothWaysStillCompletes(long seed) throws Exception {
        setUp(FAST);
        link.packClientFinalFlight = true;
        link.serverToClientDrops = DatagramLink.DropPolicy.random(0.10, seed);
        link.clientToServerDrops = DatagramLink.DropPolicy.random(0.10, seed + 100);
        TestDtlsClient client = newClient();
        long start = System.nanoTime();
        handshake(client, CLIENT_CERTIFICATE.sha256FingerprintBytes());
        long connectMillis = (System.nanoTime() - start) / 1_000_000;
        assertConnected(client, 0x0007);
        assertTrue(connectMillis < 15_000, "took " + connectMillis + " ms");
    }

    /** Chromium's ~1.4 kB ClientHello (post-quantum key share) arrives as two handshake fragments in two datagrams. */
    @Test
    void clientHelloFragmentedIntoTwoDatagramsIsReassembled() throws Exception {
        TestDtlsClient client = newClient();
        client.paddingBytes = 1200;
        client.advertiseDtls13 = true;
        connectWithLoss(DatagramLink.DropPolicy.NONE, DatagramLink.DropPolicy.NONE, client);
        List<byte[]> sent = link.clientToServer.snapshot();
        byte[] first = sent.get(0);
        byte[] second = sent.get(1);
        assertEquals(CLIENT_HELLO, DatagramLink.handshakeType(first));
        assertEquals(CLIENT_HELLO, DatagramLink.handshakeType(second));
        assertTrue(DatagramLink.messageLength(first) > QueueDatagramTransport.SEND_LIMIT,
                "ClientHello of " + DatagramLink.messageLength(first) + " B");
        assertEquals(0, DatagramLink.fragmentOffset(first));
        assertEquals(DatagramLink.fragmentLength(first), DatagramLink.fragmentOffset(second));
        assertEquals(DatagramLink.messageLength(first),
                DatagramLink.fragmentLength(first) + DatagramLink.fragmentLength(second));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void fragmentedClientHelloWithOneFragmentLostIsResent(int lostFragment) throws Exception {
        TestDtlsClient client = newClient();
        client.paddingBytes = 1200;
        connectWithLoss(DatagramLink.DropPolicy.NONE, (index, datagram) -> index == lostFragment, client);
        assertEquals(1, link.clientToServer.dropped.get());
    }
}
