package io.rtcgate.webrtc.sdp;

import java.util.List;

/**
 * One m-line of a WHEP offer, as far as answering needs it.
 *
 * @param index      0-based position in the offer (the answer has the same m-lines in the same order, RFC 3264 §6)
 * @param mid        {@code a=mid} (RFC 9143), or null on a disabled m-line that has none
 * @param kind       media type of the m-line: {@code video}, {@code audio}, {@code application}, ...
 * @param protocol   e.g. {@code UDP/TLS/RTP/SAVPF}
 * @param formats    the format tokens of the m-line, in order (never empty)
 * @param direction  {@code sendrecv}, {@code sendonly}, {@code recvonly} or {@code inactive} (from the offerer's view)
 * @param disabled   port 0 without {@code a=bundle-only}: the offerer itself rejected this m-line (RFC 3264 §8.2)
 * @param rtcpMux    {@code a=rtcp-mux} present (RFC 5761)
 * @param rtcpRsize  {@code a=rtcp-rsize} present (RFC 5506)
 * @param codecs     RTP payload types that have an rtpmap, in m-line order (empty for non-RTP m-lines)
 */
public record OfferedMedia(int index, String mid, String kind, String protocol, List<String> formats,
        String direction, boolean disabled, boolean rtcpMux, boolean rtcpRsize, List<OfferedCodec> codecs) {

    /** The only RTP profile WebRTC uses (RFC 8834 §5, JSEP §5.1.2). */
    public static final String WEBRTC_RTP_PROTOCOL = "UDP/TLS/RTP/SAVPF";

    public OfferedMedia {
        formats = List.copyOf(formats);
        codecs = List.copyOf(codecs);
    }

    /** True when the offerer wants to receive on this m-line ({@code recvonly} or {@code sendrecv}). */
    public boolean wantsToReceive() {
        return direction.equals("recvonly") || direction.equals("sendrecv");
    }

    /** True when this m-line carries RTP over DTLS-SRTP with RTCP feedback, the only kind the gateway can serve. */
    public boolean isWebRtcRtp() {
        return protocol.equalsIgnoreCase(WEBRTC_RTP_PROTOCOL);
    }
}
