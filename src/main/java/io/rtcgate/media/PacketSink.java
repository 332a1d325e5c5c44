package io.rtcgate.media;

import io.netty.buffer.ByteBuf;

/** Receives the RTP packets an {@link H264Packetizer} makes, in sequence order. */
@FunctionalInterface
public interface PacketSink {

    /**
     * One complete RTP packet (header and payload in the readable bytes of {@code packet}).
     *
     * @param packet           owned by the sink from now on: it must release it (or pass ownership on)
     * @param keyframeStart    first packet of an access unit that contains an IDR slice
     * @param lastOfAccessUnit last packet of its access unit (the RTP marker bit is set)
     */
    void onPacket(ByteBuf packet, boolean keyframeStart, boolean lastOfAccessUnit);
}
