package io.rtcgate.ingest.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed session description (RFC 8866) as RTSP servers return it for DESCRIBE (RFC 2326 Appendix C) and publishers
 * send with ANNOUNCE. Only what RTSP ingest needs is kept: origin, session name, connection, session-level attributes
 * (control, range, direction, ...) and the media sections. Unknown line types are ignored. Immutable.
 */
public final class SessionDescription {

    /** Largest accepted text, in characters. */
    public static final int MAX_LENGTH = 64 * 1024;
    /** Most media sections accepted. */
    public static final int MAX_MEDIA = 32;
    /** Most attributes accepted in one section (the session level counts as a section). */
    public static final int MAX_ATTRIBUTES_PER_SECTION = 256;

    private final String origin;
    private final String sessionName;
    private final String connection;
    private final List<SdpAttribute> attributes;
    private final List<MediaDescription> media;

    SessionDescription(String origin, String sessionName, String connection, List<SdpAttribute> attributes,
            List<MediaDescription> media) {
        this.origin = origin;
        this.sessionName = sessionName;
        this.connection = connection;
        this.attributes = List.copyOf(attributes);
        this.media = List.copyOf(media);
    }

    /**
     * Parses a session description. Lines may end in CRLF or LF.
     *
     * @throws SdpParseException on malformed input or when a limit ({@link #MAX_LENGTH}, {@link #MAX_MEDIA},
     *         {@link #MAX_ATTRIBUTES_PER_SECTION}) is exceeded; the message names the line number
     */
    public static SessionDescription parse(String sdp) throws SdpParseException {
        return SdpParser.parse(sdp);
    }

    /** The {@code o=} value, or null. */
    public String origin() {
        return origin;
    }

    /** The {@code s=} value, or null. */
    public String sessionName() {
        return sessionName;
    }

    /** The session-level {@code c=} value, or null. */
    public String connection() {
        return connection;
    }

    /** The session-level {@code a=control} (the aggregate control URL, RFC 2326 §C.1.1), or null. */
    public String control() {
        return attribute("control");
    }

    /** The session-level {@code a=range} value (RFC 2326 §C.1.5), e.g. {@code npt=0-}, or null. */
    public String range() {
        return attribute("range");
    }

    /** The session-level direction attribute, or {@code sendrecv} when there is none. */
    public String direction() {
        for (SdpAttribute attribute : attributes) {
            if (isDirection(attribute.name())) {
                return attribute.name();
            }
        }
        return "sendrecv";
    }

    /** Value of the first session-level attribute with this name; "" for a flag attribute; null when absent. */
    public String attribute(String name) {
        for (SdpAttribute attribute : attributes) {
            if (attribute.name().equals(name)) {
                return attribute.value();
            }
        }
        return null;
    }

    /** Values of every session-level attribute with this name (case-sensitive), in order; empty when there is none. */
    public List<String> attributeValues(String name) {
        return valuesNamed(attributes, name);
    }

    static List<String> valuesNamed(List<SdpAttribute> attributes, String name) {
        List<String> values = new ArrayList<>();
        for (SdpAttribute attribute : attributes) {
            if (attribute.name().equals(name)) {
                values.add(attribute.value());
            }
        }
        return List.copyOf(values);
    }

    /** All session-level attributes, in order. */
    public List<SdpAttribute> attributes() {
        return attributes;
    }

    /** The media sections, in order. */
    public List<MediaDescription> media() {
        return media;
    }

    static boolean isDirection(String attributeName) {
        return attributeName.equals("sendrecv") || attributeName.equals("sendonly")
                || attributeName.equals("recvonly") || attributeName.equals("inactive");
    }

    @Override
    public String toString() {
        return "SessionDescription[s=" + sessionName + ", media=" + media + "]";
    }
}
