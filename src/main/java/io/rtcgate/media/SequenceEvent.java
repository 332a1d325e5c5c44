package io.rtcgate.media;

/** How one RTP packet's sequence number relates to the ones before it (RFC 3550 Appendix A.1). */
public enum SequenceEvent {
    /** The first packet of the source. Counted. */
    FIRST,
    /** Exactly one after the highest sequence number so far. Counted. */
    IN_ORDER,
    /** Ahead of the highest by 2..{@value RtpReceptionStats#MAX_DROPOUT}-1: packets in between are missing (for now). Counted. */
    GAP,
    /** Behind the highest by less than {@value RtpReceptionStats#MAX_MISORDER} and not seen before: a late packet. Counted. */
    REORDERED,
    /** A sequence number already received (within the last {@value RtpReceptionStats#DUPLICATE_WINDOW}). Not counted. */
    DUPLICATE,
    /**
     * The second of two consecutive packets after a big jump: the sender restarted its sequence, so the
     * sequence accounting started over from this packet (A.1 {@code init_seq}). Counted.
     */
    RESTART,
    /**
     * A big jump (≥ {@value RtpReceptionStats#MAX_DROPOUT} ahead or at least
     * {@value RtpReceptionStats#MAX_MISORDER} behind) not yet confirmed by a following packet. Per A.1
     * the packet is not counted; the caller should drop it.
     */
    OUT_OF_RANGE
}
