package io.rtcgate.webrtc.ice;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA1 for MESSAGE-INTEGRITY (RFC 5389 §15.4) and the FINGERPRINT XOR constant (§15.5). One {@link Mac} per thread,
 * re-keyed per message: several event loops may answer STUN on the same port.
 */
final class StunIntegrity {
    static final int HMAC_SHA1_LENGTH = 20;
    static final int FINGERPRINT_XOR = 0x5354554e;

    private static final ThreadLocal<Mac> HMAC_SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide HmacSHA1", e);
        }
    });

    private StunIntegrity() {
    }

    /**
     * The short-term credential key is the password itself (RFC 5389 §15.4; ICE passwords are ASCII ice-chars, so
     * SASLprep/OpaqueString changes nothing).
     */
    static SecretKeySpec shortTermKey(String password) {
        return new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
    }

    static SecretKeySpec shortTermKey(byte[] password) {
        return new SecretKeySpec(password, "HmacSHA1");
    }

    /** This thread's HMAC-SHA1, initialised with {@code key}. */
    static Mac hmacSha1(SecretKeySpec key) {
        Mac mac = HMAC_SHA1.get();
        try {
            mac.init(key);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 rejected a raw key", e);
        }
        return mac;
    }
}
