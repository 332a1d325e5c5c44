package io.rtcgate.ingest.rtsp;

/** A malformed or unsupported RTSP protocol element (header, URL, authentication field); the message says why. */
public final class RtspProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    public RtspProtocolException(String message) {
        super(message);
    }
}
