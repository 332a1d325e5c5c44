package io.rtcgate.media;

import java.io.ByteArrayOutputStream;

/** Writes H.264 RBSP bits for tests (u(n), ue(v), se(v)) and wraps them into a NAL unit. */
final class BitWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int current;
    private int bits;

    BitWriter bits(int value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            current = (current << 1) | ((value >>> i) & 1);
            if (++bits == 8) {
                bytes.write(current);
                current = 0;
                bits = 0;
            }
        }
        return this;
    }

    BitWriter flag(boolean value) {
        return bits(value ? 1 : 0, 1);
    }

    BitWriter ue(int value) {
        long codeNum = value + 1L;
        int length = 64 - Long.numberOfLeadingZeros(codeNum);
        bits(0, length - 1);
        for (int i = length - 1; i >= 0; i--) {
            bits((int) ((codeNum >>> i) & 1), 1);
        }
        return this;
    }

    BitWriter se(int value) {
        return ue(value > 0 ? 2 * value - 1 : -2 * value);
    }

    /** NAL unit: header byte, RBSP with stop bit, emulation prevention bytes inserted (H.264 §7.4.1). */
    byte[] nal(int headerByte) {
        bits(1, 1);
        while (bits != 0) {
            bits(0, 1);
        }
        byte[] rbsp = bytes.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(headerByte);
        int zeros = 0;
        for (byte b : rbsp) {
            if (zeros >= 2 && (b & 0xFF) <= 3) {
                out.write(3);
                zeros = 0;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }

    /** A slice NAL unit whose header starts with first_mb_in_slice and slice_type, plus some filler. */
    static byte[] slice(int headerByte, int firstMbInSlice, int sliceType) {
        return new BitWriter().ue(firstMbInSlice).ue(sliceType).bits(0x5A5A5A, 24).nal(headerByte);
    }
}
