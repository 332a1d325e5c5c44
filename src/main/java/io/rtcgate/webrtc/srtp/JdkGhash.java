package io.rtcgate.webrtc.srtp;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * GHASH (NIST SP 800-38D §6.4) by the JDK's own {@code com.sun.crypto.provider.GHASH}, whose block loop
 * ({@code processBlocks}) HotSpot replaces with a carry-less-multiply (PCLMULQDQ/AVX) stub. Reached through method
 * handles, which needs {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED} (in
 * {@code src/main/jvm/production.args}); {@link #unavailableReason()} says why it cannot be used otherwise.
 *
 * <p>Only two members of the JDK class are used, the same in JDK 17 and 25: the constructor {@code GHASH(byte[] H)}
 * and {@code int update(byte[] in, int off, int len)} (whole blocks only; it range-checks before the intrinsic), plus
 * the {@code long[2] state} field that {@code update} accumulates into, in place. A known-answer self-test at class
 * load (SP 800-38D test case 2) makes sure those still mean what they meant; if not, the handles are not used.
 *
 * <p>This class adds what GCM needs around it: a partial last block is zero-padded (in a reused scratch block), and
 * {@link #updateLengths} appends the length block. No allocation per call. Not thread-safe.
 */
final class JdkGhash {
    static final int BLOCK = 16;

    private static final MethodHandle NEW;
    private static final MethodHandle UPDATE;
    private static final MethodHandle STATE;
    private static final String UNAVAILABLE;

    static {
        MethodHandle create = null;
        MethodHandle update = null;
        MethodHandle state = null;
        String reason = null;
        try {
            Class<?> ghash = Class.forName("com.sun.crypto.provider.GHASH");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(ghash, MethodHandles.lookup());
            create = lookup.findConstructor(ghash, MethodType.methodType(void.class, byte[].class))
                    .asType(MethodType.methodType(Object.class, byte[].class));
            update = lookup.findVirtual(ghash, "update", MethodType.methodType(int.class, byte[].class, int.class, int.class))
                    .asType(MethodType.methodType(int.class, Object.class, byte[].class, int.class, int.class));
            state = lookup.findGetter(ghash, "state", long[].class)
                    .asType(MethodType.methodType(long[].class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            reason = e.toString();
        }
        NEW = create;
        UPDATE = update;
        STATE = state;
        if (reason == null) {
            reason = selfTest();
        }
        UNAVAILABLE = reason;
    }

    private final Object ghash;
    private final long[] state;
    private final byte[] block = new byte[BLOCK];

    /**
     * @param h the hash subkey, AES_K(0^128)
     * @throws IllegalStateException if {@link #unavailableReason()} is not null
     */
    JdkGhash(byte[] h) {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException("JDK GHASH unavailable: " + UNAVAILABLE);
        }
        Object g;
        long[] s;
        try {
            g = (Object) NEW.invokeExact(h.clone());
            s = (long[]) STATE.invokeExact(g);
        } catch (Throwable t) {
            throw new IllegalStateException("JDK GHASH failed", t);
        }
        this.ghash = g;
        this.state = s;
    }

    /** Null if the JDK's GHASH can be used, else why not (package not opened, or the self-test failed). */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** Hashes {@code in[off, off+len)} as a GCM input string: a partial last block is padded with zeros. */
    void update(byte[] in, int off, int len) {
        int whole = len & -BLOCK;
        if (whole > 0) {
            updateBlocks(in, off, whole);
        }
        int rest = len - whole;
        if (rest > 0) {
            System.arraycopy(in, off + whole, block, 0, rest);
            Arrays.fill(block, rest, BLOCK, (byte) 0);
            updateBlocks(block, 0, BLOCK);
        }
    }

    /** The final block: bit lengths of the AAD and of the ciphertext, 64 bits each, big endian. */
    void updateLengths(long aadBytes, long ciphertextBytes) {
        putLong(block, 0, aadBytes << 3);
        putLong(block, 8, ciphertextBytes << 3);
        updateBlocks(block, 0, BLOCK);
    }

    /** Writes the hash (16 bytes) XOR {@code mask[maskOff, maskOff+16)} to {@code out[outOff..]}, then resets the state. */
    void finishXor(byte[] mask, int maskOff, byte[] out, int outOff) {
        putLong(out, outOff, state[0] ^ getLong(mask, maskOff));
        putLong(out, outOff + 8, state[1] ^ getLong(mask, maskOff + 8));
        reset();
    }

    /** Forgets everything hashed so far. */
    void reset() {
        state[0] = 0;
        state[1] = 0;
    }

    private void updateBlocks(byte[] in, int off, int len) {
        try {
            int done = (int) UPDATE.invokeExact(ghash, in, off, len);
            if (done != len) {
                throw new IllegalStateException("JDK GHASH processed " + done + " of " + len + " bytes");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("JDK GHASH failed", t);
        }
    }

    /** SP 800-38D / McGrew-Viega "The GCM mode of operation", test case 2: one ciphertext block, no AAD. */
    private static String selfTest() {
        try {
            JdkGhash g = new JdkGhash(HexFormat.of().parseHex("66e94bd4ef8a2c3b884cfa59ca342b2e"), true);
            g.update(HexFormat.of().parseHex("0388dace60b6a392f328c2b971b2fe78"), 0, 16);
            g.updateLengths(0, 16);
            byte[] out = new byte[BLOCK];
            g.finishXor(new byte[BLOCK], 0, out, 0);
            byte[] expected = HexFormat.of().parseHex("f38cbb1ad69223dcc3457ae5b6b0f885");
            return Arrays.equals(out, expected) ? null : "self-test gave " + HexFormat.of().formatHex(out);
        } catch (RuntimeException e) {
            return "self-test failed: " + e;
        }
    }

    /** For the self-test, before {@link #UNAVAILABLE} is set. */
    private JdkGhash(byte[] h, boolean selfTest) {
        try {
            this.ghash = (Object) NEW.invokeExact(h.clone());
            this.state = (long[]) STATE.invokeExact(ghash);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static long getLong(byte[] b, int off) {
        return (long) SrtpWire.getInt(b, off) << 32 | (SrtpWire.getInt(b, off + 4) & 0xFFFF_FFFFL);
    }

    static void putLong(byte[] b, int off, long v) {
        SrtpWire.putInt(b, off, (int) (v >>> 32));
        SrtpWire.putInt(b, off + 4, (int) v);
    }
}
