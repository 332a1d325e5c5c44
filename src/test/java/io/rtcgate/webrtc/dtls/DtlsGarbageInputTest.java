package io.rtcgate.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Garbage, truncated and forged records reaching the server, as the RFC 7983 demux would pass them (first byte 20-63).
 * DTLS silently discards invalid records (RFC 6347 §4.1.2.7); whatever the server cannot ignore must end the handshake
 * with an alert or the timeout, never hang or escape as an unexpected exception.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DtlsGarbageInputTest extends DtlsHandshakeTestBase {

    /** Hand-made malformed datagrams: too short, wrong lengths, bad versions, forged later epochs. */
    static List<byte[]> malformedRecords() {
        List<byte[]> datagrams = new ArrayList<>();
        datagrams.add(new byte[] {22});                                              // one byte
        datagrams.add(new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0, 0});            // truncated header
        datagrams.add(record(22, 0xFEFD, 0, 0, new byte[0]));                       // empty handshake record
        byte[] longer = record(22, 0xFEFD, 0, 1, new byte[] {1, 0, 0, 50});         // length says 4, claims ClientHello of 50
        datagrams.add(longer);
        byte[] lying = record(22, 0xFEFD, 0, 2, new byte[20]);
        lying[11] = 0x7F;                                                           // record length far beyond the datagram
        datagrams.add(lying);
        datagrams.add(record(22, 0x0303, 0, 3, new byte[30]));                      // TLS, not DTLS, version
        datagrams.add(record(23, 0xFEFD, 1, 0, new byte[40]));                      // application data, epoch 1, no keys
        datagrams.add(record(21, 0xFEFD, 0, 4, new byte[] {2}));                    // alert of one byte
        datagrams.add(record(20, 0xFEFD, 0, 5, new byte[] {1}));                    // early ChangeCipherSpec
        // handshake fragment whose fragment_offset + fragment_length exceed the message length
        datagrams.add(record(22, 0xFEFD, 0, 6, new byte[] {11, 0, 0, 10, 0, 0, 0, 0, 0, 8, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8}));
        return datagrams;
    }

    static byte[] record(int type, int version, int epoch, long sequence, byte[] fragment) {
        byte[] datagram = new byte[13 + fragment.length];
        datagram[0] = (byte) type;
        datagram[1] = (byte) (version >> 8);
        datagram[2] = (byte) version;
        datagram[3] = (byte) (epoch >> 8);
        datagram[4] = (byte) epoch;
        for (int i = 0; i < 6; i++) {
            datagram[5 + i] = (byte) (sequence >> (8 * (5 - i)));
        }
        datagram[11] = (byte) (fragment.length >> 8);
        datagram[12] = (byte) fragment.length;
        System.arraycopy(fragment, 0, datagram, 13, fragment.length);
        return datagram;
    }

    void offerAll(List<byte[]> datagrams) {
        for (byte[] datagram : datagrams) {
            link.server.offer(datagram, 0, datagram.length);
        }
    }

    @Test
    void malformedRecordsBeforeAndDuringTheHandshakeAreIgnored() throws Exception {
        setUp(FAST);
        offerAll(malformedRecords());
        // and again after every datagram the client sends, until its final flight
        link.clientToServerDrops = (index, datagram) -> {
            offerAll(malformedRecords().subList(0, 3));
            return false;
        };
        TestDtlsClient client = newClient();
        handshake(client, CLIENT_CERTIFICATE.sha256FingerprintBytes());
        assertConnected(client, 0x0007);
    }

    @Test
    void onlyGarbageEndsInTheTimeout() throws Exception {
        setUp(DtlsSettings.defaults().withHandshakeTimeoutMillis(600));
        long start = System.nanoTime();
        session = handshaker.start(link.server, CLIENT_CERTIFICATE.sha256FingerprintBytes(), listener);
        offerAll(malformedRecords());
        DtlsHandshakeFailure failure = listener.failed.get(10, TimeUnit.SECONDS);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(Set.of(DtlsHandshakeFailure.Kind.TIMEOUT, DtlsHandshakeFailure.Kind.ALERT_SENT).contains(failure.kind()),
                failure::toString);
        assertTrue(elapsedMillis < 3000, elapsedMillis + " ms");
    }

    /** A ClientHello that parses as a record but not as a message: refused with an alert or ignored until the timeout. */
    @Test
    void malformedClientHelloFailsCleanly() throws Exception {
        setUp(DtlsSettings.defaults().withHandshakeTimeoutMillis(600));
        session = handshaker.start(link.server, CLIENT_CERTIFICATE.sha256FingerprintBytes(), listener);
        byte[] body = new byte[60];
        new Random(7).nextBytes(body);
        byte[] fragment = new byte[12 + body.length];
        fragment[0] = 1; // client_hello
        fragment[3] = (byte) body.length; // length
        fragment[11] = (byte) body.length; // fragment_length, offset 0, message_seq 0
        System.arraycopy(body, 0, fragment, 12, body.length);
        byte[] datagram = record(22, 0xFEFD, 0, 0, fragment);
        link.server.offer(datagram, 0, datagram.length);
        DtlsHandshakeFailure failure = listener.failed.get(10, TimeUnit.SECONDS);
        assertTrue(Set.of(DtlsHandshakeFailure.Kind.TIMEOUT, DtlsHandshakeFailure.Kind.ALERT_SENT).contains(failure.kind()),
                failure::toString);
    }

    /** Random datagrams (fixed seeds) shaped like DTLS: the server gives up cleanly within its timeout. */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void randomDatagramsEndCleanlyWithinTheTimeout(long seed) throws Exception {
        setUp(DtlsSettings.defaults().withHandshakeTimeoutMillis(700));
        Random random = new Random(seed);
        long start = System.nanoTime();
        session = handshaker.start(link.server, CLIENT_CERTIFICATE.sha256FingerprintBytes(), listener);
        for (int i = 0; i < 300 && !listener.failed.isDone(); i++) {
            byte[] datagram = new byte[1 + random.nextInt(random.nextBoolean() ? 40 : QueueDatagramTransport.RECEIVE_LIMIT)];
            random.nextBytes(datagram);
            datagram[0] = (byte) (20 + random.nextInt(4)); // a DTLS content type, as the demux would let through
            if (datagram.length > 2) {
                datagram[1] = (byte) 0xFE;
                datagram[2] = (byte) (random.nextBoolean() ? 0xFD : 0xFF);
            }
            if (datagram.length > 4 && random.nextBoolean()) {
                datagram[3] = 0;
                datagram[4] = 0; // epoch 0, so the record is parsed rather than dropped for its epoch
            }
            link.server.offer(datagram, 0, datagram.length);
            if (i % 20 == 0) {
                Thread.sleep(5);
            }
        }
        DtlsHandshakeFailure failure = listener.failed.get(10, TimeUnit.SECONDS);
        assertTrue(Set.of(DtlsHandshakeFailure.Kind.TIMEOUT, DtlsHandshakeFailure.Kind.ALERT_SENT).contains(failure.kind()),
                failure::toString);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5000);
        assertTrue(link.server.queuedDatagrams() <= FAST.datagramQueueCapacity() + 1);
    }

    @Test
    void garbageAfterTheHandshakeLeavesTheSessionUp() throws Exception {
        setUp(FAST);
        TestDtlsClient client = newClient();
        handshake(client, CLIENT_CERTIFICATE.sha256FingerprintBytes());
        assertConnected(client, 0x0007);
        offerAll(malformedRecords());
        awaitTrue(() -> link.server.queuedDatagrams() == 0);
        assertEquals(DtlsSession.State.ESTABLISHED, session.state());
        assertEquals(0, session.applicationDataDropped());
        clientTransport.close();
        assertEquals("close_notify received", listener.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void floodIsBoundedByTheDatagramQueue() throws Exception {
        setUp(DtlsSettings.defaults().withHandshakeTimeoutMillis(500));
        // no handshake running: nothing drains the queue
        byte[] datagram = record(22, 0xFEFD, 0, 0, new byte[100]);
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (link.server.offer(datagram, 0, datagram.length)) {
                accepted++;
            }
        }
        int capacity = DtlsSettings.defaults().datagramQueueCapacity();
        assertEquals(capacity, accepted);
        assertEquals(100 - capacity, link.server.droppedQueueFull());
        assertEquals(capacity, link.server.queuedDatagrams());
    }
}
