package io.rtcgate.webrtc.sdp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A remote ICE candidate from {@code a=candidate} (RFC 8839 §5.1):
 *
 * <pre>
 * candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
 *                       connection-address SP port SP "typ" SP cand-type
 *                       [SP "raddr" SP connection-address] [SP "rport" SP port] *(SP extension-name SP extension-value)
 * </pre>
 *
 * The address is kept as text and, when it is an IP literal, also as an {@link InetAddress} built without any DNS
 * lookup. A host name (RFC 8839 allows an FQDN; browsers use mDNS {@code .local} names to hide local addresses) is
 * kept as text only and never resolved here. Immutable.
 *
 * @param foundation  1 to 32 ice-chars
 * @param component   1..256 (1 = RTP; with rtcp-mux only 1 is used)
 * @param transport   lowercase, e.g. {@code udp}, {@code tcp}
 * @param priority    1..2^31-1 (RFC 8445 §5.1.2)
 * @param address     the connection address as written
 * @param ip          the address when it is an IPv4/IPv6 literal, else null (a host name)
 * @param port        0..65535 (0 and 9 appear on TCP active candidates)
 * @param type        lowercase candidate type: {@code host}, {@code srflx}, {@code prflx}, {@code relay} or an
 *                    extension token
 */
public record IceCandidate(String foundation, int component, String transport, long priority, String address,
        InetAddress ip, int port, String type) {

    /** True when the address is a host name rather than an IP literal. */
    public boolean isHostName() {
        return ip == null;
    }

    /** True for an mDNS name (RFC 6762 {@code .local} domain), as browsers use to hide host addresses. */
    public boolean isMulticastDns() {
        return ip == null && address.toLowerCase(Locale.ROOT).endsWith(".local");
    }

    private static final int MAX_FIELDS = 64;

    /**
     * Parses an {@code a=candidate} value (without the {@code candidate:} prefix).
     *
     * @throws WhepOfferException when the value breaks the grammar
     */
    public static IceCandidate parse(String attributeValue) throws WhepOfferException {
        String value = attributeValue == null ? "" : attributeValue.trim();
        String[] fields = value.split(" ", MAX_FIELDS + 1);
        if (fields.length < 8 || fields.length > MAX_FIELDS) {
            throw new WhepOfferException("candidate needs '<foundation> <component> <transport> <priority> "
                    + "<address> <port> typ <type>'");
        }
        String foundation = fields[0];
        if (!SdpGrammar.isIceChars(foundation, 1, 32)) {
            throw new WhepOfferException("candidate foundation " + SdpGrammar.quote(foundation) + " is invalid");
        }
        long component = SdpGrammar.isDigits(fields[1], 3) ? SdpGrammar.parseBounded(fields[1], 1, 256) : -1;
        if (component < 0) {
            throw new WhepOfferException("candidate component " + SdpGrammar.quote(fields[1]) + " is not 1..256");
        }
        String transport = fields[2].toLowerCase(Locale.ROOT);
        if (!SdpGrammar.isToken(transport, 32)) {
            throw new WhepOfferException("candidate transport " + SdpGrammar.quote(fields[2]) + " is invalid");
        }
        long priority = SdpGrammar.isDigits(fields[3], 10) ? SdpGrammar.parseBounded(fields[3], 1, 0x7fffffffL) : -1;
        if (priority < 0) {
            throw new WhepOfferException("candidate priority " + SdpGrammar.quote(fields[3]) + " is not 1..2^31-1");
        }
        long port = SdpGrammar.parseBounded(fields[5], 0, 65535);
        if (port < 0) {
            throw new WhepOfferException("candidate port " + SdpGrammar.quote(fields[5]) + " is not 0..65535");
        }
        if (!fields[6].equals("typ")) {
            throw new WhepOfferException("candidate lacks 'typ' after the port");
        }
        String type = fields[7].toLowerCase(Locale.ROOT);
        if (!SdpGrammar.isToken(type, 32)) {
            throw new WhepOfferException("candidate type " + SdpGrammar.quote(fields[7]) + " is invalid");
        }
        // the rest are name/value pairs (raddr, rport, generation, network-cost, tcptype, ...)
        if ((fields.length - 8) % 2 != 0) {
            throw new WhepOfferException("candidate extension without a value");
        }
        for (int i = 8; i < fields.length; i += 2) {
            if (!SdpGrammar.isToken(fields[i], 64) || fields[i + 1].isEmpty()) {
                throw new WhepOfferException("candidate extension " + SdpGrammar.quote(fields[i]) + " is invalid");
            }
        }
        InetAddress ip = ipLiteralOrNull(fields[4]);
        return new IceCandidate(foundation, (int) component, transport, priority, fields[4], ip, (int) port, type);
    }

    /**
     * IPv4 dotted quad or IPv6 literal parsed with no DNS lookup (InetAddress.getByName never looks up a text that
     * contains ':'; IPv4 is built from its bytes), null for a syntactically valid host name.
     */
    private static InetAddress ipLiteralOrNull(String text) throws WhepOfferException {
        if (text.isEmpty() || text.length() > 45) {
            throw new WhepOfferException("candidate address " + SdpGrammar.quote(text) + " is invalid");
        }
        if (text.indexOf(':') >= 0) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!isAsciiHex(c) && c != ':' && c != '.') {
                    throw new WhepOfferException("candidate address " + SdpGrammar.quote(text) + " is invalid");
                }
            }
            try {
                return InetAddress.getByName(text); // a literal containing ':' is never looked up
            } catch (UnknownHostException e) {
                throw new WhepOfferException("candidate address " + SdpGrammar.quote(text) + " is invalid");
            }
        }
        String[] octets = text.split("\\.", -1);
        boolean dottedQuad = octets.length == 4;
        byte[] bytes = new byte[4];
        for (int i = 0; dottedQuad && i < 4; i++) {
            long octet = SdpGrammar.isDigits(octets[i], 3) ? SdpGrammar.parseBounded(octets[i], 0, 255) : -1;
            dottedQuad = octet >= 0;
            bytes[i] = (byte) octet;
        }
        if (dottedQuad) {
            try {
                return InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                throw new AssertionError("4 bytes are always an IPv4 address", e);
            }
        }
        if (isHostName(text)) {
            return null;
        }
        throw new WhepOfferException("candidate address " + SdpGrammar.quote(text) + " is invalid");
    }

    private static boolean isAsciiHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isHostName(String text) {
        if (text.startsWith(".") || text.startsWith("-") || text.contains("..")
                || text.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.')) {
            return false; // empty labels, or a malformed dotted quad
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!SdpGrammar.isAlphaNumeric(c) && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }
}
