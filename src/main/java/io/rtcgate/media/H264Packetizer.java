package io.rtcgate.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Turns H.264 access units into RTP packets (RFC 6184, packetization-mode=1, non-interleaved), for one outgoing
 * track: its own SSRC, payload type and running sequence number.
 *
 * <p>Per access unit the NAL units are walked in order and greedily packed:
 * <ul>
 * <li>a run of consecutive NAL units that fits into one payload together (typically SPS+PPS, or SPS+PPS+SEI+small IDR,
 *     or the small slices of a multi-slice picture) goes as one STAP-A (§5.7.1);</li>
 * <li>a NAL unit that fits but has no small neighbour goes as a single NAL unit packet (§5.6);</li>
 * <li>a NAL unit larger than {@code maxPayload} is split into FU-A fragments (§5.8), of (nearly) equal size or, with
 *     {@link FuASplit#FULL_THEN_REMAINDER}, all full but the last (for UDP GSO runs).</li>
 * </ul>
 * <pre>
 * STAP-A:  [F|NRI|24] [size 16][NAL unit] [size 16][NAL unit] ...    F = OR of the F bits, NRI = max of the NRIs
 * FU-A:    [F|NRI|28] [S|E|R|type] [fragment of the NAL unit without its header byte]
 * </pre>
 * Every packet carries the access unit's RTP timestamp; the marker bit is set on its last packet (RFC 6184 §5.1).
 * Payloads never exceed {@code maxPayload}.
 *
 * <p>Ownership: each packet is one direct buffer from the allocator (12-byte RTP header and payload written once,
 * exactly sized); the {@link PacketSink} owns it from the call on. The access unit's buffer is only read.
 *
 * <p>Threads: {@link #packetize} on one thread at a time (the stream's event loop); counter getters from any thread.
 * No allocation besides the packet buffers.
 */
public final class H264Packetizer {
    /**
     * RTP packets of at most 1200 bytes, the usual WebRTC budget (libwebrtc, pion): with SRTP's 10-byte tag and
     * UDP/IPv6 headers that stays below the 1280-byte IPv6 minimum MTU.
     */
    public static final int DEFAULT_MAX_PAYLOAD = 1188;
    /** An FU-A fragment needs two header bytes and at least one byte of the NAL unit. */
    public static final int MIN_MAX_PAYLOAD = 3;
    /** Keeps a packet within the 16-bit lengths of UDP and of STAP-A sizes. */
    public static final int MAX_MAX_PAYLOAD = 0xFFFF - RtpPacket.FIXED_HEADER_LENGTH;

    private static final int STAP_A_HEADER = 1;
    private static final int STAP_A_SIZE_FIELD = 2;
    private static final int FU_A_HEADERS = 2;
    private static final int NRI_MASK = 0x60;
    private static final int F_BIT = 0x80;
    private static final int FU_START = 0x80;
    private static final int FU_END = 0x40;

    private static final int ACCESS_UNITS = 0;
    private static final int PACKETS = 1;
    private static final int BYTES = 2;
    private static final int SINGLE_NAL_PACKETS = 3;
    private static final int STAP_A_PACKETS = 4;
    private static final int FU_A_PACKETS = 5;
    private static final int COUNTERS = 6;

    private final ByteBufAllocator alloc;
    private final int maxPayload;
    private final int payloadType;
    private final int ssrc;
    private final FuASplit split;
    private final OpaqueCounters counters = new OpaqueCounters(COUNTERS);
    private int sequence;

    // the access unit being packetized
    private int timestamp;
    private boolean keyframeStartPending;

    /**
     * @param alloc           allocator for the packets (pooled direct recommended)
     * @param maxPayload      largest RTP payload, {@value #MIN_MAX_PAYLOAD}..{@value #MAX_MAX_PAYLOAD}
     *                        ({@value #DEFAULT_MAX_PAYLOAD} for WebRTC)
     * @param payloadType     RTP payload type, 0..127
     * @param ssrc            unsigned 32 bit
     * @param initialSequence sequence number of the first packet, 0..65535
     * @param split           how FU-A fragments are sized
     */
    public H264Packetizer(ByteBufAllocator alloc, int maxPayload, int payloadType, long ssrc, int initialSequence,
            FuASplit split) {
        this.split = Objects.requireNonNull(split, "split");
        this.alloc = Objects.requireNonNull(alloc, "alloc");
        if (maxPayload < MIN_MAX_PAYLOAD || maxPayload > MAX_MAX_PAYLOAD) {
            throw new IllegalArgumentException("maxPayload must be in " + MIN_MAX_PAYLOAD + ".." + MAX_MAX_PAYLOAD
                    + ", got " + maxPayload);
        }
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payloadType must be in 0..127, got " + payloadType);
        }
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ssrc must be an unsigned 32-bit value, got " + ssrc);
        }
        if (initialSequence < 0 || initialSequence > 0xFFFF) {
            throw new IllegalArgumentException("initialSequence must be in 0..65535, got " + initialSequence);
        }
        this.maxPayload = maxPayload;
        this.payloadType = payloadType;
        this.ssrc = (int) ssrc;
        this.sequence = initialSequence;
    }

    /** With {@link FuASplit#EVEN}. */
    public H264Packetizer(ByteBufAllocator alloc, int maxPayload, int payloadType, long ssrc, int initialSequence) {
        this(alloc, maxPayload, payloadType, ssrc, initialSequence, FuASplit.EVEN);
    }

    /** With {@link #DEFAULT_MAX_PAYLOAD} and {@link FuASplit#EVEN}. */
    public H264Packetizer(ByteBufAllocator alloc, int payloadType, long ssrc, int initialSequence) {
        this(alloc, DEFAULT_MAX_PAYLOAD, payloadType, ssrc, initialSequence);
    }

    /**
     * Packetizes all NAL units of {@code unit}, handing each packet to {@code sink} as soon as it is written. An access
     * unit without NAL units produces nothing. If the sink throws, the exception propagates and the rest of the unit is
     * not sent; sequence numbers stay continuous.
     *
     * @param rtpTimestamp 90 kHz timestamp of the unit (only the low 32 bits are used)
     */
    public void packetize(AccessUnit unit, long rtpTimestamp, PacketSink sink) {
        int count = unit.nalCount();
        if (count == 0) {
            return;
        }
        counters.increment(ACCESS_UNITS);
        timestamp = (int) rtpTimestamp;
        keyframeStartPending = unit.keyframe();
        int i = 0;
        while (i < count) {
            int length = unit.nalLength(i);
            if (length > maxPayload) {
                sendFragments(unit.data(), unit.nalOffset(i), length, i == count - 1, sink);
                i++;
                continue;
            }
            int end = i + 1;
            int stapPayload = STAP_A_HEADER + STAP_A_SIZE_FIELD + length;
            while (end < count && stapPayload + STAP_A_SIZE_FIELD + unit.nalLength(end) <= maxPayload) {
                stapPayload += STAP_A_SIZE_FIELD + unit.nalLength(end);
                end++;
            }
            if (end - i == 1) {
                sendSingle(unit.data(), unit.nalOffset(i), length, end == count, sink);
            } else {
                sendStapA(unit, i, end, stapPayload, end == count, sink);
            }
            i = end;
        }
    }

    /** RFC 6184 §5.6: the NAL unit is the payload. */
    private void sendSingle(ByteBuf data, int offset, int length, boolean last, PacketSink sink) {
        ByteBuf packet = newPacket(length, last);
        packet.writeBytes(data, offset, length);
        counters.increment(SINGLE_NAL_PACKETS);
        emit(packet, last, sink);
    }

    /** RFC 6184 §5.7.1 (STAP-A) and §5.7 for the F and NRI of its header. */
    private void sendStapA(AccessUnit unit, int first, int end, int payloadLength, boolean last, PacketSink sink) {
        ByteBuf data = unit.data();
        int forbidden = 0;
        int nri = 0;
        for (int i = first; i < end; i++) {
            int header = data.getUnsignedByte(unit.nalOffset(i));
            forbidden |= header & F_BIT;
            nri = Math.max(nri, header & NRI_MASK);
        }
        ByteBuf packet = newPacket(payloadLength, last);
        packet.writeByte(forbidden | nri | H264NalUnitType.STAP_A);
        for (int i = first; i < end; i++) {
            int length = unit.nalLength(i);
            packet.writeShort(length);
            packet.writeBytes(data, unit.nalOffset(i), length);
        }
        counters.increment(STAP_A_PACKETS);
        emit(packet, last, sink);
    }

    /**
     * RFC 6184 §5.8: the NAL header byte is not sent; its F and NRI go into the FU indicator, its type into the FU
     * header. The rest is cut into the fewest fragments that fit: {@link FuASplit#EVEN} makes their sizes differ by
     * at most one byte, {@link FuASplit#FULL_THEN_REMAINDER} fills all but the last.
     */
    private void sendFragments(ByteBuf data, int offset, int length, boolean lastNal, PacketSink sink) {
        int header = data.getUnsignedByte(offset);
        int indicator = (header & (F_BIT | NRI_MASK)) | H264NalUnitType.FU_A;
        int type = H264NalUnitType.of(header);
        int body = length - 1;
        int maxFragment = maxPayload - FU_A_HEADERS;
        int fragments = (body + maxFragment - 1) / maxFragment;
        int baseSize = body / fragments;
        int biggerOnes = body % fragments;
        int position = offset + 1;
        for (int f = 0; f < fragments; f++) {
            int size = split == FuASplit.EVEN
                    ? (f < biggerOnes ? baseSize + 1 : baseSize)
                    : Math.min(maxFragment, body - f * maxFragment);
            boolean start = f == 0;
            boolean end = f == fragments - 1;
            boolean last = lastNal && end;
            ByteBuf packet = newPacket(FU_A_HEADERS + size, last);
            packet.writeByte(indicator);
            packet.writeByte((start ? FU_START : 0) | (end ? FU_END : 0) | type);
            packet.writeBytes(data, position, size);
            position += size;
            counters.increment(FU_A_PACKETS);
            emit(packet, last, sink);
        }
    }

    /** A buffer of exactly header + payload bytes with the RTP header (RFC 3550 §5.1, no CSRC, no extension). */
    private ByteBuf newPacket(int payloadLength, boolean marker) {
        int size = RtpPacket.FIXED_HEADER_LENGTH + payloadLength;
        ByteBuf packet = alloc.directBuffer(size, size);
        packet.writeByte(RtpPacket.VERSION << 6);
        packet.writeByte((marker ? 0x80 : 0) | payloadType);
        packet.writeShort(sequence);
        packet.writeInt(timestamp);
        packet.writeInt(ssrc);
        sequence = (sequence + 1) & 0xFFFF;
        return packet;
    }

    private void emit(ByteBuf packet, boolean last, PacketSink sink) {
        boolean keyframeStart = keyframeStartPending;
        keyframeStartPending = false;
        counters.increment(PACKETS);
        counters.add(BYTES, packet.readableBytes());
        sink.onPacket(packet, keyframeStart, last);
    }

    /** Sequence number the next packet will get. */
    public int nextSequence() {
        return sequence;
    }

    public int maxPayload() {
        return maxPayload;
    }

    public FuASplit split() {
        return split;
    }

    /**
     * Whether {@code rtpPacket} (one of this class's packets: 12-byte header, readable bytes from the reader index) is an
     * FU-A fragment other than the last of its NAL unit (RFC 6184 §5.8: FU indicator type 28, E bit clear), so at least
     * one more fragment follows. Does not move any index.
     */
    public static boolean isFragmentWithMoreToFollow(ByteBuf rtpPacket) {
        int start = rtpPacket.readerIndex() + RtpPacket.FIXED_HEADER_LENGTH;
        if (rtpPacket.readableBytes() < RtpPacket.FIXED_HEADER_LENGTH + FU_A_HEADERS) {
            return false;
        }
        return H264NalUnitType.of(rtpPacket.getUnsignedByte(start)) == H264NalUnitType.FU_A
                && (rtpPacket.getUnsignedByte(start + 1) & FU_END) == 0;
    }

    public int payloadType() {
        return payloadType;
    }

    /** Unsigned 32 bit. */
    public long ssrc() {
        return ssrc & 0xFFFF_FFFFL;
    }

    /** Access units with at least one NAL unit packetized. */
    public long accessUnits() {
        return counters.get(ACCESS_UNITS);
    }

    public long packets() {
        return counters.get(PACKETS);
    }

    /** Bytes of all packets, RTP headers included. */
    public long bytes() {
        return counters.get(BYTES);
    }

    public long singleNalUnitPackets() {
        return counters.get(SINGLE_NAL_PACKETS);
    }

    public long stapAPackets() {
        return counters.get(STAP_A_PACKETS);
    }

    public long fuAPackets() {
        return counters.get(FU_A_PACKETS);
    }
}
