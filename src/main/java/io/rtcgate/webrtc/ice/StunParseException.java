package io.rtcgate.webrtc.ice;

/** A datagram that is not a well-formed STUN message (RFC 5389 §6, §15); {@link #getMessage()} says why. */
public final class StunParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public StunParseException(String reason) {
        super(reason, null, false, false);
    }
}
