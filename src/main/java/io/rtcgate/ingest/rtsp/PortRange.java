package io.rtcgate.ingest.rtsp;

/**
 * A {@code first[-last]} pair of a Transport header (RFC 2326 §12.39): ports for {@code client_port},
 * {@code server_port}, {@code port}, or channels for {@code interleaved}. A single value has {@code last == first}.
 */
public record PortRange(int first, int last) {

    public PortRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("bad range " + first + "-" + last);
        }
    }

    /** The usual RTP/RTCP pair {@code first-(first+1)}. */
    public static PortRange pair(int first) {
        return new PortRange(first, first + 1);
    }

    public boolean isSingle() {
        return first == last;
    }

    @Override
    public String toString() {
        return isSingle() ? Integer.toString(first) : first + "-" + last;
    }
}
