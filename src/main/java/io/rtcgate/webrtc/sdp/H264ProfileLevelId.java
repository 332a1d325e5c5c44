package io.rtcgate.webrtc.sdp;

import java.util.HexFormat;

/**
 * The H.264 {@code profile-level-id} format parameter (RFC 6184 §8.1): three bytes in hex, profile_idc, profile-iop
 * (constraint_set0..5 flags and two reserved bits) and level_idc. Immutable.
 *
 * @param profileIdc 0..255
 * @param profileIop 0..255, bit 7 = constraint_set0_flag ... bit 2 = constraint_set5_flag
 * @param levelIdc   0..255, e.g. 0x1f = level 3.1, 0x28 = level 4.0
 */
public record H264ProfileLevelId(int profileIdc, int profileIop, int levelIdc) {

    /** The value RFC 6184 §8.1 implies when an offer has no profile-level-id: Baseline, level 1.0. */
    public static final H264ProfileLevelId DEFAULT = new H264ProfileLevelId(0x42, 0x00, 0x0a);
    /** {@code 42e01f}: Constrained Baseline, level 3.1 — the profile every WebRTC endpoint supports (RFC 7742 §6.2). */
    public static final H264ProfileLevelId CONSTRAINED_BASELINE_3_1 = new H264ProfileLevelId(0x42, 0xe0, 0x1f);

    /** Profiles that matter for WebRTC interop. */
    public enum Profile {
        CONSTRAINED_BASELINE, BASELINE, MAIN, EXTENDED, HIGH, CONSTRAINED_HIGH,
        /** Any other profile (High 10, 4:2:2, 4:4:4, ...) or flags that fit no row of RFC 6184 Table 5. */
        OTHER
    }

    public H264ProfileLevelId {
        if ((profileIdc & ~0xff) != 0 || (profileIop & ~0xff) != 0 || (levelIdc & ~0xff) != 0) {
            throw new IllegalArgumentException("each field is one byte");
        }
    }

    /** Parses six hex digits (case-insensitive); null when the text is not exactly that. */
    public static H264ProfileLevelId parseOrNull(String hex) {
        if (hex == null || hex.length() != 6) {
            return null;
        }
        for (int i = 0; i < 6; i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return null;
            }
        }
        int value = Integer.parseInt(hex, 16);
        return new H264ProfileLevelId(value >>> 16, (value >>> 8) & 0xff, value & 0xff);
    }

    /**
     * The profile by RFC 6184 Table 5 (with Constrained High, profile-iop 0x0c, as RFC 6184 errata and libwebrtc
     * use it). {@code x} bits of the table are ignored; constraint_set4/5 and the reserved bits must be 0.
     */
    public Profile profile() {
        boolean lowBitsClear = (profileIop & 0x0f) == 0;
        boolean set0 = (profileIop & 0x80) != 0;
        boolean set1 = (profileIop & 0x40) != 0;
        return switch (profileIdc) {
            case 0x42 -> !lowBitsClear ? Profile.OTHER : set1 ? Profile.CONSTRAINED_BASELINE : Profile.BASELINE;
            case 0x4d -> !lowBitsClear ? Profile.OTHER : set0 ? Profile.CONSTRAINED_BASELINE : Profile.MAIN;
            case 0x58 -> !lowBitsClear ? Profile.OTHER
                    : set0 && set1 ? Profile.CONSTRAINED_BASELINE : set0 ? Profile.BASELINE : Profile.EXTENDED;
            case 0x64 -> profileIop == 0x00 ? Profile.HIGH : profileIop == 0x0c ? Profile.CONSTRAINED_HIGH
                    : Profile.OTHER;
            default -> Profile.OTHER;
        };
    }

    /**
     * The profile of a <em>stream</em> (from its SPS or sprop-parameter-sets): like {@link #profile()}, but judged by
     * profile_idc alone where encoders set flags the table does not list (x264 writes {@code 4d4028}, {@code 640032}
     * with constraint_set flags that do not change what a decoder needs).
     */
    public Profile streamProfile() {
        Profile strict = profile();
        if (strict != Profile.OTHER) {
            return strict;
        }
        return switch (profileIdc) {
            case 0x42 -> (profileIop & 0x40) != 0 ? Profile.CONSTRAINED_BASELINE : Profile.BASELINE;
            case 0x4d -> Profile.MAIN;
            case 0x58 -> Profile.EXTENDED;
            case 0x64 -> Profile.HIGH;
            default -> Profile.OTHER;
        };
    }

    /** Six lowercase hex digits, e.g. {@code 42e01f}. */
    @Override
    public String toString() {
        return HexFormat.of().toHexDigits((byte) profileIdc) + HexFormat.of().toHexDigits((byte) profileIop)
                + HexFormat.of().toHexDigits((byte) levelIdc);
    }
}
