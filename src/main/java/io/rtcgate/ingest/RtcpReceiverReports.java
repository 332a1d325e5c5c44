package io.rtcgate.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rtcgate.media.RtpReceptionStats;

/**
 * RTCP for a pulled camera (RFC 3550 §6.4): remembers each track's last sender report and writes receiver reports with one
 * report block, so the camera sees loss and jitter and, for UDP, keeps its NAT/firewall state and does not time us out.
 *
 * <pre>
 *  RR:  V=2 P RC=1 | PT=201 | length=7 | SSRC of sender (us)
 *       SSRC_1 (camera) | fraction lost(8) cumulative lost(24) | ext. highest seq | jitter | LSR | DLSR
 * </pre>
 */
final class RtcpReceiverReports {
    static final int RTCP_SR = 200;
    static final int RTCP_RR = 201;

    private final long ourSsrc;
    private final long[] lastSrMiddleNtp;
    private final long[] lastSrArrivalNanos;
    private final long[] sourceSsrc;

    RtcpReceiverReports(long ourSsrc, int tracks) {
        this.ourSsrc = ourSsrc;
        this.lastSrMiddleNtp = new long[tracks];
        this.lastSrArrivalNanos = new long[tracks];
        this.sourceSsrc = new long[tracks];
    }

    /** Reads a compound RTCP packet from the camera; remembers sender reports. Returns false if it is not valid RTCP. */
    boolean onRtcp(int track, ByteBuf rtcp, long nowNanos) {
        if (track < 0 || track >= sourceSsrc.length) {
            return false;
        }
        int index = rtcp.readerIndex();
        int end = rtcp.writerIndex();
        boolean any = false;
        while (end - index >= 4) {
            int first = rtcp.getUnsignedByte(index);
            int type = rtcp.getUnsignedByte(index + 1);
            int lengthBytes = (rtcp.getUnsignedShort(index + 2) + 1) * 4;
            if ((first >> 6) != 2 || type < 192 || type > 223 || lengthBytes > end - index) {
                return any;
            }
            if (type == RTCP_SR && lengthBytes >= 28) {
                sourceSsrc[track] = rtcp.getUnsignedInt(index + 4);
                // middle 32 bits of the 64-bit NTP timestamp (§6.4.1 LSR)
                lastSrMiddleNtp[track] = ((rtcp.getUnsignedInt(index + 8) & 0xFFFF) << 16) | (rtcp.getUnsignedInt(index + 12) >>> 16);
                lastSrArrivalNanos[track] = nowNanos;
            }
            any = true;
            index += lengthBytes;
        }
        return any;
    }

    /** Writes a receiver report for {@code track} into a new buffer from {@code alloc}; the caller owns it. */
    ByteBuf receiverReport(ByteBufAllocator alloc, int track, RtpReceptionStats stats, long mediaSsrc, long nowNanos) {
        ByteBuf out = alloc.buffer(32);
        out.writeByte(0x81); // V=2, P=0, RC=1
        out.writeByte(RTCP_RR);
        out.writeShort(7); // 8 words - 1
        out.writeInt((int) ourSsrc);
        out.writeInt((int) (mediaSsrc != 0 ? mediaSsrc : sourceSsrc[track]));
        long lost = Math.min(stats.lost(), 0x7FFFFF);
        out.writeInt((stats.fractionLostSinceLastReport() & 0xFF) << 24 | (int) (lost & 0xFFFFFF));
        out.writeInt((int) stats.extendedHighestSequence());
        out.writeInt((int) Math.min(stats.jitter(), 0xFFFFFFFFL));
        long lsr = lastSrMiddleNtp[track];
        out.writeInt((int) lsr);
        long dlsr = 0;
        if (lsr != 0) {
            // delay since last SR in units of 1/65536 s
            dlsr = ((nowNanos - lastSrArrivalNanos[track]) * 65536L) / 1_000_000_000L;
        }
        out.writeInt((int) dlsr);
        return out;
    }
}
