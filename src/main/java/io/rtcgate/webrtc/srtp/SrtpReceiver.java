package io.rtcgate.webrtc.srtp;

import io.netty.buffer.ByteBuf;

/**
 * Checks and decrypts the SRTP and SRTCP one peer sends (RFC 3711 §3.3-3.4, RFC 7714 §8-9), for any number of its
 * SSRCs up to a bound.
 *
 * <p>Per SSRC it keeps the highest authenticated index and a replay window (default 128 packets, RFC 3711 §3.3.2),
 * separately for RTP and RTCP. The RTP rollover counter is estimated from the highest index as in RFC 3711
 * Appendix A; the first packet of an SSRC is taken to have ROC 0. Order of checks: framing (TOO_SHORT, TOO_LONG,
 * MALFORMED), replay (REPLAYED, TOO_OLD) and table room (STREAM_LIMIT) before any cryptography, then the tag
 * (AUTH_FAILED, compared in constant time). Only authenticated packets move the window, the ROC or create an SSRC
 * entry, so forged packets cannot disturb the state.
 *
 * <p>Ownership: the receiver never retains or releases a buffer and does not modify the input or its indexes. On
 * success it appends the plaintext packet to {@code out} (advancing its writer index); on failure {@code out} is
 * unchanged. Not thread-safe: one thread per receiver; {@link #counters()} may be read from any thread.
 */
public final class SrtpReceiver {
    /** Largest SRTP/SRTCP packet accepted (the UDP limit, rounded up). */
    public static final int MAX_PACKET_LENGTH = 65_535;
    /** Default bound on distinct SSRCs, for RTP and for RTCP each. */
    public static final int DEFAULT_MAX_STREAMS = 64;
    private static final int RTP_HEADER = 12;
    private static final int RTCP_HEADER = 8;

    private final SrtpProfile profile;
    private final SrtpCipher cipher;
    private final int replayWindowSize;
    private final SsrcTable<ReplayWindow> rtpStreams;
    private final SsrcTable<ReplayWindow> rtcpStreams;
    private final SrtpCounters counters = new SrtpCounters();
    private byte[] work = new byte[2048];
    private SrtpError lastError = SrtpError.NONE;

    /** A receiver with the default replay window and SSRC bound. */
    public SrtpReceiver(SrtpSessionKeys keys) {
        this(keys, ReplayWindow.DEFAULT_SIZE, DEFAULT_MAX_STREAMS);
    }

    /**
     * @param replayWindowSize packets, a power of two >= 64
     * @param maxStreams distinct SSRCs kept, for RTP and RTCP each
     */
    public SrtpReceiver(SrtpSessionKeys keys, int replayWindowSize, int maxStreams) {
        this.profile = keys.profile;
        this.cipher = SrtpCipher.create(keys);
        new ReplayWindow(replayWindowSize); // validates the size
        this.replayWindowSize = replayWindowSize;
        this.rtpStreams = new SsrcTable<>(maxStreams);
        this.rtcpStreams = new SsrcTable<>(maxStreams);
    }

    /** A receiver for what the peer sends ({@code remote} master key and salt). */
    public static SrtpReceiver forRemote(SrtpKeyMaterial keys) {
        return new SrtpReceiver(keys.deriveRemote());
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Authenticates and decrypts the SRTP packet in {@code srtp}'s readable bytes and appends the RTP packet to
     * {@code out}.
     *
     * @return false if refused; {@link #lastError()} tells why
     */
    public boolean unprotectRtp(ByteBuf srtp, ByteBuf out) {
        int start = srtp.readerIndex();
        int length = srtp.readableBytes();
        int tag = profile.rtpTagLength();
        if (length < RTP_HEADER + tag) {
            return fail(SrtpError.TOO_SHORT);
        }
        if (length > MAX_PACKET_LENGTH) {
            return fail(SrtpError.TOO_LONG);
        }
        int headerLength = RtpHeaderLength.of(srtp, start, length - tag, srtp.getUnsignedByte(start));
        if (headerLength < 0) {
            return fail(SrtpError.MALFORMED);
        }
        int seq = srtp.getUnsignedShort(start + 2);
        int ssrc = srtp.getInt(start + 8);
        ReplayWindow window = rtpStreams.get(ssrc);
        long index;
        if (window == null) {
            if (rtpStreams.isFull()) {
                return fail(SrtpError.STREAM_LIMIT);
            }
            index = seq;
        } else {
            index = estimateIndex(window.highest(), seq);
            if (index < 0) {
                return fail(SrtpError.TOO_OLD);
            }
            SrtpError replay = window.check(index);
            if (replay != SrtpError.NONE) {
                return fail(replay);
            }
        }
        if (out.maxWritableBytes() < length) {
            return fail(SrtpError.OUTPUT_FULL);
        }
        byte[] p = work(length);
        srtp.getBytes(start, p, 0, length);
        int plainLength = cipher.unprotectRtp(p, headerLength, length, (int) (index >>> 16));
        if (plainLength < 0) {
            return fail(SrtpError.AUTH_FAILED);
        }
        if (window == null) {
            window = rtpStreams.add(ssrc, this::newWindow);
        }
        window.accept(index);
        out.writeBytes(p, 0, plainLength);
        counters.rtp(plainLength);
        lastError = SrtpError.NONE;
        return true;
    }

    /**
     * Authenticates and (if its E flag is set) decrypts the SRTCP packet in {@code srtcp}'s readable bytes and
     * appends the RTCP compound packet to {@code out}.
     */
    public boolean unprotectRtcp(ByteBuf srtcp, ByteBuf out) {
        int start = srtcp.readerIndex();
        int length = srtcp.readableBytes();
        int tag = profile.rtcpTagLength();
        if (length < RTCP_HEADER + 4 + tag) {
            return fail(SrtpError.TOO_SHORT);
        }
        if (length > MAX_PACKET_LENGTH) {
            return fail(SrtpError.TOO_LONG);
        }
        if ((srtcp.getUnsignedByte(start) >>> 6) != 2) {
            return fail(SrtpError.MALFORMED);
        }
        // E flag + index: before the tag for AES-CM (RFC 3711 §3.4), after it for AES-GCM (RFC 7714 §9).
        int trailerOffset = profile.isAead() ? length - 4 : length - tag - 4;
        int eAndIndex = srtcp.getInt(start + trailerOffset);
        boolean encrypted = eAndIndex < 0;
        int index = eAndIndex & 0x7FFF_FFFF;
        int ssrc = srtcp.getInt(start + 4);
        ReplayWindow window = rtcpStreams.get(ssrc);
        if (window == null) {
            if (rtcpStreams.isFull()) {
                return fail(SrtpError.STREAM_LIMIT);
            }
        } else {
            SrtpError replay = window.check(index);
            if (replay != SrtpError.NONE) {
                return fail(replay);
            }
        }
        if (out.maxWritableBytes() < length) {
            return fail(SrtpError.OUTPUT_FULL);
        }
        byte[] p = work(length);
        srtcp.getBytes(start, p, 0, length);
        int plainLength = cipher.unprotectRtcp(p, length, index, encrypted);
        if (plainLength < 0) {
            return fail(SrtpError.AUTH_FAILED);
        }
        if (window == null) {
            window = rtcpStreams.add(ssrc, this::newWindow);
        }
        window.accept(index);
        out.writeBytes(p, 0, plainLength);
        counters.rtcp(plainLength);
        lastError = SrtpError.NONE;
        return true;
    }

    /**
     * RFC 3711 Appendix A: the index of {@code seq} given the highest authenticated index (ROC = highest >>> 16,
     * s_l = highest & 0xFFFF). Returns a negative value if the guess is ROC - 1 while ROC is 0.
     */
    static long estimateIndex(long highest, int seq) {
        long roc = highest >>> 16;
        int sl = (int) (highest & 0xFFFF);
        long v;
        if (sl < 32_768) {
            v = seq - sl > 32_768 ? roc - 1 : roc;
        } else {
            v = sl - 32_768 > seq ? roc + 1 : roc;
        }
        return (v << 16) + seq;
    }

    /** The estimated rollover counter of {@code ssrc}'s RTP, or -1 if none was authenticated yet. */
    public long rolloverCounter(int ssrc) {
        ReplayWindow window = rtpStreams.get(ssrc);
        return window == null ? -1 : window.highest() >>> 16;
    }

    /** Why the last call returned false, or {@link SrtpError#NONE}. */
    public SrtpError lastError() {
        return lastError;
    }

    public SrtpCounters counters() {
        return counters;
    }

    private ReplayWindow newWindow() {
        return new ReplayWindow(replayWindowSize);
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
