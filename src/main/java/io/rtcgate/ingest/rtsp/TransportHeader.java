package io.rtcgate.ingest.rtsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One transport specification of the RTSP {@code Transport} header (RFC 2326 §12.39):
 *
 * <pre>
 * Transport = "Transport" ":" 1#transport-spec
 * transport-spec = transport-protocol "/" profile ["/" lower-transport] *(";" parameter)
 * parameter = unicast | multicast | destination[=address] | source=address | interleaved=ch[-ch] | append
 *           | ttl=n | layers=n | port=p[-p] | client_port=p[-p] | server_port=p[-p] | ssrc=8HEX | mode="PLAY"|"RECORD"
 * </pre>
 *
 * Unknown parameters are ignored, as §12.39 requires. When neither {@code unicast} nor {@code multicast} is given,
 * {@link #multicast()} is false: every RTSP peer in practice means unicast. Immutable; build with {@link #builder()}.
 */
public final class TransportHeader {

    /** Longest header value {@link #parseAll} accepts. */
    public static final int MAX_LENGTH = 4096;
    /** Most comma-separated alternatives {@link #parseAll} accepts. */
    public static final int MAX_ALTERNATIVES = 16;

    /** The transport below RTP: UDP (the default) or TCP (RTSP interleaved). */
    public enum LowerTransport { UDP, TCP }

    /** {@code mode=PLAY} (the default, receive from the server) or {@code mode=RECORD} (publish to the server). */
    public enum Mode { PLAY, RECORD }

    private final String protocol;
    private final String profile;
    private final LowerTransport lowerTransport;
    private final boolean multicast;
    private final String destination;
    private final String source;
    private final PortRange interleaved;
    private final PortRange clientPort;
    private final PortRange serverPort;
    private final PortRange port;
    private final Integer ttl;
    private final Long ssrc;
    private final Mode mode;
    private final boolean append;

    private TransportHeader(Builder b) {
        this.protocol = b.protocol;
        this.profile = b.profile;
        this.lowerTransport = b.lowerTransport;
        this.multicast = b.multicast;
        this.destination = b.destination;
        this.source = b.source;
        this.interleaved = b.interleaved;
        this.clientPort = b.clientPort;
        this.serverPort = b.serverPort;
        this.port = b.port;
        this.ttl = b.ttl;
        this.ssrc = b.ssrc;
        this.mode = b.mode;
        this.append = b.append;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with all fields of this header. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.protocol = protocol;
        b.profile = profile;
        b.lowerTransport = lowerTransport;
        b.multicast = multicast;
        b.destination = destination;
        b.source = source;
        b.interleaved = interleaved;
        b.clientPort = clientPort;
        b.serverPort = serverPort;
        b.port = port;
        b.ttl = ttl;
        b.ssrc = ssrc;
        b.mode = mode;
        b.append = append;
        return b;
    }

    /**
     * Parses a header value holding exactly one transport specification.
     *
     * @throws RtspProtocolException when malformed or when it holds several alternatives
     */
    public static TransportHeader parse(String value) throws RtspProtocolException {
        List<TransportHeader> all = parseAll(value);
        if (all.size() != 1) {
            throw new RtspProtocolException("Transport: expected one transport-spec, got " + all.size());
        }
        return all.get(0);
    }

    /**
     * Parses all comma-separated transport specifications of a header value, in the order given (the client's order
     * of preference).
     *
     * @throws RtspProtocolException when any of them is malformed or a limit is exceeded
     */
    public static List<TransportHeader> parseAll(String value) throws RtspProtocolException {
        if (value == null) {
            throw new RtspProtocolException("Transport: header missing");
        }
        if (value.length() > MAX_LENGTH) {
            throw new RtspProtocolException("Transport: header is " + value.length() + " characters, limit is "
                    + MAX_LENGTH);
        }
        List<String> specs = HeaderTokens.splitOutsideQuotes(value, ',');
        if (specs.size() > MAX_ALTERNATIVES) {
            throw new RtspProtocolException("Transport: more than " + MAX_ALTERNATIVES + " transport-specs");
        }
        List<TransportHeader> result = new ArrayList<>(specs.size());
        for (String spec : specs) {
            if (spec.isBlank()) {
                throw new RtspProtocolException("Transport: empty transport-spec in \"" + abbreviate(value) + "\"");
            }
            result.add(parseSpec(spec.trim()));
        }
        return result;
    }

    private static TransportHeader parseSpec(String spec) throws RtspProtocolException {
        List<String> parts = HeaderTokens.splitOutsideQuotes(spec, ';');
        Builder b = new Builder();
        String[] protocolParts = parts.get(0).trim().split("/", -1);
        if (protocolParts.length < 2 || protocolParts.length > 3 || !HeaderTokens.isToken(protocolParts[0])
                || !HeaderTokens.isToken(protocolParts[1])) {
            throw new RtspProtocolException("Transport: expected protocol/profile[/lower-transport], got \""
                    + abbreviate(parts.get(0)) + "\"");
        }
        b.protocol = protocolParts[0].toUpperCase(Locale.ROOT);
        b.profile = protocolParts[1].toUpperCase(Locale.ROOT);
        if (protocolParts.length == 3) {
            String lower = protocolParts[2].toUpperCase(Locale.ROOT);
            if (lower.equals("TCP")) {
                b.lowerTransport = LowerTransport.TCP;
            } else if (lower.equals("UDP")) {
                b.lowerTransport = LowerTransport.UDP;
            } else {
                throw new RtspProtocolException("Transport: unsupported lower transport \""
                        + abbreviate(protocolParts[2]) + "\"");
            }
        }
        for (int i = 1; i < parts.size(); i++) {
            String parameter = parts.get(i).trim();
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
            String value = equals < 0 ? null : HeaderTokens.unquote(parameter.substring(equals + 1).trim());
            switch (name) {
                case "unicast" -> b.multicast = false;
                case "multicast" -> b.multicast = true;
                case "append" -> b.append = true;
                case "destination" -> b.destination = value == null ? "" : value;
                case "source" -> b.source = required(name, value);
                case "interleaved" -> b.interleaved = range(name, required(name, value), 255);
                case "client_port" -> b.clientPort = range(name, required(name, value), 65535);
                case "server_port" -> b.serverPort = range(name, required(name, value), 65535);
                case "port" -> b.port = range(name, required(name, value), 65535);
                case "ttl" -> b.ttl = number(name, required(name, value), 255);
                case "ssrc" -> b.ssrc = ssrc(required(name, value));
                case "mode" -> b.mode = mode(required(name, value));
                default -> {
                    // layers and unknown parameters: ignored (RFC 2326 §12.39)
                }
            }
        }
        return b.build();
    }

    /** Formats this transport-spec, e.g. {@code RTP/AVP/TCP;unicast;interleaved=0-1;mode=record}. */
    public String format() {
        StringBuilder sb = new StringBuilder(64);
        sb.append(protocol).append('/').append(profile);
        if (lowerTransport == LowerTransport.TCP) {
            sb.append("/TCP");
        }
        sb.append(multicast ? ";multicast" : ";unicast");
        if (destination != null) {
            sb.append(";destination");
            if (!destination.isEmpty()) {
                sb.append('=').append(addressValue(destination));
            }
        }
        if (source != null) {
            sb.append(";source=").append(addressValue(source));
        }
        if (interleaved != null) {
            sb.append(";interleaved=").append(interleaved);
        }
        if (append) {
            sb.append(";append");
        }
        if (ttl != null) {
            sb.append(";ttl=").append(ttl);
        }
        if (port != null) {
            sb.append(";port=").append(port);
        }
        if (clientPort != null) {
            sb.append(";client_port=").append(clientPort);
        }
        if (serverPort != null) {
            sb.append(";server_port=").append(serverPort);
        }
        if (ssrc != null) {
            sb.append(";ssrc=").append(String.format(Locale.ROOT, "%08X", ssrc));
        }
        if (mode != null) {
            sb.append(";mode=").append(mode.name().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    /** Formats several alternatives as one header value, comma-separated. */
    public static String formatAll(List<TransportHeader> alternatives) {
        StringBuilder sb = new StringBuilder();
        for (TransportHeader t : alternatives) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(t.format());
        }
        return sb.toString();
    }

    /** True for plain RTP ({@code RTP/AVP}, any lower transport), the only profile the gateway speaks. */
    public boolean isRtpAvp() {
        return protocol.equals("RTP") && profile.equals("AVP");
    }

    /** {@code RTP} for all practical purposes. */
    public String protocol() {
        return protocol;
    }

    /** {@code AVP}, {@code SAVP}, {@code AVPF}, ... uppercased. */
    public String profile() {
        return profile;
    }

    public LowerTransport lowerTransport() {
        return lowerTransport;
    }

    public boolean isTcp() {
        return lowerTransport == LowerTransport.TCP;
    }

    public boolean multicast() {
        return multicast;
    }

    /** {@code destination} address; "" when given without a value; null when absent. */
    public String destination() {
        return destination;
    }

    /** {@code source} address, or null. */
    public String source() {
        return source;
    }

    /** {@code interleaved} channels, or null. */
    public PortRange interleaved() {
        return interleaved;
    }

    /** {@code client_port}, or null. */
    public PortRange clientPort() {
        return clientPort;
    }

    /** {@code server_port}, or null. */
    public PortRange serverPort() {
        return serverPort;
    }

    /** Multicast {@code port}, or null. */
    public PortRange port() {
        return port;
    }

    /** Multicast {@code ttl}, or null. */
    public Integer ttl() {
        return ttl;
    }

    /** {@code ssrc} as an unsigned 32-bit value, or null. */
    public Long ssrc() {
        return ssrc;
    }

    /** {@code mode}, or null when absent (which RFC 2326 reads as PLAY). */
    public Mode mode() {
        return mode;
    }

    public boolean append() {
        return append;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransportHeader other && format().equals(other.format());
    }

    @Override
    public int hashCode() {
        return format().hashCode();
    }

    @Override
    public String toString() {
        return format();
    }

    private static String required(String name, String value) throws RtspProtocolException {
        if (value == null || value.isEmpty()) {
            throw new RtspProtocolException("Transport: " + name + " needs a value");
        }
        return value;
    }

    private static PortRange range(String name, String value, int max) throws RtspProtocolException {
        int dash = value.indexOf('-');
        int first = number(name, dash < 0 ? value : value.substring(0, dash), max);
        int last = dash < 0 ? first : number(name, value.substring(dash + 1), max);
        if (last < first) {
            throw new RtspProtocolException("Transport: " + name + " range " + value + " is reversed");
        }
        return new PortRange(first, last);
    }

    private static int number(String name, String value, int max) throws RtspProtocolException {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 5) {
            throw new RtspProtocolException("Transport: " + name + " \"" + abbreviate(value) + "\" is not a number");
        }
        int result = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw new RtspProtocolException("Transport: " + name + " \"" + abbreviate(value)
                        + "\" is not a number");
            }
            result = result * 10 + (c - '0');
        }
        if (result > max) {
            throw new RtspProtocolException("Transport: " + name + " " + result + " is above " + max);
        }
        return result;
    }

    /** RFC 2326 says 8 hex digits; fewer are accepted (leading zeros dropped by some servers). */
    private static long ssrc(String value) throws RtspProtocolException {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 8) {
            throw new RtspProtocolException("Transport: ssrc \"" + abbreviate(value) + "\" is not 1-8 hex digits");
        }
        long result = 0;
        for (int i = 0; i < v.length(); i++) {
            int digit = Character.digit(v.charAt(i), 16);
            if (digit < 0) {
                throw new RtspProtocolException("Transport: ssrc \"" + abbreviate(value)
                        + "\" is not 1-8 hex digits");
            }
            result = (result << 4) | digit;
        }
        return result;
    }

    /** {@code mode=record}, {@code mode="RECORD"}, {@code mode=play}; one mode only. */
    private static Mode mode(String value) throws RtspProtocolException {
        switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "PLAY":
                return Mode.PLAY;
            case "RECORD":
                return Mode.RECORD;
            default:
                throw new RtspProtocolException("Transport: unsupported mode \"" + abbreviate(value) + "\"");
        }
    }

    /** Addresses are written bare (IPv4, IPv6, host names); anything else is written as a quoted-string. */
    private static String addressValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!HeaderTokens.isTokenChar(c) && c != ':' && c != '[' && c != ']') {
                return HeaderTokens.quote(value);
            }
        }
        return value.isEmpty() ? "\"\"" : value;
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** Builds a {@link TransportHeader}; defaults: {@code RTP/AVP} over UDP, unicast. */
    public static final class Builder {
        private String protocol = "RTP";
        private String profile = "AVP";
        private LowerTransport lowerTransport = LowerTransport.UDP;
        private boolean multicast;
        private String destination;
        private String source;
        private PortRange interleaved;
        private PortRange clientPort;
        private PortRange serverPort;
        private PortRange port;
        private Integer ttl;
        private Long ssrc;
        private Mode mode;
        private boolean append;

        private Builder() {
        }

        public Builder lowerTransport(LowerTransport value) {
            this.lowerTransport = Objects.requireNonNull(value);
            return this;
        }

        public Builder multicast(boolean value) {
            this.multicast = value;
            return this;
        }

        public Builder destination(String value) {
            this.destination = value;
            return this;
        }

        public Builder source(String value) {
            this.source = value;
            return this;
        }

        public Builder interleaved(PortRange value) {
            this.interleaved = value;
            return this;
        }

        public Builder clientPort(PortRange value) {
            this.clientPort = value;
            return this;
        }

        public Builder serverPort(PortRange value) {
            this.serverPort = value;
            return this;
        }

        public Builder port(PortRange value) {
            this.port = value;
            return this;
        }

        public Builder ttl(Integer value) {
            this.ttl = value;
            return this;
        }

        /** SSRC as an unsigned 32-bit value (only the low 32 bits are kept). */
        public Builder ssrc(Long value) {
            this.ssrc = value == null ? null : value & 0xFFFFFFFFL;
            return this;
        }

        public Builder mode(Mode value) {
            this.mode = value;
            return this;
        }

        public Builder append(boolean value) {
            this.append = value;
            return this;
        }

        public TransportHeader build() {
            return new TransportHeader(this);
        }
    }
}
