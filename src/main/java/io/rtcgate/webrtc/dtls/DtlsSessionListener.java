package io.rtcgate.webrtc.dtls;

/**
 * Receives the outcome of one DTLS session. Every method runs on a DTLS handshake thread, never on an event loop: an
 * implementation hands the result to the viewer's event loop (for example {@code eventLoop.execute(...)}) and returns.
 * Exactly one of {@link #onHandshakeSucceeded} and {@link #onHandshakeFailed} is called per session.
 */
public interface DtlsSessionListener {

    /** The handshake completed; {@code keys} are the SRTP master keys and salts for both directions. */
    void onHandshakeSucceeded(DtlsSession session, DtlsSrtpKeys keys);

    /** The handshake failed; the session's transport is closed. */
    void onHandshakeFailed(DtlsSession session, DtlsHandshakeFailure failure);

    /** An established session ended (close_notify or fatal alert from the peer, or a local close). */
    default void onSessionClosed(DtlsSession session, String reason) {
    }
}
