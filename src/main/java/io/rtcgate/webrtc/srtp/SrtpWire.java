package io.rtcgate.webrtc.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian field access on byte arrays, keystream XOR, and constant-time comparison. */
final class SrtpWire {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private SrtpWire() {
    }

    static int getInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    static int getShort(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    /** Compares {@code length} bytes without an early exit, so the time does not tell where they differ. */
    static boolean constantTimeEquals(byte[] a, int aOff, byte[] b, int bOff, int length) {
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }

    /**
     * {@code data[off, off+length) ^= keystream[keystreamOff, keystreamOff+length)}, eight bytes at a time (a byte loop
     * was measured at 1.6-2 µs for 1200 bytes, the long loop at a tenth of that). The two ranges must not overlap.
     */
    static void xor(byte[] data, int off, byte[] keystream, int keystreamOff, int length) {
        int i = 0;
        for (int end = length - 7; i < end; i += 8) {
            LONGS.set(data, off + i, (long) LONGS.get(data, off + i) ^ (long) LONGS.get(keystream, keystreamOff + i));
        }
        for (; i < length; i++) {
            data[off + i] ^= keystream[keystreamOff + i];
        }
    }
}
