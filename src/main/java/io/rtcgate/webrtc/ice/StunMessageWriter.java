package io.rtcgate.webrtc.ice;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes one STUN message at a time into a caller-supplied {@link ByteBuf} (RFC 5389 §6, §15). The header's length field
 * is kept current after every attribute, which MESSAGE-INTEGRITY and FINGERPRINT need: each covers the message so far
 * with the length field counting itself (§15.4, §15.5). Write MESSAGE-INTEGRITY after the other attributes and
 * FINGERPRINT last.
 *
 * <p>Ownership: the writer never allocates, retains or releases the output buffer; whoever allocated it owns it. A
 * writer is reusable but not thread-safe: one per thread, or one per call.
 */
public final class StunMessageWriter {
    private ByteBuf out;
    private int start;
    private byte paddingByte;

    /**
     * The byte used to pad attribute values to a multiple of 4. RFC 5389 §15 lets it be anything and receivers ignore
     * it; the default is 0. RFC 5769's vectors pad with 0x20, so setting it reproduces them byte for byte.
     */
    public StunMessageWriter paddingByte(int value) {
        this.paddingByte = (byte) value;
        return this;
    }

    /** Starts a message of {@code messageType} (see {@link StunMessage#messageType}) at {@code out}'s writer index. */
    public StunMessageWriter begin(ByteBuf out, int messageType, byte[] transactionId) {
        if (transactionId.length != StunMessage.TRANSACTION_ID_LENGTH) {
            throw new IllegalArgumentException("transaction id must be 12 bytes, not " + transactionId.length);
        }
        if ((messageType & 0xC000) != 0) {
            throw new IllegalArgumentException("message type 0x" + Integer.toHexString(messageType) + " exceeds 14 bits");
        }
        this.out = out;
        this.start = out.writerIndex();
        out.writeShort(messageType);
        out.writeShort(0);
        out.writeInt(StunMessage.MAGIC_COOKIE);
        out.writeBytes(transactionId);
        return this;
    }

    public StunMessageWriter software(String software) {
        return text(StunAttributeType.SOFTWARE, software, StunMessage.MAX_TEXT_BYTES);
    }

    public StunMessageWriter username(String username) {
        return text(StunAttributeType.USERNAME, username, StunMessage.MAX_USERNAME_BYTES);
    }

    public StunMessageWriter priority(long priority) {
        header(StunAttributeType.PRIORITY, 4);
        out.writeInt((int) priority);
        return updateLength();
    }

    public StunMessageWriter useCandidate() {
        header(StunAttributeType.USE_CANDIDATE, 0);
        return updateLength();
    }

    public StunMessageWriter iceControlling(long tieBreaker) {
        header(StunAttributeType.ICE_CONTROLLING, 8);
        out.writeLong(tieBreaker);
        return updateLength();
    }

    public StunMessageWriter iceControlled(long tieBreaker) {
        header(StunAttributeType.ICE_CONTROLLED, 8);
        out.writeLong(tieBreaker);
        return updateLength();
    }

    /**
     * XOR-MAPPED-ADDRESS (RFC 5389 §15.2): family, port XOR the cookie's high 16 bits, address XOR the magic cookie
     * (IPv4) or the cookie followed by the transaction id (IPv6). Must follow {@link #begin}: it reads the header back.
     */
    public StunMessageWriter xorMappedAddress(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        boolean v4 = address.getAddress() instanceof Inet4Address;
        header(StunAttributeType.XOR_MAPPED_ADDRESS, 4 + ip.length);
        out.writeByte(0);
        out.writeByte(v4 ? 0x01 : 0x02);
        out.writeShort(address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16));
        for (int i = 0; i < ip.length; i++) {
            out.writeByte(ip[i] ^ out.getByte(start + 4 + i));
        }
        return updateLength();
    }

    /** ERROR-CODE (RFC 5389 §15.6) with a code 300..699 and a short reason phrase. */
    public StunMessageWriter errorCode(int code, String reason) {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("error code " + code + " outside 300..699");
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > StunMessage.MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("reason phrase too long");
        }
        header(StunAttributeType.ERROR_CODE, 4 + text.length);
        out.writeShort(0);
        out.writeByte(code / 100);
        out.writeByte(code % 100);
        out.writeBytes(text);
        pad(text.length);
        return updateLength();
    }

    /** UNKNOWN-ATTRIBUTES (RFC 5389 §15.9): the comprehension-required types a 420 response rejects. */
    public StunMessageWriter unknownAttributes(int[] types) {
        header(StunAttributeType.UNKNOWN_ATTRIBUTES, 2 * types.length);
        for (int type : types) {
            out.writeShort(type);
        }
        pad(2 * types.length);
        return updateLength();
    }

    /** Any attribute, value written as given and padded. For tests and extensions. */
    public StunMessageWriter attribute(int type, byte[] value) {
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("attribute value too long");
        }
        header(type, value.length);
        out.writeBytes(value);
        pad(value.length);
        return updateLength();
    }

    /** MESSAGE-INTEGRITY (RFC 5389 §15.4): HMAC-SHA1 keyed with the short-term key over the message so far. */
    public StunMessageWriter messageIntegrity(SecretKeySpec key) {
        int covered = out.writerIndex() - start;
        setLength(covered + 4 + StunIntegrity.HMAC_SHA1_LENGTH - StunMessage.HEADER_LENGTH);
        Mac mac = StunIntegrity.hmacSha1(key);
        mac.update(out.nioBuffer(start, covered));
        byte[] hmac = mac.doFinal();
        header(StunAttributeType.MESSAGE_INTEGRITY, StunIntegrity.HMAC_SHA1_LENGTH);
        out.writeBytes(hmac);
        return this;
    }

    public StunMessageWriter messageIntegrity(String password) {
        return messageIntegrity(StunIntegrity.shortTermKey(password));
    }

    /** FINGERPRINT (RFC 5389 §15.5): CRC-32 of the message so far XOR 0x5354554e. Must be the last attribute. */
    public StunMessageWriter fingerprint() {
        int covered = out.writerIndex() - start;
        setLength(covered + 8 - StunMessage.HEADER_LENGTH);
        CRC32 crc = new CRC32();
        crc.update(out.nioBuffer(start, covered));
        header(StunAttributeType.FINGERPRINT, 4);
        out.writeInt((int) crc.getValue() ^ StunIntegrity.FINGERPRINT_XOR);
        return this;
    }

    /** Ends the message and returns the buffer it was written to (the caller still owns it). */
    public ByteBuf finish() {
        ByteBuf result = out;
        out = null;
        return result;
    }

    private StunMessageWriter text(int type, String value, int maxBytes) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        if (text.length > maxBytes) {
            throw new IllegalArgumentException("attribute 0x" + Integer.toHexString(type) + " longer than " + maxBytes);
        }
        return attribute(type, text);
    }

    private void header(int type, int length) {
        if (out == null) {
            throw new IllegalStateException("begin() was not called");
        }
        out.writeShort(type);
        out.writeShort(length);
    }

    private void pad(int length) {
        for (int i = length; (i & 3) != 0; i++) {
            out.writeByte(paddingByte);
        }
    }

    private StunMessageWriter updateLength() {
        setLength(out.writerIndex() - start - StunMessage.HEADER_LENGTH);
        return this;
    }

    private void setLength(int length) {
        out.setShort(start + 2, length);
    }
}
