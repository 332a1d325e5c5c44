package io.rtcgate.ingest.sdp;

import java.util.List;
import java.util.Map;

/**
 * One media section of a session description: the {@code m=} line (RFC 8866 §5.14) and the lines after it up to the
 * next {@code m=}. Immutable; built by {@link SessionDescription#parse(String)}.
 */
public final class MediaDescription {

    /** Static payload types (RFC 3551 §6) that may appear without an {@code a=rtpmap}. */
    private static final Map<Integer, RtpMap> STATIC_PAYLOAD_TYPES = Map.of(
            0, new RtpMap(0, "PCMU", 8000, 1),
            8, new RtpMap(8, "PCMA", 8000, 1),
            9, new RtpMap(9, "G722", 8000, 1),
            10, new RtpMap(10, "L16", 44100, 2),
            11, new RtpMap(11, "L16", 44100, 1),
            14, new RtpMap(14, "MPA", 90000, 1),
            26, new RtpMap(26, "JPEG", 90000, 1),
            32, new RtpMap(32, "MPV", 90000, 1),
            33, new RtpMap(33, "MP2T", 90000, 1));

    private final int index;
    private final String type;
    private final int port;
    private final String protocol;
    private final List<String> formats;
    private final List<Integer> payloadTypes;
    private final String connection;
    private final List<SdpAttribute> attributes;
    private final Map<Integer, RtpMap> rtpMaps;
    private final Map<Integer, Map<String, String>> fmtps;
    private final String sessionDirection;

    MediaDescription(int index, String type, int port, String protocol, List<String> formats,
            List<Integer> payloadTypes, String connection, List<SdpAttribute> attributes, Map<Integer, RtpMap> rtpMaps,
            Map<Integer, Map<String, String>> fmtps, String sessionDirection) {
        this.index = index;
        this.type = type;
        this.port = port;
        this.protocol = protocol;
        this.formats = List.copyOf(formats);
        this.payloadTypes = List.copyOf(payloadTypes);
        this.connection = connection;
        this.attributes = List.copyOf(attributes);
        this.rtpMaps = Map.copyOf(rtpMaps);
        this.fmtps = Map.copyOf(fmtps);
        this.sessionDirection = sessionDirection;
    }

    /** 0-based position of this section in the session description. */
    public int index() {
        return index;
    }

    /** Media type from the {@code m=} line: {@code video}, {@code audio}, {@code application}, ... */
    public String type() {
        return type;
    }

    /** Port from the {@code m=} line; RTSP servers usually put 0 here (the transport is negotiated by SETUP). */
    public int port() {
        return port;
    }

    /** Transport protocol from the {@code m=} line, e.g. {@code RTP/AVP}. */
    public String protocol() {
        return protocol;
    }

    /** All format tokens of the {@code m=} line, in order. */
    public List<String> formats() {
        return formats;
    }

    /** The numeric format tokens (RTP payload types 0..127), in the order of the {@code m=} line. */
    public List<Integer> payloadTypes() {
        return payloadTypes;
    }

    /** The media-level {@code c=} value, or null. */
    public String connection() {
        return connection;
    }

    /** The media-level {@code a=control} value, or null when absent. */
    public String control() {
        return attribute("control");
    }

    /**
     * The media direction (RFC 8866 §6.7): the media-level {@code sendrecv/sendonly/recvonly/inactive} attribute, else
     * the session-level one, else {@code sendrecv}.
     */
    public String direction() {
        for (SdpAttribute attribute : attributes) {
            if (SessionDescription.isDirection(attribute.name())) {
                return attribute.name();
            }
        }
        return sessionDirection;
    }

    /**
     * The rtpmap of a payload type: the {@code a=rtpmap} line if present, else the RFC 3551 static assignment
     * (0 = PCMU/8000, 8 = PCMA/8000, ...), else null.
     */
    public RtpMap rtpMap(int payloadType) {
        RtpMap explicit = rtpMaps.get(payloadType);
        if (explicit != null) {
            return explicit;
        }
        return STATIC_PAYLOAD_TYPES.get(payloadType);
    }

    /**
     * Format parameters of a payload type from {@code a=fmtp:<pt> k=v;k=v} (keys lowercased, values trimmed; a
     * parameter without '=' maps to the empty string). Empty map when there is no fmtp line.
     */
    public Map<String, String> fmtp(int payloadType) {
        return fmtps.getOrDefault(payloadType, Map.of());
    }

    /**
     * Value of the first attribute with this name (case-sensitive, as RFC 8866 defines attribute names); the empty
     * string for a flag attribute such as {@code a=recvonly}; null when absent.
     */
    public String attribute(String name) {
        for (SdpAttribute attribute : attributes) {
            if (attribute.name().equals(name)) {
                return attribute.value();
            }
        }
        return null;
    }

    /**
     * Values of every attribute with this name (case-sensitive), in order; empty when there is none. For attributes
     * that may repeat, such as {@code a=rtcp-fb}, {@code a=candidate} or {@code a=fingerprint}.
     */
    public List<String> attributeValues(String name) {
        return SessionDescription.valuesNamed(attributes, name);
    }

    /** All attributes of this section, in order. */
    public List<SdpAttribute> attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return "m=" + type + " " + port + " " + protocol + " " + String.join(" ", formats);
    }
}
