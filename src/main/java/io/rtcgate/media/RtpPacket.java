package io.rtcgate.media;

import io.netty.buffer.ByteBuf;

/**
 * A reusable, allocation-free view over one RTP packet held in a {@link ByteBuf}. One instance is
 * reused for every packet of a track.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |  CC x 32 bit
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  extension profile (X=1)      |  extension length (32-bit words)
 * |  extension data ...                                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  payload ...                  | padding ... | padding count   |  (P=1, count includes itself)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * (RFC 3550 §5.1 and §5.3.1.)
 *
 * <p>Ownership: {@link #wrap} neither retains the buffer nor moves its indexes. The caller keeps
 * owning it and must keep it alive (and not modify it) while it uses this view; after releasing the
 * buffer the view must not be used until the next {@code wrap}. Accessors are meaningful only after
 * {@code wrap} returned {@code true}. Not thread-safe.
 */
public final class RtpPacket {
    /** Size of the fixed header. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** The only RTP version in use (RFC 3550). */
    public static final int VERSION = 2;

    private ByteBuf buffer;
    private RtpParseError error = RtpParseError.NONE;
    private int firstByte;
    private int secondByte;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc;
    private int headerLength;
    private int payloadOffset;
    private int payloadLength;
    private int extensionProfile;
    private int extensionDataOffset;
    private int extensionDataLength;

    /**
     * Parses the readable region of {@code buf}. Returns {@code false} if it is not a well-formed RTP
     * packet; {@link #error()} then gives the reason. Never throws for any content.
     */
    public boolean wrap(ByteBuf buf) {
        buffer = null;
        int start = buf.readerIndex();
        int length = buf.readableBytes();
        if (length < FIXED_HEADER_LENGTH) {
            return fail(RtpParseError.TOO_SHORT);
        }
        int b0 = buf.getUnsignedByte(start);
        if ((b0 >>> 6) != VERSION) {
            return fail(RtpParseError.BAD_VERSION);
        }
        int csrcCount = b0 & 0x0F;
        int header = FIXED_HEADER_LENGTH + 4 * csrcCount;
        if (header > length) {
            return fail(RtpParseError.BAD_CSRC_COUNT);
        }
        int extProfile = 0;
        int extOffset = 0;
        int extLength = 0;
        if ((b0 & 0x10) != 0) {
            // RFC 3550 §5.3.1: 16-bit profile, 16-bit length in 32-bit words excluding this 4-byte header.
            if (header + 4 > length) {
                return fail(RtpParseError.BAD_EXTENSION_LENGTH);
            }
            extProfile = buf.getUnsignedShort(start + header);
            extLength = 4 * buf.getUnsignedShort(start + header + 2);
            extOffset = start + header + 4;
            header += 4 + extLength;
            if (header > length) {
                return fail(RtpParseError.BAD_EXTENSION_LENGTH);
            }
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
            padding = buf.getUnsignedByte(start + length - 1);
            if (padding == 0 || padding > length - header) {
                return fail(RtpParseError.BAD_PADDING);
            }
        }
        buffer = buf;
        error = RtpParseError.NONE;
        firstByte = b0;
        secondByte = buf.getUnsignedByte(start + 1);
        sequenceNumber = buf.getUnsignedShort(start + 2);
        timestamp = buf.getUnsignedInt(start + 4);
        ssrc = buf.getUnsignedInt(start + 8);
        headerLength = header;
        payloadOffset = start + header;
        payloadLength = length - header - padding;
        extensionProfile = extProfile;
        extensionDataOffset = extOffset;
        extensionDataLength = extLength;
        return true;
    }

    private boolean fail(RtpParseError reason) {
        error = reason;
        return false;
    }

    /** Why the last {@link #wrap} failed, or {@link RtpParseError#NONE} if it succeeded. */
    public RtpParseError error() {
        return error;
    }

    /** The wrapped buffer; {@code null} if the last {@code wrap} failed. */
    public ByteBuf buffer() {
        return buffer;
    }

    public int version() {
        return firstByte >>> 6;
    }

    public boolean padding() {
        return (firstByte & 0x20) != 0;
    }

    public boolean extension() {
        return (firstByte & 0x10) != 0;
    }

    public int csrcCount() {
        return firstByte & 0x0F;
    }

    /** The i-th contributing source, unsigned 32 bit. */
    public long csrc(int i) {
        if (i < 0 || i >= csrcCount()) {
            throw new IndexOutOfBoundsException("csrc " + i + " of " + csrcCount());
        }
        return buffer.getUnsignedInt(payloadOffset - headerLength + FIXED_HEADER_LENGTH + 4 * i);
    }

    public boolean marker() {
        return (secondByte & 0x80) != 0;
    }

    public int payloadType() {
        return secondByte & 0x7F;
    }

    /** 0..65535. */
    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** Unsigned 32 bit. */
    public long timestamp() {
        return timestamp;
    }

    /** Unsigned 32 bit. */
    public long ssrc() {
        return ssrc;
    }

    /** The 16-bit "defined by profile" field of the header extension; 0 without extension. */
    public int extensionProfile() {
        return extensionProfile;
    }

    /** Absolute index of the header extension data (after its 4-byte header) in {@link #buffer()}. */
    public int extensionDataOffset() {
        return extensionDataOffset;
    }

    /** Length in bytes of the header extension data; 0 without extension. */
    public int extensionDataLength() {
        return extensionDataLength;
    }

    /** Absolute index of the first payload byte in {@link #buffer()}. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Payload length without padding; may be 0. */
    public int payloadLength() {
        return payloadLength;
    }

    /** Fixed header + CSRCs + header extension. */
    public int headerLength() {
        return headerLength;
    }
}
