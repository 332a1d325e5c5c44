package io.rtcgate.testpeers;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Builds {@code rtsp://} URLs for the peers, with percent-encoded credentials in the userinfo. */
public final class RtspUrls {

    private RtspUrls() {
    }

    /** {@code rtsp://127.0.0.1:port/mount}; {@code mount} may start with a slash or not. */
    public static URI local(int port, String mount) {
        return URI.create("rtsp://127.0.0.1:" + port + "/" + stripSlash(mount));
    }

    /**
     * The same URL with {@code user:password@} in front of the host. Every character outside RFC 3986's
     * "unreserved" set is percent-encoded; ffmpeg and GStreamer decode it before authenticating.
     */
    public static URI withCredentials(URI url, String user, String password) {
        String userInfo = percentEncode(user) + ":" + percentEncode(password);
        String rest = url.getRawPath() == null ? "" : url.getRawPath();
        return URI.create(url.getScheme() + "://" + userInfo + "@" + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort()) + rest
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    static String stripSlash(String mount) {
        return mount.startsWith("/") ? mount.substring(1) : mount;
    }

    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
