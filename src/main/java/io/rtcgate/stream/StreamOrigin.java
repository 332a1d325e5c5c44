package io.rtcgate.stream;

/**
 * Where a stream's media comes from, as configured: pulled from a camera URL (kept without the password for display),
 * or pushed by an RTSP publisher.
 */
public record StreamOrigin(Kind kind, String redactedUrl, boolean onDemand, boolean configured) {

    public enum Kind {
        PULL, PUBLISHER
    }

    public static StreamOrigin pull(String redactedUrl, boolean onDemand) {
        return new StreamOrigin(Kind.PULL, redactedUrl, onDemand, true);
    }

    public static StreamOrigin publisher(boolean configured) {
        return new StreamOrigin(Kind.PUBLISHER, null, false, configured);
    }

    /** The value the API shows as {@code source}: the URL without password, or {@code publisher}. */
    public String display() {
        return kind == Kind.PULL ? redactedUrl : "publisher";
    }
}
