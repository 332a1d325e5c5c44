package io.rtcgate.ingest.sdp;

/**
 * A session description (RFC 8866) could not be parsed. The message names the offending line number (1-based) where
 * there is one.
 */
public final class SdpParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int lineNumber;

    public SdpParseException(String message) {
        super(message);
        this.lineNumber = 0;
    }

    public SdpParseException(int lineNumber, String message) {
        super("SDP line " + lineNumber + ": " + message);
        this.lineNumber = lineNumber;
    }

    /** 1-based line number of the offending line, or 0 when the error is not tied to one line (e.g. size limit). */
    public int lineNumber() {
        return lineNumber;
    }
}
