package io.rtcgate.stream;

/** Whatever feeds a stream: a camera session the gateway pulls, or a publisher's session. */
public interface StreamSource {

    /** One line for logs and the API, never with a password. */
    String describe();

    /** Ends the source (TEARDOWN and close); called on the stream's event loop. */
    void close(String reason);
}
