package io.rtcgate.stream;

import io.netty.buffer.ByteBuf;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.media.RtpPacket;
import java.util.List;

/**
 * Receives a stream's outgoing RTP, packetized once for all viewers by a {@link StreamPacketizer}, on the stream's event
 * loop. Implementations must not block.
 */
public interface StreamPacketListener {

    /**
     * One packetized video packet (12-byte RTP header and payload in its readable bytes). Not owned by the listener:
     * it is held by the stream's {@link PacketHistory} and valid at least until this call returns (and as long as the
     * history holds it); retain it to keep it longer. Read it with absolute getters; never modify it or its indexes.
     *
     * @param sequence      its RTP sequence number, continuous across source changes
     * @param keyframeStart first packet of a keyframe access unit (SPS and PPS come first in it)
     * @param last          last packet of its access unit (RTP marker set)
     */
    void onVideoPacket(ByteBuf packet, int sequence, boolean keyframeStart, boolean last);

    /** An audio RTP packet of the source as received: a view valid during the call (see {@link StreamListener}). */
    default void onAudioPacket(RtpPacket packet) {
    }

    /**
     * The stream's source changed ({@code tracks} non-empty) or left (empty). The GOP cache is empty now; video
     * sequence numbers continue, RTP timestamps follow the new source.
     */
    default void onSourceChanged(List<MediaFormat> tracks) {
    }
}
