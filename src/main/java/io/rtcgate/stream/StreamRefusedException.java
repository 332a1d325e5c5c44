package io.rtcgate.stream;

/** A publisher may not publish to this name: invalid, taken by a pulled stream, unknown with any-path off, or over the limit. */
public final class StreamRefusedException extends Exception {
    public StreamRefusedException(String message) {
        super(message, null, false, false);
    }
}
