package io.rtcgate.ingest.sdp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Line-by-line SDP parser behind {@link SessionDescription#parse(String)} (RFC 8866 §5). */
final class SdpParser {

    private static final int MAX_PAYLOAD_TYPE = 127;
    private static final int MAX_CHANNELS = 255;

    private SdpParser() {
    }

    /** Collects one media section while its lines are read. */
    private static final class MediaBuilder {
        final int index;
        final String type;
        final int port;
        final String protocol;
        final List<String> formats;
        final List<Integer> payloadTypes;
        String connection;
        final List<SdpAttribute> attributes = new ArrayList<>();
        final Map<Integer, RtpMap> rtpMaps = new HashMap<>();
        final Map<Integer, Map<String, String>> fmtps = new HashMap<>();

        MediaBuilder(int index, String type, int port, String protocol, List<String> formats,
                List<Integer> payloadTypes) {
            this.index = index;
            this.type = type;
            this.port = port;
            this.protocol = protocol;
            this.formats = formats;
            this.payloadTypes = payloadTypes;
        }
    }

    static SessionDescription parse(String sdp) throws SdpParseException {
        if (sdp == null) {
            throw new SdpParseException("SDP is null");
        }
        if (sdp.length() > SessionDescription.MAX_LENGTH) {
            throw new SdpParseException("SDP is " + sdp.length() + " characters, limit is "
                    + SessionDescription.MAX_LENGTH);
        }
        String origin = null;
        String sessionName = null;
        String connection = null;
        List<SdpAttribute> sessionAttributes = new ArrayList<>();
        List<MediaBuilder> media = new ArrayList<>();
        MediaBuilder current = null;
        boolean sawVersion = false;

        int lineNumber = 0;
        int position = 0;
        int length = sdp.length();
        while (position < length) {
            int lineFeed = sdp.indexOf('\n', position);
            int end = lineFeed < 0 ? length : lineFeed;
            int next = lineFeed < 0 ? length : lineFeed + 1;
            if (end > position && sdp.charAt(end - 1) == '\r') {
                end--;
            }
            String line = sdp.substring(position, end);
            position = next;
            lineNumber++;
            if (line.isBlank()) {
                continue; // tolerated: trailing empty lines are common in RTSP bodies
            }
            if (line.length() < 2 || line.charAt(1) != '=' || !isLetter(line.charAt(0))) {
                throw new SdpParseException(lineNumber, "expected '<letter>=<value>', got \"" + abbreviate(line)
                        + "\"");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (!sawVersion) {
                if (type != 'v') {
                    throw new SdpParseException(lineNumber, "first line must be v=0, got \"" + abbreviate(line)
                            + "\"");
                }
                if (!value.trim().equals("0")) {
                    throw new SdpParseException(lineNumber, "unsupported SDP version \"" + abbreviate(value) + "\"");
                }
                sawVersion = true;
                continue;
            }
            switch (type) {
                case 'o' -> {
                    if (current == null && origin == null) {
                        origin = value;
                    }
                }
                case 's' -> {
                    if (current == null && sessionName == null) {
                        sessionName = value;
                    }
                }
                case 'c' -> {
                    if (current == null) {
                        connection = value;
                    } else {
                        current.connection = value;
                    }
                }
                case 'm' -> {
                    if (media.size() == SessionDescription.MAX_MEDIA) {
                        throw new SdpParseException(lineNumber, "more than " + SessionDescription.MAX_MEDIA
                                + " media sections");
                    }
                    current = parseMediaLine(lineNumber, value, media.size());
                    media.add(current);
                }
                case 'a' -> {
                    List<SdpAttribute> target = current == null ? sessionAttributes : current.attributes;
                    if (target.size() == SessionDescription.MAX_ATTRIBUTES_PER_SECTION) {
                        throw new SdpParseException(lineNumber, "more than "
                                + SessionDescription.MAX_ATTRIBUTES_PER_SECTION + " attributes in "
                                + (current == null ? "the session section" : "media section " + current.index));
                    }
                    SdpAttribute attribute = parseAttribute(lineNumber, value);
                    target.add(attribute);
                    if (current != null) {
                        interpretMediaAttribute(lineNumber, attribute, current);
                    } else if (attribute.name().equals("control")) {
                        checkControl(lineNumber, attribute.value());
                    }
                }
                case 'v' -> throw new SdpParseException(lineNumber, "duplicate v= line");
                default -> {
                    // i, u, e, p, b, t, r, z, k and unknown types: not needed for ingest (RFC 8866 §5: ignore)
                }
            }
        }
        if (!sawVersion) {
            throw new SdpParseException("SDP is empty (no v=0 line)");
        }
        String sessionDirection = "sendrecv";
        for (SdpAttribute attribute : sessionAttributes) {
            if (SessionDescription.isDirection(attribute.name())) {
                sessionDirection = attribute.name();
                break;
            }
        }
        List<MediaDescription> built = new ArrayList<>(media.size());
        for (MediaBuilder m : media) {
            built.add(new MediaDescription(m.index, m.type, m.port, m.protocol, m.formats, m.payloadTypes,
                    m.connection, m.attributes, m.rtpMaps, m.fmtps, sessionDirection));
        }
        return new SessionDescription(origin, sessionName, connection, sessionAttributes, built);
    }

    /** {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...} (RFC 8866 §5.14). */
    private static MediaBuilder parseMediaLine(int lineNumber, String value, int index) throws SdpParseException {
        String[] fields = value.trim().split("[ \t]+");
        if (fields.length < 3) {
            throw new SdpParseException(lineNumber, "m= needs '<media> <port> <proto> <fmt>...', got \""
                    + abbreviate(value) + "\"");
        }
        String portField = fields[1];
        int slash = portField.indexOf('/');
        if (slash >= 0) {
            parseInt(lineNumber, portField.substring(slash + 1), 1, 65535, "port count");
            portField = portField.substring(0, slash);
        }
        int port = parseInt(lineNumber, portField, 0, 65535, "port");
        String protocol = fields[2];
        boolean rtp = protocol.toUpperCase(Locale.ROOT).contains("RTP/");
        List<String> formats = new ArrayList<>();
        List<Integer> payloadTypes = new ArrayList<>();
        for (int i = 3; i < fields.length; i++) {
            formats.add(fields[i]);
            if (isDigits(fields[i])) {
                payloadTypes.add(parseInt(lineNumber, fields[i], 0, MAX_PAYLOAD_TYPE, "payload type"));
            } else if (rtp) {
                throw new SdpParseException(lineNumber, "payload type \"" + abbreviate(fields[i])
                        + "\" is not a number");
            }
        }
        return new MediaBuilder(index, fields[0], port, protocol, formats, payloadTypes);
    }

    /** {@code a=<name>} or {@code a=<name>:<value>} (RFC 8866 §5.13). */
    private static SdpAttribute parseAttribute(int lineNumber, String value) throws SdpParseException {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        String attributeValue = colon < 0 ? "" : value.substring(colon + 1);
        name = name.trim();
        if (name.isEmpty()) {
            throw new SdpParseException(lineNumber, "attribute without a name");
        }
        return new SdpAttribute(name, attributeValue.trim());
    }

    private static void interpretMediaAttribute(int lineNumber, SdpAttribute attribute, MediaBuilder media)
            throws SdpParseException {
        switch (attribute.name()) {
            case "rtpmap" -> {
                RtpMap rtpMap = parseRtpMap(lineNumber, attribute.value());
                media.rtpMaps.putIfAbsent(rtpMap.payloadType(), rtpMap);
            }
            case "fmtp" -> {
                String v = attribute.value();
                int space = indexOfWhitespace(v);
                String format = space < 0 ? v : v.substring(0, space);
                if (!isDigits(format)) {
                    return; // fmtp of a non-RTP format: nothing ingest needs
                }
                int payloadType = parseInt(lineNumber, format, 0, MAX_PAYLOAD_TYPE, "fmtp payload type");
                media.fmtps.putIfAbsent(payloadType, parseFormatParameters(space < 0 ? "" : v.substring(space)));
            }
            case "control" -> checkControl(lineNumber, attribute.value());
            default -> {
            }
        }
    }

    /** {@code <payload type> <encoding name>/<clock rate>[/<encoding parameters>]} (RFC 8866 §6.6). */
    private static RtpMap parseRtpMap(int lineNumber, String value) throws SdpParseException {
        int space = indexOfWhitespace(value);
        if (space < 0) {
            throw new SdpParseException(lineNumber, "rtpmap needs '<pt> <encoding>/<clock rate>', got \""
                    + abbreviate(value) + "\"");
        }
        int payloadType = parseInt(lineNumber, value.substring(0, space), 0, MAX_PAYLOAD_TYPE, "rtpmap payload type");
        String[] parts = value.substring(space).trim().split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank()) {
            throw new SdpParseException(lineNumber, "rtpmap needs '<pt> <encoding>/<clock rate>[/<channels>]', got \""
                    + abbreviate(value) + "\"");
        }
        int clockRate = parseInt(lineNumber, parts[1].trim(), 1, Integer.MAX_VALUE, "rtpmap clock rate");
        int channels = parts.length == 3 ? parseInt(lineNumber, parts[2].trim(), 1, MAX_CHANNELS, "rtpmap channels")
                : 1;
        return new RtpMap(payloadType, parts[0].trim(), clockRate, channels);
    }

    /** {@code key=value;key=value} (RFC 8866 §6.15 leaves the syntax to the codec; this is the common form). */
    static Map<String, String> parseFormatParameters(String parameters) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String parameter : parameters.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            String key = (equals < 0 ? trimmed : trimmed.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
            String value = equals < 0 ? "" : trimmed.substring(equals + 1).trim();
            if (!key.isEmpty()) {
                result.putIfAbsent(key, value);
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /** A control value must be {@code *} or a URI reference, so that resolving it later cannot fail. */
    private static void checkControl(int lineNumber, String value) throws SdpParseException {
        if (value.equals("*") || value.isEmpty()) {
            return;
        }
        try {
            new URI(value);
        } catch (URISyntaxException e) {
            throw new SdpParseException(lineNumber, "a=control is not a valid URI: " + e.getReason());
        }
    }

    private static int parseInt(int lineNumber, String text, int min, int max, String what)
            throws SdpParseException {
        if (!isDigits(text) || text.length() > 10) {
            throw new SdpParseException(lineNumber, what + " \"" + abbreviate(text) + "\" is not a number");
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw new SdpParseException(lineNumber, what + " " + value + " is outside " + min + ".." + max);
        }
        return (int) value;
    }

    private static boolean isDigits(String text) {
        if (text.isEmpty()) {
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

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                return i;
            }
        }
        return -1;
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
