package io.rtcgate.ingest.sdp;

/** Codecs the gateway ingests, with the rtpmap each must have to be accepted. */
public enum Codec {
    /** RFC 6184; clock rate 90000. */
    H264("H264", 90000, 0),
    /** RFC 7587; always {@code opus/48000/2} in SDP, whatever the actual channel count. */
    OPUS("opus", 48000, 2),
    /** G.711 µ-law, RFC 3551 static payload type 0. */
    PCMU("PCMU", 8000, 1),
    /** G.711 A-law, RFC 3551 static payload type 8. */
    PCMA("PCMA", 8000, 1);

    private final String encodingName;
    private final int clockRate;
    /** Required channel count; 0 means "not checked" (video). */
    private final int channels;

    Codec(String encodingName, int clockRate, int channels) {
        this.encodingName = encodingName;
        this.clockRate = clockRate;
        this.channels = channels;
    }

    /** Encoding name as written in an rtpmap. */
    public String encodingName() {
        return encodingName;
    }

    public int clockRate() {
        return clockRate;
    }

    /** The codec this rtpmap describes, or null when the name, clock rate or channel count is not supported. */
    public static Codec of(RtpMap rtpMap) {
        for (Codec codec : values()) {
            if (rtpMap.isEncoding(codec.encodingName) && rtpMap.clockRate() == codec.clockRate
                    && (codec.channels == 0 || rtpMap.channels() == codec.channels)) {
                return codec;
            }
        }
        return null;
    }
}
