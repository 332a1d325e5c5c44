package io.rtcgate.webrtc.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Walks a decrypted compound RTCP packet (RFC 3550 §6.1) and reports receiver reports, PLI/FIR and generic NACKs; every
 * other packet type is skipped. Malformed input ends the walk and is reported by the return value; nothing throws.
 *
 * <pre>
 *  common header:  V=2 | P | count/FMT (5) | PT (8) | length in 32-bit words minus one (16)
 *  RR  (PT 201):   sender SSRC, then count report blocks of 24 bytes
 *  RTPFB (PT 205), FMT 1 generic NACK:   sender SSRC, media SSRC, then (PID 16 | BLP 16) pairs
 *  PSFB  (PT 206), FMT 1 PLI:            sender SSRC, media SSRC
 *  PSFB  (PT 206), FMT 4 FIR:            sender SSRC, 0, then (SSRC, seq nr 8, reserved 24) entries
 * </pre>
 */
public final class RtcpReader {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int RTPFB = 205;
    public static final int PSFB = 206;

    private RtcpReader() {
    }

    /** Returns the number of RTCP packets read, or -1 if the compound packet is malformed. */
    public static int read(ByteBuf rtcp, RtcpFeedbackHandler handler) {
        int index = rtcp.readerIndex();
        int end = rtcp.writerIndex();
        int packets = 0;
        while (index < end) {
            if (end - index < 4) {
                return -1;
            }
            int first = rtcp.getUnsignedByte(index);
            int type = rtcp.getUnsignedByte(index + 1);
            int length = (rtcp.getUnsignedShort(index + 2) + 1) * 4;
            if ((first >> 6) != 2 || length > end - index) {
                return -1;
            }
            int count = first & 0x1F;
            switch (type) {
                case SR -> readReportBlocks(rtcp, index + 28, index + length, count, handler);
                case RR -> readReportBlocks(rtcp, index + 8, index + length, count, handler);
                case RTPFB -> {
                    if (count == 1 && length >= 12) {
                        long media = rtcp.getUnsignedInt(index + 8);
                        for (int p = index + 12; p + 4 <= index + length; p += 4) {
                            handler.onNack(media, rtcp.getUnsignedShort(p), rtcp.getUnsignedShort(p + 2));
                        }
                    }
                }
                case PSFB -> {
                    if (count == 1 && length >= 12) {
                        handler.onKeyframeRequest(rtcp.getUnsignedInt(index + 8), false);
                    } else if (count == 4 && length >= 20) {
                        handler.onKeyframeRequest(rtcp.getUnsignedInt(index + 12), true);
                    }
                }
                default -> {
                    // SDES, BYE, APP, XR, REMB, transport-cc...: not used
                }
            }
            packets++;
            index += length;
        }
        return packets;
    }

    private static void readReportBlocks(ByteBuf rtcp, int from, int end, int count, RtcpFeedbackHandler handler) {
        for (int i = 0, p = from; i < count && p + 24 <= end; i++, p += 24) {
            long lost = rtcp.getUnsignedInt(p + 4);
            int cumulative = (int) (lost & 0xFFFFFF);
            if ((cumulative & 0x800000) != 0) {
                cumulative |= 0xFF000000; // 24-bit signed (§6.4.1)
            }
            handler.onReceiverReport(rtcp.getUnsignedInt(p), (int) (lost >>> 24), cumulative, rtcp.getUnsignedInt(p + 8),
                    rtcp.getUnsignedInt(p + 12), rtcp.getUnsignedInt(p + 16), rtcp.getUnsignedInt(p + 20));
        }
    }
}
