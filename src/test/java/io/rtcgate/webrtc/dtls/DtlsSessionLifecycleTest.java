package io.rtcgate.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** After the handshake: close_notify both ways, application data dropped, and the startup warm-up. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DtlsSessionLifecycleTest extends DtlsHandshakeTestBase {
    static final int ALERT = 21;

    void connect() throws Exception {
        setUp(FAST);
        TestDtlsClient client = newClient();
        handshake(client, CLIENT_CERTIFICATE.sha256FingerprintBytes());
        assertConnected(client, 0x0007);
    }

    @Test
    void closeNotifyFromTheViewerEndsTheSession() throws Exception {
        connect();
        clientTransport.close(); // sends close_notify
        assertEquals("close_notify received", listener.closed.get(10, TimeUnit.SECONDS));
        assertEquals(DtlsSession.State.CLOSED, session.state());
        assertTrue(link.server.isClosed());
    }

    @Test
    void localCloseSendsCloseNotify() throws Exception {
        connect();
        int sentBefore = link.serverToClient.snapshot().size();
        session.close();
        assertEquals("closed locally", listener.closed.get(10, TimeUnit.SECONDS));
        assertEquals(DtlsSession.State.CLOSED, session.state());
        var after = link.serverToClient.snapshot();
        assertTrue(after.subList(sentBefore, after.size()).stream()
                        .anyMatch(d -> DatagramLink.contentType(d) == ALERT && DatagramLink.epoch(d) == 1),
                "an encrypted alert (close_notify) went to the viewer");
        byte[] buf = new byte[1500];
        try {
            // BouncyCastle's client reads the close_notify, closes its transport and then finds it closed
            assertEquals(-1, clientTransport.receive(buf, 0, buf.length, 1000));
        } catch (java.io.IOException expected) {
            // as UDPTransport would throw for a closed socket
        }
        assertTrue(link.client.isClosed(), "the client's DTLS stack closed on the close_notify");
    }

    @Test
    void applicationDataAfterTheHandshakeIsCountedAndDropped() throws Exception {
        connect();
        byte[] data = "not a data channel".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
            clientTransport.send(data, 0, data.length);
        }
        // the handshaker's count goes up just after the session's, on the pump's thread: await that one
        awaitTrue(() -> handshaker.applicationDataDropped() == 3);
        assertEquals(3, session.applicationDataDropped());
        assertTrue(session.pumpRuns() >= 1);
        assertEquals(DtlsSession.State.ESTABLISHED, session.state());
    }

    @Test
    void warmUpRunsOneCompleteHandshakeInMemory() throws Exception {
        setUp(DtlsSettings.defaults());
        long millis = handshaker.warmUp();
        assertTrue(millis >= 0 && millis < 10_000, millis + " ms");
        assertEquals(1, handshaker.handshakesSucceeded());
        assertEquals(0, handshaker.handshakesFailed());
        // the next, real handshake works as usual
        TestDtlsClient client = newClient();
        handshake(client, CLIENT_CERTIFICATE.sha256FingerprintBytes());
        assertConnected(client, 0x0007);
    }
}
