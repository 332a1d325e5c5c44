package io.rtcgate.webrtc.rtcp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Writes the RTCP we send to viewers: sender reports, SDES CNAME, BYE (RFC 3550 §6.4.1, §6.5, §6.6). */
public final class RtcpWriter {
    /** Seconds from 1900 (NTP epoch) to 1970 (Unix epoch). */
    private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    private RtcpWriter() {
    }

    /** The 64-bit NTP timestamp of a wall-clock time in milliseconds since the Unix epoch. */
    public static long ntpTimestamp(long unixMillis) {
        long seconds = unixMillis / 1000 + NTP_UNIX_OFFSET_SECONDS;
        long fraction = ((unixMillis % 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }

    /** The middle 32 bits of an NTP timestamp, as LSR fields carry it (§6.4.1). */
    public static long middle32(long ntp) {
        return (ntp >>> 16) & 0xFFFFFFFFL;
    }

    /** SR without report blocks: 28 bytes. */
    public static void senderReport(ByteBuf out, long ssrc, long ntp, long rtpTimestamp, long packets, long octets) {
        out.writeByte(0x80);
        out.writeByte(RtcpReader.SR);
        out.writeShort(6);
        out.writeInt((int) ssrc);
        out.writeLong(ntp);
        out.writeInt((int) rtpTimestamp);
        out.writeInt((int) packets);
        out.writeInt((int) octets);
    }

    /** SDES with one chunk: our SSRC and its CNAME, padded to a 32-bit boundary. */
    public static void sdesCname(ByteBuf out, long ssrc, String cname) {
        byte[] name = cname.getBytes(StandardCharsets.US_ASCII);
        int chunk = 4 + 2 + name.length + 1; // ssrc, type+len, text, END
        int padded = (chunk + 3) & ~3;
        out.writeByte(0x81);
        out.writeByte(RtcpReader.SDES);
        out.writeShort(padded / 4);
        out.writeInt((int) ssrc);
        out.writeByte(1); // CNAME
        out.writeByte(name.length);
        out.writeBytes(name);
        out.writeZero(padded - chunk + 1);
    }

    /** BYE for one SSRC. */
    public static void bye(ByteBuf out, long ssrc) {
        out.writeByte(0x81);
        out.writeByte(RtcpReader.BYE);
        out.writeShort(1);
        out.writeInt((int) ssrc);
    }
}
