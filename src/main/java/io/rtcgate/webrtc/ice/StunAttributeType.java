package io.rtcgate.webrtc.ice;

/**
 * STUN attribute type codes used by ICE (RFC 5389 §18.2, RFC 8445 §16.1). Types below 0x8000 are comprehension-required:
 * a server that does not understand one must answer 420 (RFC 5389 §7.3.1).
 */
public final class StunAttributeType {
    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    private StunAttributeType() {
    }

    public static boolean isComprehensionRequired(int type) {
        return type < 0x8000;
    }

    /** Comprehension-required types this implementation understands in a Binding request. */
    static boolean isUnderstood(int type) {
        return switch (type) {
            case MAPPED_ADDRESS, USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, UNKNOWN_ATTRIBUTES, XOR_MAPPED_ADDRESS, PRIORITY,
                    USE_CANDIDATE -> true;
            default -> !isComprehensionRequired(type);
        };
    }
}
