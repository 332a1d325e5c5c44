package io.rtcgate.webrtc.dtls;

import java.io.InterruptedIOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;

/**
 * Why a DTLS handshake did not complete.
 *
 * @param kind             the class of failure
 * @param alertDescription the TLS alert sent or received ({@link AlertDescription}), or -1 when none
 * @param message          a human-readable reason, for logs and stats
 * @param cause            the exception BouncyCastle threw, if any
 */
public record DtlsHandshakeFailure(Kind kind, short alertDescription, String message, Throwable cause) {

    public enum Kind {
        /** No complete handshake within the configured timeout (lost peer, or loss beyond retransmission). */
        TIMEOUT,
        /** The gateway refused the peer and sent a fatal alert (for example a fingerprint mismatch). */
        ALERT_SENT,
        /** The peer refused the gateway with a fatal alert. */
        ALERT_RECEIVED,
        /** The session was closed locally (viewer gone, shutdown) before the handshake finished. */
        CLOSED,
        /** Any other I/O or protocol failure. */
        ERROR
    }

    /** Classifies what {@code DTLSServerProtocol.accept} threw. */
    static DtlsHandshakeFailure of(Throwable thrown, boolean closedLocally) {
        if (thrown instanceof TlsFatalAlert alert) {
            return new DtlsHandshakeFailure(Kind.ALERT_SENT, alert.getAlertDescription(),
                    "sent fatal alert " + AlertDescription.getText(alert.getAlertDescription())
                            + (alert.getMessage() != null ? ": " + alert.getMessage() : ""), thrown);
        }
        if (thrown instanceof TlsFatalAlertReceived alert) {
            return new DtlsHandshakeFailure(Kind.ALERT_RECEIVED, alert.getAlertDescription(),
                    "peer sent fatal alert " + AlertDescription.getText(alert.getAlertDescription()), thrown);
        }
        if (thrown instanceof TlsTimeoutException) {
            return new DtlsHandshakeFailure(Kind.TIMEOUT, (short) -1, "handshake timed out", thrown);
        }
        if (closedLocally || thrown instanceof InterruptedIOException) {
            return new DtlsHandshakeFailure(Kind.CLOSED, (short) -1, "closed before the handshake completed", thrown);
        }
        return new DtlsHandshakeFailure(Kind.ERROR, (short) -1,
                thrown.getClass().getSimpleName() + (thrown.getMessage() != null ? ": " + thrown.getMessage() : ""),
                thrown);
    }

    static DtlsHandshakeFailure refused(String message) {
        return new DtlsHandshakeFailure(Kind.ERROR, (short) -1, message, null);
    }
}
