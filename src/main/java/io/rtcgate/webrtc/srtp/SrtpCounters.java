package io.rtcgate.webrtc.srtp;

import io.rtcgate.media.SingleWriterCounter;

/**
 * Packet and error counts of one {@link SrtpSender} or {@link SrtpReceiver}: written by its owning thread, readable
 * from any thread.
 */
public final class SrtpCounters {
    private final SingleWriterCounter rtpPackets = new SingleWriterCounter();
    private final SingleWriterCounter rtpBytes = new SingleWriterCounter();
    private final SingleWriterCounter rtcpPackets = new SingleWriterCounter();
    private final SingleWriterCounter rtcpBytes = new SingleWriterCounter();
    private final SingleWriterCounter[] errors = new SingleWriterCounter[SrtpError.values().length];

    SrtpCounters() {
        for (int i = 0; i < errors.length; i++) {
            errors[i] = new SingleWriterCounter();
        }
    }

    void rtp(int bytes) {
        rtpPackets.increment();
        rtpBytes.add(bytes);
    }

    void rtcp(int bytes) {
        rtcpPackets.increment();
        rtcpBytes.add(bytes);
    }

    void error(SrtpError error) {
        errors[error.ordinal()].increment();
    }

    /** RTP packets protected or accepted. */
    public long rtpPackets() {
        return rtpPackets.get();
    }

    /** Bytes of the protected (sender) or recovered (receiver) RTP packets. */
    public long rtpBytes() {
        return rtpBytes.get();
    }

    /** RTCP packets protected or accepted. */
    public long rtcpPackets() {
        return rtcpPackets.get();
    }

    public long rtcpBytes() {
        return rtcpBytes.get();
    }

    /** Packets refused for {@code error}. */
    public long errors(SrtpError error) {
        return errors[error.ordinal()].get();
    }

    /** All refused packets. */
    public long errorsTotal() {
        long sum = 0;
        for (SingleWriterCounter c : errors) {
            sum += c.get();
        }
        return sum;
    }
}
