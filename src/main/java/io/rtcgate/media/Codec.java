package io.rtcgate.media;

/** The codecs rtcgate carries end to end. Other tracks are logged and skipped at ingest. */
public enum Codec {
    H264("H264", 90000),
    OPUS("opus", 48000),
    PCMU("PCMU", 8000),
    PCMA("PCMA", 8000);

    private final String displayName;
    private final int clockRate;

    Codec(String displayName, int clockRate) {
        this.displayName = displayName;
        this.clockRate = clockRate;
    }

    public String displayName() {
        return displayName;
    }

    /** The RTP clock rate the codec uses (RFC 6184 §8.2.1, RFC 7587 §4.1, RFC 3551 §4.5.14). */
    public int clockRate() {
        return clockRate;
    }
}
