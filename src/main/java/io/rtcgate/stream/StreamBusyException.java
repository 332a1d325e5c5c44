package io.rtcgate.stream;

/** A source tried to attach to a stream that already has one, and the policy is to refuse. */
public final class StreamBusyException extends Exception {
    public StreamBusyException(String message) {
        super(message, null, false, false);
    }
}
