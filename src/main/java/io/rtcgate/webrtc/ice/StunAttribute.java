package io.rtcgate.webrtc.ice;

/**
 * One attribute of a parsed {@link StunMessage}: its type, the offset of its 4-byte header from the start of the message,
 * and the length of its value (without padding). The value starts at {@code offset + 4}.
 */
public record StunAttribute(int type, int offset, int length) {
    public int valueOffset() {
        return offset + 4;
    }

    /** Offset just past the value and its padding to a multiple of 4 (RFC 5389 §15). */
    public int endOffset() {
        return offset + 4 + ((length + 3) & ~3);
    }
}
