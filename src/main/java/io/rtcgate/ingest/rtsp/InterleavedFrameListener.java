package io.rtcgate.ingest.rtsp;

import io.netty.buffer.ByteBuf;

/**
 * Receives the {@code $}-framed binary data of an RTSP connection (RFC 2326 §10.12), on the channel's event loop.
 */
@FunctionalInterface
public interface InterleavedFrameListener {

    /**
     * One interleaved frame.
     *
     * @param channel the interleaved channel (0..255), as negotiated by {@code Transport: ...;interleaved=a-b}
     * @param frame the frame payload (RTP or RTCP packet), a retained slice of the connection's read buffer: the
     *        listener owns it and must release it exactly once (also when it throws). Keeping it pins the read buffer
     *        it slices, so release promptly or copy what must outlive the current event.
     */
    void onInterleavedFrame(int channel, ByteBuf frame);
}
