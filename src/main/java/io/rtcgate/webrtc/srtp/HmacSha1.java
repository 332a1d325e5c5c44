package io.rtcgate.webrtc.srtp;

import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * HMAC-SHA1 (RFC 2104) on a reusable JCA "SHA-1" {@link MessageDigest}, so that finishing a tag allocates nothing:
 * {@code javax.crypto.Mac.doFinal} allocates the digest arrays on every call, {@code MessageDigest.digest(byte[],
 * int, int)} writes into the caller's array. Same SHA-1 intrinsic underneath.
 *
 * <pre>
 *  HMAC(K, m) = SHA1((K' XOR opad) || SHA1((K' XOR ipad) || m)),  K' = K zero-padded to 64 bytes
 * </pre>
 * Not thread-safe. The digest always holds the state "ipad block absorbed", ready for {@link #update}.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private static final int BLOCK = 64;

    private final MessageDigest sha1;
    private final byte[] ipad = new byte[BLOCK];
    private final byte[] opad = new byte[BLOCK];
    private final byte[] inner = new byte[LENGTH];

    HmacSha1(byte[] key) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
        byte[] k = key.length > BLOCK ? sha1.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
        sha1.update(ipad);
    }

    void update(byte[] data, int offset, int length) {
        sha1.update(data, offset, length);
    }

    /** Writes the 20-byte MAC of everything {@link #update}d since the last call to {@code out[offset..]}. */
    void doFinal(byte[] out, int offset) {
        try {
            sha1.digest(inner, 0, LENGTH);
            sha1.update(opad);
            sha1.update(inner);
            sha1.digest(out, offset, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 output buffer too small", e);
        }
        sha1.update(ipad);
    }
}
