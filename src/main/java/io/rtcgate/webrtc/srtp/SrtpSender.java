package io.rtcgate.webrtc.srtp;

import io.netty.buffer.ByteBuf;

/**
 * Protects the RTP and RTCP of one outgoing SSRC towards one peer (RFC 3711 §3.3, RFC 7714 §8-9).
 *
 * <p>{@link #protectRtp} reads the shared plaintext packet once into a reusable work array (without touching the
 * source's content or indexes), rewrites the header fields that are per viewer (SSRC, sequence number, timestamp,
 * payload type, marker; CSRCs and extension are kept), encrypts and authenticates in place, and writes the SRTP
 * packet once to {@code out}. The rollover counter follows the sequence numbers it is given: the 48-bit index is
 * extended from the highest one sent, so a wrap increments the ROC and a late (reordered) packet keeps its old ROC.
 * An index already used is refused ({@link SrtpError#REPLAYED}): re-using a keystream or GCM nonce would break the
 * encryption.
 *
 * <p>Ownership: the sender never retains or releases either buffer. It advances {@code out}'s writer index on
 * success only; on failure {@code out} is unchanged. Not thread-safe: use from one thread (the viewer's event loop);
 * {@link #counters()} may be read from any thread.
 *
 * <p>Per-packet allocation (measured with the test-scope {@code SrtpAllocationProbe}): none, for every profile, when
 * the GCM profiles use {@code AesGcmGhashCipher} (the production JVM flags open {@code com.sun.crypto.provider}); with
 * the JCA fallback ({@code AesGcmCipher}) JCA's per-packet {@code Cipher.init} allocates about 1 KB.
 */
public final class SrtpSender {
    /** Largest RTP/RTCP packet accepted for protection. */
    public static final int MAX_PACKET_LENGTH = SrtpReceiver.MAX_PACKET_LENGTH - 20;
    private static final int RTP_HEADER = 12;
    private static final int MAX_SRTCP_INDEX = 0x7FFF_FFFF;

    private final SrtpProfile profile;
    private final SrtpCipher cipher;
    private final ReplayWindow sent = new ReplayWindow(ReplayWindow.DEFAULT_SIZE);
    private final SrtpCounters counters = new SrtpCounters();
    private byte[] work = new byte[2048];
    private int srtcpIndex;
    private SrtpError lastError = SrtpError.NONE;

    /** A sender using already derived session keys. */
    public SrtpSender(SrtpSessionKeys keys) {
        this.profile = keys.profile;
        this.cipher = SrtpCipher.create(keys);
    }

    /** A sender with this side's ({@code local}) master key and salt. */
    public static SrtpSender forLocal(SrtpKeyMaterial keys) {
        return new SrtpSender(keys.deriveLocal());
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Protects the RTP packet in {@code plaintextRtp}'s readable bytes as a packet with the given header fields and
     * appends the SRTP packet to {@code out}.
     *
     * @param sequenceNumber 16 bit, higher bits ignored
     * @param timestamp 32 bit, higher bits ignored
     * @param payloadType 7 bit, higher bits ignored
     * @return false if the packet was refused; {@link #lastError()} tells why
     */
    public boolean protectRtp(ByteBuf plaintextRtp, int ssrc, int sequenceNumber, long timestamp, int payloadType,
            boolean marker, ByteBuf out) {
        return protect(plaintextRtp, ssrc, sequenceNumber, timestamp, payloadType, marker, out, false);
    }

    /**
     * Protects a retransmission (answering a generic NACK) of a packet this sender already sent with the same sequence
     * number: the index may be in use. That is safe only because the caller resends the very same plaintext with the same
     * header, so the same key, index and plaintext give the same ciphertext and nothing new is revealed (RFC 3711 §9.1
     * forbids two DIFFERENT packets under one index). An index never sent is protected as usual.
     */
    public boolean retransmitRtp(ByteBuf plaintextRtp, int ssrc, int sequenceNumber, long timestamp, int payloadType,
            boolean marker, ByteBuf out) {
        return protect(plaintextRtp, ssrc, sequenceNumber, timestamp, payloadType, marker, out, true);
    }

    private boolean protect(ByteBuf plaintextRtp, int ssrc, int sequenceNumber, long timestamp, int payloadType,
            boolean marker, ByteBuf out, boolean retransmission) {
        int start = plaintextRtp.readerIndex();
        int length = plaintextRtp.readableBytes();
        if (length < RTP_HEADER) {
            return fail(SrtpError.TOO_SHORT);
        }
        if (length > MAX_PACKET_LENGTH) {
            return fail(SrtpError.TOO_LONG);
        }
        int b0 = plaintextRtp.getUnsignedByte(start);
        int headerLength = RtpHeaderLength.of(plaintextRtp, start, length, b0);
        if (headerLength < 0) {
            return fail(SrtpError.MALFORMED);
        }
        int seq = sequenceNumber & 0xFFFF;
        long index = nextRtpIndex(seq);
        if (index < 0) {
            return fail(SrtpError.TOO_OLD);
        }
        SrtpError replay = sent.check(index);
        if (replay != SrtpError.NONE && !retransmission) {
            return fail(replay);
        }
        int maxOut = length + cipher.maxOverhead();
        if (out.maxWritableBytes() < maxOut) {
            return fail(SrtpError.OUTPUT_FULL);
        }
        byte[] p = work(maxOut);
        plaintextRtp.getBytes(start, p, 0, length);
        p[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        SrtpWire.putShort(p, 2, seq);
        SrtpWire.putInt(p, 4, (int) timestamp);
        SrtpWire.putInt(p, 8, ssrc);
        int protectedLength = cipher.protectRtp(p, headerLength, length - headerLength, (int) (index >>> 16));
        if (protectedLength < 0) {
            return fail(SrtpError.CRYPTO_FAILED);
        }
        sent.accept(index);
        out.writeBytes(p, 0, protectedLength);
        counters.rtp(protectedLength);
        lastError = SrtpError.NONE;
        return true;
    }

    /**
     * Protects the RTCP compound packet in {@code plaintextRtcp}'s readable bytes (content and indexes untouched)
     * with the next SRTCP index and appends the SRTCP packet to {@code out}.
     */
    public boolean protectRtcp(ByteBuf plaintextRtcp, ByteBuf out) {
        int start = plaintextRtcp.readerIndex();
        int length = plaintextRtcp.readableBytes();
        if (length < 8) {
            return fail(SrtpError.TOO_SHORT);
        }
        if (length > MAX_PACKET_LENGTH) {
            return fail(SrtpError.TOO_LONG);
        }
        if ((plaintextRtcp.getUnsignedByte(start) >>> 6) != 2) {
            return fail(SrtpError.MALFORMED);
        }
        if (srtcpIndex >= MAX_SRTCP_INDEX) {
            return fail(SrtpError.INDEX_EXHAUSTED);
        }
        int maxOut = length + cipher.maxOverhead();
        if (out.maxWritableBytes() < maxOut) {
            return fail(SrtpError.OUTPUT_FULL);
        }
        byte[] p = work(maxOut);
        plaintextRtcp.getBytes(start, p, 0, length);
        // libsrtp sends index 1 first; every index is used once.
        int index = srtcpIndex + 1;
        int protectedLength = cipher.protectRtcp(p, length, index);
        if (protectedLength < 0) {
            return fail(SrtpError.CRYPTO_FAILED);
        }
        srtcpIndex = index;
        out.writeBytes(p, 0, protectedLength);
        counters.rtcp(protectedLength);
        lastError = SrtpError.NONE;
        return true;
    }

    /** The rollover counter of the highest sequence number sent so far (0 before the first packet). */
    public int rolloverCounter() {
        return sent.isEmpty() ? 0 : (int) (sent.highest() >>> 16);
    }

    /** The last SRTCP index used (0 before the first SRTCP packet). */
    public int srtcpIndex() {
        return srtcpIndex;
    }

    /** Why the last call returned false, or {@link SrtpError#NONE}. */
    public SrtpError lastError() {
        return lastError;
    }

    public SrtpCounters counters() {
        return counters;
    }

    /** 48-bit index for {@code seq}: the one closest to the highest index sent; -1 if that would be negative. */
    private long nextRtpIndex(int seq) {
        if (sent.isEmpty()) {
            return seq;
        }
        long highest = sent.highest();
        int delta = (short) (seq - (int) (highest & 0xFFFF));
        return highest + delta;
    }

    private byte[] work(int packetLength) {
        int needed = packetLength + AesCounterKeystream.BLOCK;
        if (work.length < needed) {
            work = new byte[Integer.highestOneBit(needed - 1) << 1];
        }
        return work;
    }

    private boolean fail(SrtpError error) {
        lastError = error;
        counters.error(error);
        return false;
    }
}
