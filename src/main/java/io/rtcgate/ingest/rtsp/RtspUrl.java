package io.rtcgate.ingest.rtsp;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An {@code rtsp://[user[:password]@]host[:port][/path][?query]} URL (RFC 2326 §3.2) as configured for a camera.
 * User and password are percent-decoded (UTF-8); a '@', ':', '/', '?' or '#' in them must be percent-encoded. The
 * password never appears in {@link #redacted()} or {@link #toString()}; {@link #withoutCredentials()} is what goes on
 * the wire (credentials travel only in the Authorization header). Immutable.
 */
public final class RtspUrl {

    public static final int DEFAULT_PORT = 554;
    /** Longest URL accepted. */
    public static final int MAX_LENGTH = 4096;

    private final String user;
    private final String password;
    private final String rawUser;
    private final String host;
    private final int port;
    private final boolean explicitPort;
    private final String path;
    private final String query;
    private final URI withoutCredentials;

    private RtspUrl(String user, String password, String rawUser, String host, int port, boolean explicitPort,
            String path, String query, URI withoutCredentials) {
        this.user = user;
        this.password = password;
        this.rawUser = rawUser;
        this.host = host;
        this.port = port;
        this.explicitPort = explicitPort;
        this.path = path;
        this.query = query;
        this.withoutCredentials = withoutCredentials;
    }

    /**
     * Parses an RTSP URL.
     *
     * @throws RtspProtocolException for another scheme, a missing or invalid host, a bad port, bad percent-encoding,
     *         a fragment, or characters not allowed in a URI; the message never contains the password
     */
    public static RtspUrl parse(String url) throws RtspProtocolException {
        if (url == null) {
            throw new RtspProtocolException("RTSP URL is null");
        }
        if (url.length() > MAX_LENGTH) {
            throw new RtspProtocolException("RTSP URL is " + url.length() + " characters, limit is " + MAX_LENGTH);
        }
        int schemeEnd = url.indexOf("://");
        if (schemeEnd <= 0) {
            throw new RtspProtocolException("not an rtsp:// URL");
        }
        String scheme = url.substring(0, schemeEnd);
        if (!scheme.equalsIgnoreCase("rtsp")) {
            throw new RtspProtocolException("unsupported scheme \"" + TransportHeader.abbreviate(scheme)
                    + "\", expected rtsp");
        }
        String rest = url.substring(schemeEnd + 3);
        int authorityEnd = firstOf(rest, "/?#");
        String authority = rest.substring(0, authorityEnd);
        String pathQueryFragment = rest.substring(authorityEnd);

        String user = null;
        String password = null;
        String rawUser = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
            user = percentDecode(rawUser, "user");
            password = colon < 0 ? null : percentDecode(userInfo.substring(colon + 1), "password");
        }

        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new RtspProtocolException("IPv6 host lacks ']'");
            }
            host = authority.substring(0, close + 1);
            String afterHost = authority.substring(close + 1);
            if (!afterHost.isEmpty()) {
                if (afterHost.charAt(0) != ':') {
                    throw new RtspProtocolException("unexpected characters after IPv6 host");
                }
                portText = afterHost.substring(1);
            }
            if (!isIpv6Literal(host.substring(1, host.length() - 1))) {
                throw new RtspProtocolException("invalid IPv6 host \"" + TransportHeader.abbreviate(host) + "\"");
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
            if (host.isEmpty()) {
                throw new RtspProtocolException("RTSP URL has no host");
            }
            if (!isRegName(host)) {
                throw new RtspProtocolException("invalid host \"" + TransportHeader.abbreviate(host) + "\"");
            }
        }
        int port = DEFAULT_PORT;
        if (portText != null) {
            port = parsePort(portText);
        }

        if (pathQueryFragment.indexOf('#') >= 0) {
            throw new RtspProtocolException("RTSP URL must not have a fragment ('#'); percent-encode it as %23");
        }
        int question = pathQueryFragment.indexOf('?');
        String path = question < 0 ? pathQueryFragment : pathQueryFragment.substring(0, question);
        String query = question < 0 ? null : pathQueryFragment.substring(question + 1);
        String hostPort = host.toLowerCase(Locale.ROOT) + (portText != null ? ":" + port : "");
        URI withoutCredentials;
        try {
            withoutCredentials = new URI("rtsp://" + hostPort + pathQueryFragment);
        } catch (URISyntaxException e) {
            throw new RtspProtocolException("invalid character in the RTSP URL path or query: " + e.getReason());
        }
        return new RtspUrl(user, password, rawUser, host.toLowerCase(Locale.ROOT), port, portText != null, path,
                query, withoutCredentials);
    }

    /** Decoded user, or null when the URL has no user info. */
    public String user() {
        return user;
    }

    /** Decoded password, or null. Handle with care: never log it. */
    public String password() {
        return password;
    }

    public boolean hasCredentials() {
        return user != null;
    }

    /** Host, lowercased; IPv6 literals keep their brackets. */
    public String host() {
        return host;
    }

    /** Port; {@value #DEFAULT_PORT} when the URL names none. */
    public int port() {
        return port;
    }

    /** Path as written (still percent-encoded), possibly empty. */
    public String path() {
        return path;
    }

    /** Query as written, without '?', or null. */
    public String query() {
        return query;
    }

    /** The URL without user info: the Request-URI to send and the default base for relative control URLs. */
    public URI withoutCredentials() {
        return withoutCredentials;
    }

    /**
     * For logs: the URL with the password replaced by {@code ***}, as are the values of query parameters whose name
     * suggests a secret (password, pwd, token, secret, key, auth, sig).
     */
    public String redacted() {
        StringBuilder sb = new StringBuilder("rtsp://");
        if (rawUser != null) {
            sb.append(rawUser);
            if (password != null) {
                sb.append(":***");
            }
            sb.append('@');
        }
        sb.append(host);
        if (explicitPort) {
            sb.append(':').append(port);
        }
        sb.append(path);
        if (query != null) {
            sb.append('?');
            String[] parameters = query.split("&", -1);
            for (int i = 0; i < parameters.length; i++) {
                if (i > 0) {
                    sb.append('&');
                }
                String parameter = parameters[i];
                int equals = parameter.indexOf('=');
                if (equals >= 0 && isSecretName(parameter.substring(0, equals))) {
                    sb.append(parameter, 0, equals + 1).append("***");
                } else {
                    sb.append(parameter);
                }
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return redacted();
    }

    private static boolean isSecretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("pass") || n.contains("pwd") || n.contains("token") || n.contains("secret")
                || n.equals("key") || n.contains("auth") || n.contains("sig");
    }

    private static int parsePort(String text) throws RtspProtocolException {
        if (text.isEmpty()) {
            throw new RtspProtocolException("RTSP URL has an empty port");
        }
        if (text.length() > 5) {
            throw new RtspProtocolException("bad port \"" + TransportHeader.abbreviate(text) + "\"");
        }
        int port = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new RtspProtocolException("bad port \"" + TransportHeader.abbreviate(text) + "\"");
            }
            port = port * 10 + (c - '0');
        }
        if (port < 1 || port > 65535) {
            throw new RtspProtocolException("port " + port + " is outside 1..65535");
        }
        return port;
    }

    /** RFC 3986 reg-name / IPv4: unreserved characters, percent-encoding not supported in hosts here. */
    private static boolean isRegName(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '.' || c == '_' || c == '~';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6Literal(String address) {
        if (address.isEmpty() || address.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static int firstOf(String s, String characters) {
        for (int i = 0; i < s.length(); i++) {
            if (characters.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    /** Strict percent-decoding to UTF-8; the message names the field, never its content. */
    private static String percentDecode(String text, String field) throws RtspProtocolException {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new RtspProtocolException("bad percent-encoding in the " + field + " of the RTSP URL");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RtspProtocolException("the " + field + " of the RTSP URL is not UTF-8 after percent-decoding");
        }
    }
}
