package io.rtcgate.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Builds RTP packets for tests. */
final class RtpPackets {
    static final int PAYLOAD_TYPE = 96;
    static final long SSRC = 0x11223344L;

    private RtpPackets() {
    }

    /** A packet with a fixed 12-byte header; the caller releases it. */
    static ByteBuf rtp(int seq, long timestamp, boolean marker, byte[] payload) {
        return rtp(seq, timestamp, marker, SSRC, payload);
    }

    static ByteBuf rtp(int seq, long timestamp, boolean marker, long ssrc, byte[] payload) {
        ByteBuf buf = Unpooled.buffer(12 + payload.length);
        buf.writeByte(0x80);
        buf.writeByte((marker ? 0x80 : 0) | PAYLOAD_TYPE);
        buf.writeShort(seq);
        buf.writeInt((int) timestamp);
        buf.writeInt((int) ssrc);
        buf.writeBytes(payload);
        return buf;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    static byte[] hex(String hex) {
        return io.netty.buffer.ByteBufUtil.decodeHexDump(hex.replace(" ", ""));
    }
}
