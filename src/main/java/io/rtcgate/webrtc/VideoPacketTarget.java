package io.rtcgate.webrtc;

import io.netty.buffer.ByteBuf;

/** Where a stream's video packets go for one viewer (a {@link ViewerSession}); on the stream's event loop. */
interface VideoPacketTarget {
    /**
     * One RTP packet of the stream's packetized video; not owned by the target, valid during the call.
     *
     * @see io.rtcgate.stream.StreamPacketListener#onVideoPacket
     */
    void onVideoPacket(ByteBuf packet, int sequence, boolean keyframeStart, boolean last);
}
