package io.rtcgate.webrtc.dtls;

/** A new DTLS session was refused because the handshake queue is full (or the handshaker is shut down). */
public final class DtlsHandshakeRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public DtlsHandshakeRefusedException(String message) {
        super(message);
    }
}
