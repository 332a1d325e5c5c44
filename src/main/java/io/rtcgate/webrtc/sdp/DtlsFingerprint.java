package io.rtcgate.webrtc.sdp;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate fingerprint from {@code a=fingerprint:<hash-func> <hex:hex:...>} (RFC 8122 §5). Only
 * {@code sha-256} is used by WHEP here (RFC 8827 §6.5 requires it of every WebRTC endpoint); other algorithms can be
 * parsed so that an offer listing several fingerprints is understood. Immutable.
 */
public final class DtlsFingerprint {

    public static final String SHA_256 = "sha-256";

    private final String algorithm;
    private final byte[] digest;

    private DtlsFingerprint(String algorithm, byte[] digest) {
        this.algorithm = algorithm;
        this.digest = digest;
    }

    /** A sha-256 fingerprint of these 32 bytes (copied). */
    public static DtlsFingerprint sha256(byte[] digest) {
        if (digest == null || digest.length != 32) {
            throw new IllegalArgumentException("a sha-256 digest has 32 bytes");
        }
        return new DtlsFingerprint(SHA_256, digest.clone());
    }

    /**
     * Parses the attribute value {@code <hash-func> SP <fingerprint>}. The hash function is case-insensitive and kept
     * lowercase; the hex pairs may be upper- or lowercase. The digest length must match a known algorithm
     * (sha-1, sha-224, sha-256, sha-384, sha-512); other algorithms are refused.
     */
    public static DtlsFingerprint parse(String attributeValue) throws WhepOfferException {
        String value = attributeValue == null ? "" : attributeValue.trim();
        int space = value.indexOf(' ');
        if (space <= 0) {
            throw new WhepOfferException("a=fingerprint needs '<hash-func> <hex:hex:...>'");
        }
        String algorithm = value.substring(0, space).toLowerCase(Locale.ROOT);
        int expectedLength = digestLength(algorithm);
        if (expectedLength < 0) {
            throw new WhepOfferException("a=fingerprint hash function " + SdpGrammar.quote(algorithm)
                    + " is not supported");
        }
        String hex = value.substring(space + 1).trim();
        if (hex.length() != expectedLength * 3 - 1) {
            throw new WhepOfferException("a=fingerprint:" + algorithm + " must be " + expectedLength
                    + " hex pairs separated by ':'");
        }
        byte[] digest = new byte[expectedLength];
        for (int i = 0; i < expectedLength; i++) {
            int at = i * 3;
            int high = Character.digit(hex.charAt(at), 16);
            int low = Character.digit(hex.charAt(at + 1), 16);
            boolean separatorOk = i == expectedLength - 1 || hex.charAt(at + 2) == ':';
            if (high < 0 || low < 0 || !separatorOk || !isAsciiHex(hex.charAt(at)) || !isAsciiHex(hex.charAt(at + 1))) {
                throw new WhepOfferException("a=fingerprint:" + algorithm + " is not hex pairs separated by ':'");
            }
            digest[i] = (byte) ((high << 4) | low);
        }
        return new DtlsFingerprint(algorithm, digest);
    }

    private static boolean isAsciiHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int digestLength(String algorithm) {
        return switch (algorithm) {
            case "sha-1" -> 20;
            case "sha-224" -> 28;
            case SHA_256 -> 32;
            case "sha-384" -> 48;
            case "sha-512" -> 64;
            default -> -1;
        };
    }

    /** Lowercase hash function name, e.g. {@code sha-256}. */
    public String algorithm() {
        return algorithm;
    }

    /** A copy of the digest bytes. */
    public byte[] digest() {
        return digest.clone();
    }

    /** Uppercase hex pairs separated by ':' (RFC 8122 {@code UHEX}). */
    public String hex() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    /** The attribute value: {@code sha-256 AB:CD:...}. */
    public String toSdpValue() {
        return algorithm + " " + hex();
    }

    /** Constant-time check that a certificate's digest (same algorithm) equals this fingerprint. */
    public boolean matches(byte[] certificateDigest) {
        return certificateDigest != null && MessageDigest.isEqual(digest, certificateDigest);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DtlsFingerprint that && algorithm.equals(that.algorithm)
                && Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return toSdpValue();
    }
}
