package io.rtcgate.media;

import io.netty.buffer.ByteBuf;

/**
 * Reads the RBSP bits of one NAL unit (H.264 §7.2, §9.1): fixed-width fields and Exp-Golomb codes,
 * dropping emulation prevention bytes (the 0x03 in 0x00 0x00 0x03, §7.4.1) on the fly.
 *
 * <p>Reusable and allocation-free: errors do not throw but set a sticky flag ({@link #failed()});
 * reads after a failure return 0. Callers check the flag once after reading a group of fields.
 * Not thread-safe.
 */
final class H264BitReader {
    /** Exp-Golomb codes with more leading zeros do not fit in an int (H.264 allows up to 2^32 - 2). */
    private static final int MAX_LEADING_ZEROS = 30;

    private ByteBuf buf;
    private int position;
    private int end;
    private int current;
    private int bitsLeft;
    private int zeroRun;
    private boolean truncated;
    private boolean overflow;

    /** Starts reading {@code length} bytes at absolute index {@code offset} (not retained). */
    H264BitReader reset(ByteBuf buf, int offset, int length) {
        this.buf = buf;
        this.position = offset;
        this.end = offset + length;
        this.current = 0;
        this.bitsLeft = 0;
        this.zeroRun = 0;
        this.truncated = false;
        this.overflow = false;
        return this;
    }

    private boolean loadByte() {
        while (position < end) {
            int b = buf.getUnsignedByte(position++);
            if (zeroRun >= 2 && b == 0x03) {
                zeroRun = 0;
                continue;
            }
            zeroRun = b == 0 ? zeroRun + 1 : 0;
            current = b;
            bitsLeft = 8;
            return true;
        }
        truncated = true;
        return false;
    }

    int readBit() {
        if (bitsLeft == 0 && (truncated || !loadByte())) {
            return 0;
        }
        bitsLeft--;
        return (current >>> bitsLeft) & 1;
    }

    boolean readFlag() {
        return readBit() != 0;
    }

    /** u(n), n in 0..31. */
    int readBits(int n) {
        int value = 0;
        for (int i = 0; i < n; i++) {
            value = (value << 1) | readBit();
        }
        return value;
    }

    void skipBits(int n) {
        for (int i = 0; i < n; i++) {
            readBit();
        }
    }

    /** ue(v), §9.1. Codes beyond 2^31 - 2 set {@link #failed()}. */
    int readUe() {
        int leadingZeros = 0;
        while (readBit() == 0) {
            if (truncated) {
                return 0;
            }
            if (++leadingZeros > MAX_LEADING_ZEROS) {
                overflow = true;
                return 0;
            }
        }
        return (1 << leadingZeros) - 1 + readBits(leadingZeros);
    }

    /** se(v), §9.1.1: 1, -1, 2, -2, ... for codeNum 1, 2, 3, 4, ... */
    int readSe() {
        int codeNum = readUe();
        return (codeNum & 1) != 0 ? (codeNum + 1) >>> 1 : -(codeNum >>> 1);
    }

    /** Whether a read ran past the end or an Exp-Golomb code was too long. */
    boolean failed() {
        return truncated || overflow;
    }

    /** What went wrong, for error messages; {@code null} if nothing. */
    String failure() {
        if (truncated) {
            return "truncated";
        }
        return overflow ? "Exp-Golomb code longer than 31 bits" : null;
    }
}
