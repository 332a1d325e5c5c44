package io.rtcgate.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a 96-bit IV and a 16-byte tag (NIST SP 800-38D §7) for one key, built from parts that need no
 * per-message initialisation: one "AES/ECB/NoPadding" {@link Cipher} initialised once (AES-NI) encrypts the counter
 * blocks, and {@link JdkGhash} (the JDK's carry-less-multiply GHASH) authenticates.
 *
 * <pre>
 *  J0 = IV || 00000001                       counter block i = IV || be32(1 + i), i = 0, 1, 2, ...
 *  C  = P XOR (AES_K(J0+1) || AES_K(J0+2) || ...)          (GCTR from inc32(J0), §6.5)
 *  S  = GHASH_H(A || 0-pad || C || 0-pad || len64(A) || len64(C))      H = AES_K(0^128)
 *  T  = S XOR AES_K(J0)
 * </pre>
 *
 * <p>Why not JCA's "AES/GCM/NoPadding": it needs {@code Cipher.init} with a new {@code GCMParameterSpec} for every
 * message, and the JDK builds its GCM engine objects on each init (about 1 KB per packet on JDK 17). This engine
 * allocates nothing per message once its two work arrays have grown to the largest message. It produces the same bytes
 * (tests compare it with JCA and with the RFC 7714 vectors).
 *
 * <p>Nonce uniqueness is the caller's duty (SRTP's index check); unlike JCA this engine does not refuse a repeated IV.
 * Not thread-safe.
 */
final class AesGcmEngine {
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    private static final int BLOCK = 16;

    private final Cipher ecb;
    private final JdkGhash ghash;
    private final byte[] expectedTag = new byte[TAG_LENGTH];
    /** Counter blocks J0, J0+1, ...; then, in {@link #keystream}, their encryption. */
    private byte[] counters = new byte[2048];
    private byte[] keystream = new byte[2048];

    /** @throws IllegalStateException if the JDK's GHASH cannot be used ({@link JdkGhash#unavailableReason()}) */
    AesGcmEngine(byte[] key) {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            byte[] h = new byte[BLOCK];
            ecb.update(new byte[BLOCK], 0, BLOCK, h, 0);
            ghash = new JdkGhash(h);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB/NoPadding is not available", e);
        }
    }

    /**
     * Encrypts {@code data[dataOff, dataOff+dataLength)} in place and writes the tag to {@code tag[tagOff..+16)}. The AAD
     * {@code aad[aadOff, aadOff+aadLength)} must not overlap the data (it may be the same array).
     */
    void seal(byte[] iv, byte[] aad, int aadOff, int aadLength, byte[] data, int dataOff, int dataLength, byte[] tag,
            int tagOff) {
        generateKeystream(iv, dataLength);
        xorKeystream(data, dataOff, dataLength);
        hash(aad, aadOff, aadLength, data, dataOff, dataLength);
        ghash.finishXor(keystream, 0, tag, tagOff);
    }

    /**
     * Checks the tag {@code tag[tagOff..+16)} of the ciphertext {@code data[dataOff, dataOff+dataLength)} and the AAD,
     * and if it matches decrypts the data in place; otherwise the data is left as it was.
     *
     * @return whether the tag matched
     */
    boolean open(byte[] iv, byte[] aad, int aadOff, int aadLength, byte[] data, int dataOff, int dataLength, byte[] tag,
            int tagOff) {
        generateKeystream(iv, dataLength);
        hash(aad, aadOff, aadLength, data, dataOff, dataLength);
        ghash.finishXor(keystream, 0, expectedTag, 0);
        if (!SrtpWire.constantTimeEquals(expectedTag, 0, tag, tagOff, TAG_LENGTH)) {
            return false;
        }
        xorKeystream(data, dataOff, dataLength);
        return true;
    }

    private void hash(byte[] aad, int aadOff, int aadLength, byte[] ciphertext, int off, int length) {
        ghash.update(aad, aadOff, aadLength);
        ghash.update(ciphertext, off, length);
        ghash.updateLengths(aadLength, length);
    }

    /** keystream[0..16) = AES_K(J0) for the tag, keystream[16..) = AES_K(J0+1), ... for the data. */
    private void generateKeystream(byte[] iv, int dataLength) {
        int blocks = 1 + (dataLength + BLOCK - 1) / BLOCK;
        int bytes = blocks * BLOCK;
        if (counters.length < bytes) {
            int size = Integer.highestOneBit(bytes - 1) << 1;
            counters = new byte[size];
            keystream = new byte[size];
        }
        byte[] c = counters;
        for (int i = 0; i < blocks; i++) {
            int o = i * BLOCK;
            System.arraycopy(iv, 0, c, o, IV_LENGTH);
            SrtpWire.putInt(c, o + IV_LENGTH, 1 + i);
        }
        try {
            ecb.update(c, 0, bytes, keystream, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB failed on block-aligned input", e);
        }
    }

    private void xorKeystream(byte[] data, int off, int length) {
        SrtpWire.xor(data, off, keystream, BLOCK, length);
    }
}
