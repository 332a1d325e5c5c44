package io.rtcgate.media;

/** An H.264 syntax structure (such as an SPS) is truncated or has a value out of its allowed range. */
public final class H264SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    public H264SyntaxException(String message) {
        super(message);
    }
}
