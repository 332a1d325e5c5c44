package io.rtcgate.webrtc.srtp;

import io.netty.buffer.ByteBuf;

/**
 * Length of an RTP header (RFC 3550 §5.1, §5.3.1): 12 bytes, 4 per CSRC, and the extension (4-byte header plus
 * 4 * its length field) when X is set.
 */
final class RtpHeaderLength {
    private RtpHeaderLength() {
    }

    /**
     * Header length of the RTP packet at {@code buf[start, start+length)} whose first byte is {@code b0}, or -1 if
     * the version is not 2 or the header does not fit in {@code length}.
     */
    static int of(ByteBuf buf, int start, int length, int b0) {
        if ((b0 >>> 6) != 2) {
            return -1;
        }
        int header = 12 + 4 * (b0 & 0x0F);
        if (header > length) {
            return -1;
        }
        if ((b0 & 0x10) != 0) {
            if (header + 4 > length) {
                return -1;
            }
            header += 4 + 4 * buf.getUnsignedShort(start + header + 2);
            if (header > length) {
                return -1;
            }
        }
        return header;
    }
}
