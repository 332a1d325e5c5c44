package io.rtcgate.ingest.rtsp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the common grammar of {@code WWW-Authenticate} and {@code Authorization} values (RFC 9110 §11.3-11.4):
 *
 * <pre>
 * challenge / credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 * auth-param = token BWS "=" BWS ( token / quoted-string )
 * </pre>
 *
 * One header value may hold several challenges separated by commas; a comma inside a quoted-string (for example
 * {@code qop="auth,auth-int"}) does not separate anything.
 */
final class AuthHeaderParser {

    /** Longest header value accepted. */
    static final int MAX_VALUE_LENGTH = 8192;
    /** Most challenges accepted over all header values. */
    static final int MAX_CHALLENGES = 16;
    /** Most auth-params accepted in one challenge. */
    static final int MAX_PARAMS = 32;

    /** One challenge or credentials: scheme, optional token68, params with lowercased names. */
    record Parsed(String scheme, String token68, Map<String, String> params) {
    }

    private final String value;
    private int position;

    private AuthHeaderParser(String value) {
        this.value = value;
    }

    /** Parses one header value, appending to {@code out}; at most {@link #MAX_CHALLENGES} in {@code out}. */
    static void parse(String value, List<Parsed> out) throws RtspProtocolException {
        if (value == null) {
            throw new RtspProtocolException("authentication header value is null");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new RtspProtocolException("authentication header is " + value.length() + " characters, limit is "
                    + MAX_VALUE_LENGTH);
        }
        new AuthHeaderParser(value).parseAll(out);
    }

    private void parseAll(List<Parsed> out) throws RtspProtocolException {
        while (true) {
            skipWhitespaceAndCommas();
            if (position >= value.length()) {
                return;
            }
            int start = position;
            String scheme = readToken();
            if (scheme.isEmpty()) {
                throw error("expected an auth-scheme", start);
            }
            if (out.size() == MAX_CHALLENGES) {
                throw new RtspProtocolException("more than " + MAX_CHALLENGES + " authentication challenges");
            }
            out.add(parseRest(scheme));
        }
    }

    /** Everything after the scheme, up to the start of the next challenge or the end. */
    private Parsed parseRest(String scheme) throws RtspProtocolException {
        Map<String, String> params = new LinkedHashMap<>();
        String token68 = null;
        boolean spaceAfterScheme = position < value.length() && isWhitespace(value.charAt(position));
        skipWhitespace();
        if (position < value.length() && value.charAt(position) != ',' && spaceAfterScheme) {
            if (looksLikeParam(position)) {
                readParam(params);
            } else {
                token68 = readToken68();
            }
        } else if (position < value.length() && value.charAt(position) != ',') {
            throw error("expected a space after auth-scheme \"" + TransportHeader.abbreviate(scheme) + "\"",
                    position);
        }
        while (true) {
            skipWhitespace();
            if (position >= value.length()) {
                break;
            }
            if (value.charAt(position) != ',') {
                throw error("expected ',' between auth-params", position);
            }
            int afterComma = position;
            skipWhitespaceAndCommas();
            if (position >= value.length()) {
                break;
            }
            if (token68 != null || !looksLikeParam(position)) {
                position = afterComma; // next challenge starts here
                break;
            }
            readParam(params);
        }
        return new Parsed(scheme, token68, Collections.unmodifiableMap(params));
    }

    /** token BWS "=" BWS (token / quoted-string), but not token68's trailing '=' padding. */
    private boolean looksLikeParam(int from) {
        int i = from;
        while (i < value.length() && HeaderTokens.isTokenChar(value.charAt(i))) {
            i++;
        }
        if (i == from) {
            return false;
        }
        while (i < value.length() && isWhitespace(value.charAt(i))) {
            i++;
        }
        if (i >= value.length() || value.charAt(i) != '=') {
            return false;
        }
        i++;
        while (i < value.length() && isWhitespace(value.charAt(i))) {
            i++;
        }
        return i < value.length() && (value.charAt(i) == '"'
                || (value.charAt(i) != '=' && HeaderTokens.isTokenChar(value.charAt(i))));
    }

    private void readParam(Map<String, String> params) throws RtspProtocolException {
        String name = readToken().toLowerCase(Locale.ROOT);
        skipWhitespace();
        position++; // '=' (checked by looksLikeParam)
        skipWhitespace();
        String paramValue = value.charAt(position) == '"' ? readQuotedString() : readToken();
        if (params.size() == MAX_PARAMS) {
            throw new RtspProtocolException("more than " + MAX_PARAMS + " auth-params in one challenge");
        }
        params.putIfAbsent(name, paramValue);
    }

    /** token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
    private String readToken68() throws RtspProtocolException {
        int start = position;
        while (position < value.length() && isToken68Char(value.charAt(position))) {
            position++;
        }
        if (position == start) {
            throw error("expected token68 or auth-param", start);
        }
        while (position < value.length() && value.charAt(position) == '=') {
            position++;
        }
        return value.substring(start, position);
    }

    private String readToken() {
        int start = position;
        while (position < value.length() && HeaderTokens.isTokenChar(value.charAt(position))) {
            position++;
        }
        return value.substring(start, position);
    }

    private String readQuotedString() throws RtspProtocolException {
        int start = position;
        position++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (position < value.length()) {
            char c = value.charAt(position++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (position >= value.length()) {
                    break;
                }
                c = value.charAt(position++);
            }
            sb.append(c);
        }
        throw error("unterminated quoted-string", start);
    }

    private void skipWhitespace() {
        while (position < value.length() && isWhitespace(value.charAt(position))) {
            position++;
        }
    }

    private void skipWhitespaceAndCommas() {
        while (position < value.length() && (isWhitespace(value.charAt(position)) || value.charAt(position) == ',')) {
            position++;
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isToken68Char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~+/".indexOf(c) >= 0;
    }

    private RtspProtocolException error(String what, int at) {
        return new RtspProtocolException(what + " at position " + at + " of \"" + TransportHeader.abbreviate(value)
                + "\"");
    }
}
