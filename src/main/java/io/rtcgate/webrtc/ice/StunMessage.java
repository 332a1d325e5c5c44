package io.rtcgate.webrtc.ice;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A parsed STUN message (RFC 5389 §6, RFC 8489). {@link #parse(ByteBuf)} copies the datagram (at most
 * {@link #MAX_MESSAGE_BYTES}) into an array it keeps, so the message does not hold on to the caller's buffer and
 * MESSAGE-INTEGRITY / FINGERPRINT can be checked later over the exact received bytes. STUN is low-rate: the few
 * allocations per message (this object, the copy, the attribute list, decoded strings) are bounded by the size limit.
 *
 * <p>Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are listed in {@link #attributes()} but otherwise ignored
 * (RFC 5389 §15.4); FINGERPRINT must be the last attribute (§15.5).
 */
public final class StunMessage {
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int TRANSACTION_ID_LENGTH = 12;
    /** Largest datagram accepted; a path MTU-sized limit (RFC 5389 §7.1: messages should stay below 576/1280 bytes). */
    public static final int MAX_MESSAGE_BYTES = 1500;
    public static final int MAX_ATTRIBUTES = 64;
    private static final int[] NO_ATTRIBUTE_TYPES = new int[0];
    public static final int METHOD_BINDING = 0x001;
    /** USERNAME must be shorter than 513 bytes (RFC 5389 §15.3). */
    public static final int MAX_USERNAME_BYTES = 512;
    /** SOFTWARE and the ERROR-CODE reason must be shorter than 128 characters, i.e. at most 763 bytes (§15.10, §15.6). */
    public static final int MAX_TEXT_BYTES = 763;

    private final byte[] bytes;
    private final int messageType;
    private final StunClass stunClass;
    private final int method;
    private final List<StunAttribute> attributes;
    private final String username;
    private final String software;
    private final long priority;
    private final boolean useCandidate;
    private final boolean hasIceControlling;
    private final long iceControlling;
    private final boolean hasIceControlled;
    private final long iceControlled;
    private final InetSocketAddress xorMappedAddress;
    private final int errorCode;
    private final String errorReason;
    private final int messageIntegrityOffset;
    private final int fingerprintOffset;
    private final int[] unknownComprehensionRequired;

    private StunMessage(Parser p) {
        this.bytes = p.bytes;
        this.messageType = p.messageType;
        this.stunClass = StunClass.fromBits(((messageType >> 7) & 0b10) | ((messageType >> 4) & 0b01));
        this.method = (messageType & 0x000F) | ((messageType >> 1) & 0x0070) | ((messageType >> 2) & 0x0F80);
        this.attributes = Collections.unmodifiableList(p.attributes);
        this.username = p.username;
        this.software = p.software;
        this.priority = p.priority;
        this.useCandidate = p.useCandidate;
        this.hasIceControlling = p.hasIceControlling;
        this.iceControlling = p.iceControlling;
        this.hasIceControlled = p.hasIceControlled;
        this.iceControlled = p.iceControlled;
        this.xorMappedAddress = p.xorMappedAddress;
        this.errorCode = p.errorCode;
        this.errorReason = p.errorReason;
        this.messageIntegrityOffset = p.messageIntegrityOffset;
        this.fingerprintOffset = p.fingerprintOffset;
        this.unknownComprehensionRequired = p.unknownCount == 0 ? NO_ATTRIBUTE_TYPES : Arrays.copyOf(p.unknown, p.unknownCount);
    }

    /**
     * True if the readable bytes look like STUN: first byte 0..3 (RFC 7983 §7 demultiplexing), at least a header, and
     * the magic cookie (RFC 5389 §6). Does not move the reader index.
     */
    public static boolean isStun(ByteBuf buf) {
        int start = buf.readerIndex();
        return buf.readableBytes() >= HEADER_LENGTH
                && buf.getUnsignedByte(start) <= 3
                && buf.getInt(start + 4) == MAGIC_COOKIE;
    }

    /** Encodes method and class into the 14-bit message type (RFC 5389 §6, figure 3). */
    public static int messageType(int method, StunClass stunClass) {
        int c = stunClass.bits();
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
                | ((c & 0b01) << 4) | ((c & 0b10) << 7);
    }

    /**
     * Parses the readable bytes of {@code buf} as one STUN message (one UDP datagram: the length field must account for
     * all of them). Does not move the reader index and does not retain or release {@code buf}.
     */
    public static StunMessage parse(ByteBuf buf) throws StunParseException {
        int size = buf.readableBytes();
        if (size < HEADER_LENGTH) {
            throw new StunParseException("message of " + size + " bytes is shorter than the 20-byte header");
        }
        if (size > MAX_MESSAGE_BYTES) {
            throw new StunParseException("message of " + size + " bytes exceeds the limit of " + MAX_MESSAGE_BYTES);
        }
        byte[] bytes = new byte[size];
        buf.getBytes(buf.readerIndex(), bytes);
        Parser parser = new Parser(bytes);
        parser.parse();
        return new StunMessage(parser);
    }

    public int messageType() {
        return messageType;
    }

    public StunClass stunClass() {
        return stunClass;
    }

    public int method() {
        return method;
    }

    public boolean isBindingRequest() {
        return method == METHOD_BINDING && stunClass == StunClass.REQUEST;
    }

    /** A copy of the 96-bit transaction id. */
    public byte[] transactionId() {
        return Arrays.copyOfRange(bytes, 8, HEADER_LENGTH);
    }

    /** Length of the whole message, header included. */
    public int length() {
        return bytes.length;
    }

    /** A copy of the message bytes as received. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Every attribute in wire order, including those after MESSAGE-INTEGRITY that are otherwise ignored. */
    public List<StunAttribute> attributes() {
        return attributes;
    }

    /** The first attribute of {@code type}, or null. */
    public StunAttribute attribute(int type) {
        for (StunAttribute a : attributes) {
            if (a.type() == type) {
                return a;
            }
        }
        return null;
    }

    /** A copy of an attribute's value (without padding). */
    public byte[] value(StunAttribute attribute) {
        return Arrays.copyOfRange(bytes, attribute.valueOffset(), attribute.valueOffset() + attribute.length());
    }

    /** USERNAME (RFC 5389 §15.3), or null. In ICE it reads "receiver-ufrag:sender-ufrag" (RFC 8445 §7.2.2). */
    public String username() {
        return username;
    }

    /** SOFTWARE (RFC 5389 §15.10), or null. */
    public String software() {
        return software;
    }

    /** PRIORITY (RFC 8445 §7.1.1) as an unsigned 32-bit value, or -1 if absent. */
    public long priority() {
        return priority;
    }

    public boolean useCandidate() {
        return useCandidate;
    }

    public boolean hasIceControlling() {
        return hasIceControlling;
    }

    /** The ICE-CONTROLLING tie-breaker (RFC 8445 §7.1.3); meaningful only if {@link #hasIceControlling()}. */
    public long iceControlling() {
        return iceControlling;
    }

    public boolean hasIceControlled() {
        return hasIceControlled;
    }

    /** The ICE-CONTROLLED tie-breaker; meaningful only if {@link #hasIceControlled()}. */
    public long iceControlled() {
        return iceControlled;
    }

    /** XOR-MAPPED-ADDRESS decoded (RFC 5389 §15.2), or null. */
    public InetSocketAddress xorMappedAddress() {
        return xorMappedAddress;
    }

    /** ERROR-CODE as class * 100 + number (RFC 5389 §15.6), or -1 if absent. */
    public int errorCode() {
        return errorCode;
    }

    public String errorReason() {
        return errorReason;
    }

    /** Comprehension-required attribute types this implementation does not understand (for a 420 response). */
    public int[] unknownComprehensionRequired() {
        return unknownComprehensionRequired.clone();
    }

    public boolean hasMessageIntegrity() {
        return messageIntegrityOffset >= 0;
    }

    public boolean hasFingerprint() {
        return fingerprintOffset >= 0;
    }

    /**
     * Checks MESSAGE-INTEGRITY with the short-term key {@code key} (RFC 5389 §15.4): HMAC-SHA1 over the bytes preceding
     * the attribute, with the header's length field set as if the message ended right after MESSAGE-INTEGRITY.
     * Constant-time comparison. False if the message has no MESSAGE-INTEGRITY.
     */
    public boolean integrityMatches(SecretKeySpec key) {
        if (messageIntegrityOffset < 0) {
            return false;
        }
        Mac mac = StunIntegrity.hmacSha1(key);
        int adjustedLength = messageIntegrityOffset + 4 + StunIntegrity.HMAC_SHA1_LENGTH - HEADER_LENGTH;
        mac.update(bytes, 0, 2);
        mac.update((byte) (adjustedLength >>> 8));
        mac.update((byte) adjustedLength);
        mac.update(bytes, 4, messageIntegrityOffset - 4);
        byte[] expected = mac.doFinal();
        byte[] actual = Arrays.copyOfRange(bytes, messageIntegrityOffset + 4,
                messageIntegrityOffset + 4 + StunIntegrity.HMAC_SHA1_LENGTH);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Convenience for {@link #integrityMatches(SecretKeySpec)} with a password (the short-term key, as bytes). */
    public boolean integrityMatches(String password) {
        return !password.isEmpty() && integrityMatches(StunIntegrity.shortTermKey(password));
    }

    /**
     * Checks FINGERPRINT (RFC 5389 §15.5): CRC-32 of the message up to the attribute, XOR 0x5354554e. False if the
     * message has no FINGERPRINT.
     */
    public boolean fingerprintMatches() {
        if (fingerprintOffset < 0) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, fingerprintOffset);
        int expected = (int) crc.getValue() ^ StunIntegrity.FINGERPRINT_XOR;
        return expected == readInt(bytes, fingerprintOffset + 4);
    }

    @Override
    public String toString() {
        return "StunMessage[" + stunClass + " method=0x" + Integer.toHexString(method) + " length=" + bytes.length
                + " attributes=" + attributes.size() + (username != null ? " username=" + username : "") + "]";
    }

    private static int readInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static int readShort(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static long readLong(byte[] b, int i) {
        return ((long) readInt(b, i) << 32) | (readInt(b, i + 4) & 0xFFFFFFFFL);
    }

    /** Walks the header and the attribute list once, validating as it goes. */
    private static final class Parser {
        final byte[] bytes;
        int messageType;
        final List<StunAttribute> attributes = new ArrayList<>();
        String username;
        String software;
        long priority = -1;
        boolean useCandidate;
        boolean hasIceControlling;
        long iceControlling;
        boolean hasIceControlled;
        long iceControlled;
        InetSocketAddress xorMappedAddress;
        int errorCode = -1;
        String errorReason;
        int messageIntegrityOffset = -1;
        int fingerprintOffset = -1;
        /** Made on the first unknown attribute: a browser's consent check has none, and parsing one should cost little. */
        int[] unknown = NO_ATTRIBUTE_TYPES;
        int unknownCount;

        Parser(byte[] bytes) {
            this.bytes = bytes;
        }

        void parse() throws StunParseException {
            int first = bytes[0] & 0xFF;
            if ((first & 0xC0) != 0) {
                throw new StunParseException("the two most significant bits must be zero (RFC 5389 §6), first byte is 0x"
                        + Integer.toHexString(first));
            }
            messageType = readShort(bytes, 0);
            int length = readShort(bytes, 2);
            if (readInt(bytes, 4) != MAGIC_COOKIE) {
                throw new StunParseException("bad magic cookie 0x" + Integer.toHexString(readInt(bytes, 4)));
            }
            if ((length & 3) != 0) {
                throw new StunParseException("message length " + length + " is not a multiple of 4");
            }
            if (length + HEADER_LENGTH != bytes.length) {
                throw new StunParseException("message length field says " + length + " bytes after the header but the"
                        + " datagram has " + (bytes.length - HEADER_LENGTH));
            }
            int pos = HEADER_LENGTH;
            while (pos < bytes.length) {
                if (fingerprintOffset >= 0) {
                    throw new StunParseException("attribute at offset " + pos + " follows FINGERPRINT, which must be last");
                }
                if (attributes.size() == MAX_ATTRIBUTES) {
                    throw new StunParseException("more than " + MAX_ATTRIBUTES + " attributes");
                }
                int type = readShort(bytes, pos);
                int valueLength = readShort(bytes, pos + 2);
                StunAttribute attribute = new StunAttribute(type, pos, valueLength);
                if (attribute.endOffset() > bytes.length) {
                    throw new StunParseException(String.format("attribute 0x%04x at offset %d with length %d runs past the"
                            + " end of the %d-byte message", type, pos, valueLength, bytes.length));
                }
                attributes.add(attribute);
                if (type == StunAttributeType.FINGERPRINT) {
                    requireLength(attribute, 4);
                    fingerprintOffset = pos;
                } else if (messageIntegrityOffset < 0) {
                    decode(attribute);
                }
                pos = attribute.endOffset();
            }
        }

        private void decode(StunAttribute a) throws StunParseException {
            int v = a.valueOffset();
            switch (a.type()) {
                case StunAttributeType.MESSAGE_INTEGRITY -> {
                    requireLength(a, StunIntegrity.HMAC_SHA1_LENGTH);
                    messageIntegrityOffset = a.offset();
                }
                case StunAttributeType.USERNAME -> {
                    if (a.length() > MAX_USERNAME_BYTES) {
                        throw new StunParseException("USERNAME of " + a.length() + " bytes exceeds " + MAX_USERNAME_BYTES);
                    }
                    if (username == null) {
                        username = utf8(v, a.length(), "USERNAME");
                    }
                }
                case StunAttributeType.SOFTWARE -> {
                    requireTextLength(a, "SOFTWARE", MAX_TEXT_BYTES);
                    if (software == null) {
                        software = utf8(v, a.length(), "SOFTWARE");
                    }
                }
                case StunAttributeType.PRIORITY -> {
                    requireLength(a, 4);
                    if (priority < 0) {
                        priority = readInt(bytes, v) & 0xFFFFFFFFL;
                    }
                }
                case StunAttributeType.USE_CANDIDATE -> {
                    requireLength(a, 0);
                    useCandidate = true;
                }
                case StunAttributeType.ICE_CONTROLLING -> {
                    requireLength(a, 8);
                    if (!hasIceControlling) {
                        hasIceControlling = true;
                        iceControlling = readLong(bytes, v);
                    }
                }
                case StunAttributeType.ICE_CONTROLLED -> {
                    requireLength(a, 8);
                    if (!hasIceControlled) {
                        hasIceControlled = true;
                        iceControlled = readLong(bytes, v);
                    }
                }
                case StunAttributeType.XOR_MAPPED_ADDRESS -> {
                    if (xorMappedAddress == null) {
                        xorMappedAddress = xorAddress(a);
                    }
                }
                case StunAttributeType.ERROR_CODE -> {
                    if (errorCode < 0) {
                        decodeErrorCode(a);
                    }
                }
                default -> {
                    if (!StunAttributeType.isUnderstood(a.type()) && !contains(a.type())) {
                        if (unknown.length == 0) {
                            unknown = new int[MAX_ATTRIBUTES];
                        }
                        unknown[unknownCount++] = a.type();
                    }
                }
            }
        }

        private boolean contains(int type) {
            for (int i = 0; i < unknownCount; i++) {
                if (unknown[i] == type) {
                    return true;
                }
            }
            return false;
        }

        /** XOR-MAPPED-ADDRESS (RFC 5389 §15.2): port XOR the cookie's top 16 bits, address XOR cookie (+ txid for v6). */
        private InetSocketAddress xorAddress(StunAttribute a) throws StunParseException {
            if (a.length() < 4) {
                throw new StunParseException("XOR-MAPPED-ADDRESS of " + a.length() + " bytes is too short");
            }
            int v = a.valueOffset();
            int family = bytes[v + 1] & 0xFF;
            int addressLength = switch (family) {
                case 0x01 -> 4;
                case 0x02 -> 16;
                default -> throw new StunParseException("XOR-MAPPED-ADDRESS has unknown address family " + family);
            };
            if (a.length() != 4 + addressLength) {
                throw new StunParseException("XOR-MAPPED-ADDRESS for family " + family + " must be " + (4 + addressLength)
                        + " bytes, not " + a.length());
            }
            int port = readShort(bytes, v + 2) ^ (MAGIC_COOKIE >>> 16);
            byte[] address = new byte[addressLength];
            for (int i = 0; i < addressLength; i++) {
                // bytes 4..19 of the header are the magic cookie followed by the transaction id
                address[i] = (byte) (bytes[v + 4 + i] ^ bytes[4 + i]);
            }
            try {
                return new InetSocketAddress(InetAddress.getByAddress(address), port);
            } catch (UnknownHostException e) {
                throw new StunParseException("XOR-MAPPED-ADDRESS: " + e.getMessage());
            }
        }

        /** ERROR-CODE (RFC 5389 §15.6): 21 reserved bits, class (3..6) in 3 bits, number (0..99) in 8 bits, reason. */
        private void decodeErrorCode(StunAttribute a) throws StunParseException {
            if (a.length() < 4) {
                throw new StunParseException("ERROR-CODE of " + a.length() + " bytes is too short");
            }
            requireTextLength(a, "ERROR-CODE", 4 + MAX_TEXT_BYTES);
            int v = a.valueOffset();
            int errorClass = bytes[v + 2] & 0x07;
            int number = bytes[v + 3] & 0xFF;
            if (errorClass < 3 || errorClass > 6 || number > 99) {
                throw new StunParseException("ERROR-CODE class " + errorClass + " number " + number + " is out of range");
            }
            errorCode = errorClass * 100 + number;
            errorReason = utf8(v + 4, a.length() - 4, "ERROR-CODE reason");
        }

        private void requireLength(StunAttribute a, int expected) throws StunParseException {
            if (a.length() != expected) {
                throw new StunParseException(String.format("attribute 0x%04x must be %d bytes, not %d", a.type(), expected,
                        a.length()));
            }
        }

        private void requireTextLength(StunAttribute a, String name, int max) throws StunParseException {
            if (a.length() > max) {
                throw new StunParseException(name + " of " + a.length() + " bytes is too long");
            }
        }

        private String utf8(int offset, int length, String what) throws StunParseException {
            if (isAscii(offset, length)) {
                // the common case (ICE ufrags are ice-chars, RFC 8839 §5.4): ASCII is UTF-8 as it is, no decoder needed
                return new String(bytes, offset, length, StandardCharsets.US_ASCII);
            }
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, offset, length))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new StunParseException(what + " is not valid UTF-8");
            }
        }

        private boolean isAscii(int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] < 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
