package io.rtcgate.ingest;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The target of an RTSP request ({@code rtsp://host[:port]/path}, RFC 2326 §3.2; an absolute path {@code /path} is
 * accepted too), reduced to what the publish server compares: the path and query, without credentials, host or port,
 * since clients may name the server by another address than the one it listens on.
 */
public record RequestTarget(URI uri, String pathAndQuery) {

    /** Longest request URL accepted. */
    public static final int MAX_LENGTH = 2048;

    /** Parses a request URL; returns null when it is not a usable RTSP URL. */
    public static RequestTarget parse(String requestUri) {
        if (requestUri == null || requestUri.isEmpty() || requestUri.length() > MAX_LENGTH) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(requestUri);
        } catch (URISyntaxException e) {
            return null;
        }
        if (uri.isOpaque()) {
            return null;
        }
        if (uri.isAbsolute()) {
            String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("rtsp") && !scheme.equals("rtspt")) {
                return null;
            }
        } else if (uri.getRawPath() == null || !uri.getRawPath().startsWith("/")) {
            return null;
        }
        return new RequestTarget(uri, normalize(uri));
    }

    /** The same URL for another request target, e.g. a track's control URL from SDP; null when unusable. */
    public static String pathAndQueryOf(URI uri) {
        return uri.isOpaque() ? null : normalize(uri);
    }

    /**
     * The stream a publisher names: the path without its leading and trailing '/', e.g. {@code cam1} for
     * {@code rtsp://host:8554/cam1}. Whether it is a valid name is for {@link io.rtcgate.stream.StreamName} to say.
     */
    public String streamName() {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }

    /** The URL a publisher's relative SDP control attributes are resolved against: scheme, host, port and path. */
    public URI contentBase() {
        if (!uri.isAbsolute()) {
            return URI.create("rtsp://localhost" + uri.getRawPath());
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        } catch (URISyntaxException e) {
            return uri;
        }
    }

    private static String normalize(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}
