package io.rtcgate.ingest.sdp;

import java.util.Objects;

/**
 * {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]} (RFC 8866 §6.6). For audio the
 * encoding parameter is the channel count; it is 1 when absent.
 */
public record RtpMap(int payloadType, String encodingName, int clockRate, int channels) {

    public RtpMap {
        Objects.requireNonNull(encodingName, "encodingName");
    }

    /** The supported codec this rtpmap describes, or null. */
    public io.rtcgate.media.Codec codec() {
        return io.rtcgate.media.Codec.of(encodingName, clockRate, channels);
    }

    /** Case-insensitive comparison of the encoding name (RFC 4855 §3: names are case-insensitive). */
    public boolean isEncoding(String name) {
        return encodingName.equalsIgnoreCase(name);
    }

    @Override
    public String toString() {
        return encodingName + "/" + clockRate + (channels != 1 ? "/" + channels : "");
    }
}
