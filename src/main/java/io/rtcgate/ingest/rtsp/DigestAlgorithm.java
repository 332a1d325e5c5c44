package io.rtcgate.ingest.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Digest access authentication algorithms (RFC 7616 §3.3; MD5 also covers RFC 2069/2617 peers). */
public enum DigestAlgorithm {
    MD5("MD5", "MD5", false),
    MD5_SESS("MD5-sess", "MD5", true),
    SHA_256("SHA-256", "SHA-256", false),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true);

    private final String token;
    private final String javaName;
    private final boolean session;

    DigestAlgorithm(String token, String javaName, boolean session) {
        this.token = token;
        this.javaName = javaName;
        this.session = session;
    }

    /** The {@code algorithm=} value. */
    public String token() {
        return token;
    }

    /** True for the {@code -sess} variants, whose A1 includes nonce and cnonce (RFC 7616 §3.4.2). */
    public boolean isSession() {
        return session;
    }

    /** Stronger hashes first: SHA-256 variants rank above MD5 variants. */
    boolean isSha256() {
        return javaName.equals("SHA-256");
    }

    /** The algorithm named by an {@code algorithm=} value (case-insensitive); absent means MD5; null if unknown. */
    public static DigestAlgorithm fromToken(String token) {
        if (token == null) {
            return MD5;
        }
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.token.equalsIgnoreCase(token)) {
                return algorithm;
            }
        }
        return null;
    }

    /** Lowercase hex of the hash of the UTF-8 bytes of {@code text}. */
    String hashHex(String text) {
        return HexFormat.of().formatHex(hashBytes(text));
    }

    /** The hash of the UTF-8 bytes of {@code text}. */
    byte[] hashBytes(String text) {
        try {
            return MessageDigest.getInstance(javaName).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(javaName + " is required of every Java platform", e);
        }
    }

    /** Length of {@link #hashHex} results. */
    int hexLength() {
        return isSha256() ? 64 : 32;
    }

    /**
     * The request-digest (RFC 7616 §3.4.1). With {@code qop} null this is the RFC 2069 form
     * {@code H(HA1:nonce:HA2)} that many cameras and GStreamer still use.
     */
    String response(String user, String realm, String password, String method, String uri, String nonce, String nc,
            String cnonce, String qop) {
        String ha1 = hashHex(user + ":" + realm + ":" + password);
        if (session) {
            ha1 = hashHex(ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = hashHex(method + ":" + uri);
        if (qop == null) {
            return hashHex(ha1 + ":" + nonce + ":" + ha2);
        }
        return hashHex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }
}
