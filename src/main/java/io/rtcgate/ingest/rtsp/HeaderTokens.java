package io.rtcgate.ingest.rtsp;

import java.util.ArrayList;
import java.util.List;

/** Small lexical helpers for RTSP/HTTP header values (RFC 9110 §5.6: token, quoted-string). */
final class HeaderTokens {

    private HeaderTokens() {
    }

    /**
     * Splits at {@code separator} characters that are not inside a quoted-string (a backslash escapes the next
     * character inside quotes). An unterminated quote runs to the end of the value.
     */
    static List<String> splitOutsideQuotes(String value, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == separator) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts;
    }

    /** Removes surrounding double quotes and backslash escapes; returns other values unchanged. */
    static String unquote(String value) {
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            StringBuilder sb = new StringBuilder(value.length() - 2);
            for (int i = 1; i < value.length() - 1; i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length() - 1) {
                    c = value.charAt(++i);
                }
                sb.append(c);
            }
            return sb.toString();
        }
        return value;
    }

    /** RFC 9110 §5.6.2 tchar. */
    static boolean isTokenChar(char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A quoted-string with '"' and '\' escaped. */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
