package io.rtcgate.webrtc.sdp;

/** Character classes and bounded number parsing shared by the WHEP SDP classes. */
final class SdpGrammar {

    private SdpGrammar() {
    }

    /** {@code ice-char = ALPHA / DIGIT / "+" / "/"} (RFC 8839 §5.1). */
    static boolean isIceChars(String text, int minLength, int maxLength) {
        if (text == null || text.length() < minLength || text.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAlphaNumeric(c) && c != '+' && c != '/') {
                return false;
            }
        }
        return true;
    }

    /** {@code token} of RFC 8866 §9 (used for mid, msid ids, BUNDLE semantics). */
    static boolean isToken(String text, int maxLength) {
        if (text == null || text.isEmpty() || text.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAlphaNumeric(c) && "!#$%&'*+-.^_`{|}~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    static boolean isAlphaNumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static boolean isDigits(String text, int maxLength) {
        if (text.isEmpty() || text.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Decimal number in [min, max], or -1 when the text is not one (at most 18 digits are looked at). */
    static long parseBounded(String text, long min, long max) {
        if (!isDigits(text, 18)) {
            return -1;
        }
        long value = Long.parseLong(text);
        return value >= min && value <= max ? value : -1;
    }

    static String quote(String text) {
        return "\"" + (text.length() <= 40 ? text : text.substring(0, 37) + "...") + "\"";
    }
}
