package io.rtcgate.testpeers;

/**
 * Tells when the first keyframe has arrived whole from a stream of H.264 RTP packets (RFC 6184): an access unit (one
 * RTP timestamp, §5.1) whose first packet received starts a keyframe (an IDR slice, or the SPS sent before one), which
 * carries an IDR slice somewhere, and whose packets arrived with consecutive sequence numbers up to the one with the
 * marker bit (its last). A hole, a packet out of order or a new timestamp abandons the access unit; the next one that
 * starts a keyframe is followed instead. One thread; no allocation.
 */
public final class WholeKeyframeDetector {
    private static final long NONE = -1;

    private long timestamp = NONE;
    private int nextSequence;
    private boolean hasIdr;
    private boolean done;

    /**
     * Follows one video packet; whether it completed the first whole keyframe (true once, for that packet).
     *
     * @param sequence       RTP sequence number, 0..65535
     * @param rtpTimestamp   RTP timestamp, unsigned 32 bit
     * @param marker         the RTP marker bit: the access unit's last packet
     * @param startsKeyframe the payload begins an IDR slice or carries the SPS
     * @param carriesIdr     the payload holds (part of) an IDR slice
     */
    public boolean onPacket(int sequence, long rtpTimestamp, boolean marker, boolean startsKeyframe, boolean carriesIdr) {
        if (done) {
            return false;
        }
        sequence &= 0xFFFF;
        if (rtpTimestamp != timestamp || sequence != nextSequence) {
            hasIdr = false;
            if (!startsKeyframe) {
                timestamp = NONE;
                return false;
            }
            timestamp = rtpTimestamp;
        }
        nextSequence = (sequence + 1) & 0xFFFF;
        hasIdr |= carriesIdr;
        done = marker && hasIdr;
        return done;
    }

    /** Whether the first whole keyframe has arrived. */
    public boolean done() {
        return done;
    }
}
