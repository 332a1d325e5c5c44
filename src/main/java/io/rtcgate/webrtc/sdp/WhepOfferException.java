package io.rtcgate.webrtc.sdp;

/**
 * A WHEP offer cannot be answered. The message is a short English reason meant for the plain-text body of the
 * HTTP 400 (or 406/422) response: it is printable ASCII only (other characters become '?') and at most
 * {@link #MAX_REASON_LENGTH} characters, so that text echoed from a hostile offer cannot break the response.
 */
public final class WhepOfferException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Longest reason kept; longer ones end in "...". */
    public static final int MAX_REASON_LENGTH = 300;

    public WhepOfferException(String reason) {
        super(sanitize(reason));
    }

    /** The reason, same as {@link #getMessage()}. */
    public String reason() {
        return getMessage();
    }

    static String sanitize(String reason) {
        String text = reason == null || reason.isEmpty() ? "invalid offer" : reason;
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_REASON_LENGTH));
        for (int i = 0; i < text.length() && out.length() < MAX_REASON_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (text.length() > MAX_REASON_LENGTH) {
            out.setLength(MAX_REASON_LENGTH - 3);
            out.append("...");
        }
        return out.toString();
    }
}
