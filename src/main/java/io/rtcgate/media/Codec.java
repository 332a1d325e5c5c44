package io.rtcgate.media;

/**
 * The codecs rtcgate carries end to end, with the {@code a=rtpmap} each must have (RFC 6184 §8.2.1, RFC 7587 §4.1,
 * RFC 3551 §4.5.14). Other tracks are logged and skipped at ingest.
 */
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

    /** Encoding name as written in an rtpmap, and as the API shows it (e.g. {@code H264}, {@code opus}). */
    public String encodingName() {
        return encodingName;
    }

    public String displayName() {
        return encodingName;
    }

    public int clockRate() {
        return clockRate;
    }

    /** The codec an rtpmap describes, or null when the name, clock rate or channel count is not supported. */
    public static Codec of(String encodingName, int clockRate, int channels) {
        for (Codec codec : values()) {
            if (codec.encodingName.equalsIgnoreCase(encodingName) && clockRate == codec.clockRate
                    && (codec.channels == 0 || channels == codec.channels)) {
                return codec;
            }
        }
        return null;
    }
}
