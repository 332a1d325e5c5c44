package io.rtcgate.media;

/**
 * How {@link H264Packetizer} cuts a NAL unit that is too large for one packet into FU-A fragments (RFC 6184 §5.8;
 * the RFC leaves the sizes to the sender).
 */
public enum FuASplit {
    /**
     * The fewest fragments, of sizes differing by at most one byte (no tiny tail packet). The default.
     */
    EVEN,
    /**
     * The fewest fragments, every one full ({@code maxPayload}) except the last, which takes the remainder. All packets
     * of a NAL unit but the last then have the same size, so they form a run a UDP GSO send can carry as equal-size
     * segments (the kernel allows only the last segment to be shorter).
     */
    FULL_THEN_REMAINDER
}
