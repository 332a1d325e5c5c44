package io.rtcgate.webrtc.ice;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * An ICE username fragment and password (RFC 8445 §5.3, RFC 8839 §5.4): ufrag 4..256 and pwd 22..256 ice-chars
 * (ALPHA / DIGIT / "+" / "/"). {@link #random()} draws ours from {@link SecureRandom}: 8 + 24 chars = 192 bits.
 */
public record IceCredentials(String ufrag, String pwd) {
    public static final int MIN_UFRAG_LENGTH = 4;
    public static final int MIN_PWD_LENGTH = 22;
    public static final int MAX_LENGTH = 256;
    public static final int RANDOM_UFRAG_LENGTH = 8;
    public static final int RANDOM_PWD_LENGTH = 24;

    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();

    public IceCredentials {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(pwd, "pwd");
        if (ufrag.length() < MIN_UFRAG_LENGTH || ufrag.length() > MAX_LENGTH || !isIceChars(ufrag)) {
            throw new IllegalArgumentException("ice-ufrag must be 4..256 ice-chars (RFC 8839 §5.4)");
        }
        if (pwd.length() < MIN_PWD_LENGTH || pwd.length() > MAX_LENGTH || !isIceChars(pwd)) {
            throw new IllegalArgumentException("ice-pwd must be 22..256 ice-chars (RFC 8839 §5.4)");
        }
    }

    public static IceCredentials random() {
        return random(RANDOM);
    }

    public static IceCredentials random(SecureRandom random) {
        return new IceCredentials(randomIceChars(random, RANDOM_UFRAG_LENGTH), randomIceChars(random, RANDOM_PWD_LENGTH));
    }

    /** True if every character is an ice-char (RFC 8445 §5.3 / RFC 8839 §5.4). */
    public static boolean isIceChars(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String randomIceChars(SecureRandom random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length()));
        }
        return new String(chars);
    }

    /** Hides the password. */
    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", pwd=<" + pwd.length() + " chars>]";
    }
}
