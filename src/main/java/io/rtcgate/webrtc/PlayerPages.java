package io.rtcgate.webrtc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTML a browser user sees: the player page of one stream (a template read once from the class path; its script
 * is the static {@code /assets/player.js}) and the list of streams. Every value placed into HTML goes through
 * {@link HtmlText#escape}; stream names are also restricted by {@link io.rtcgate.stream.StreamName}, but the pages do
 * not rely on that. Links to a player end in {@code /} so that the page's relative {@code ./whep} resolves to
 * {@code /{name}/whep}.
 */
public final class PlayerPages {

    /** The {@code Content-Security-Policy} both pages are served with: nothing but this origin's own files. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; media-src 'self' blob:; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private static final String TEMPLATE_RESOURCE = "/io/rtcgate/webrtc/player.html";
    private static final String NAME_PLACEHOLDER = "{{streamName}}";

    /** One row of the stream list. */
    public record StreamEntry(String name, boolean online, List<String> tracks, int readers) {
    }

    private final String playerTemplate;

    public PlayerPages() {
        this(loadTemplate());
    }

    PlayerPages(String playerTemplate) {
        if (!playerTemplate.contains(NAME_PLACEHOLDER)) {
            throw new IllegalArgumentException("player template lacks " + NAME_PLACEHOLDER);
        }
        this.playerTemplate = playerTemplate;
    }

    private static String loadTemplate() {
        try (InputStream in = PlayerPages.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("class path resource " + TEMPLATE_RESOURCE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TEMPLATE_RESOURCE, e);
        }
    }

    /** The player page of stream {@code name}. */
    public String player(String name) {
        return playerTemplate.replace(NAME_PLACEHOLDER, HtmlText.escape(name));
    }

    /** The list of streams, each linked to its player, with whether it is online, its tracks and its viewers. */
    public String streamList(List<StreamEntry> streams) {
        StringBuilder html = new StringBuilder(1024 + 256 * streams.size());
        html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>rtcgate streams</title>\n<link rel=\"stylesheet\" href=\"/assets/rtcgate.css\">\n")
                .append("</head>\n<body class=\"list\">\n<header><a href=\"/\" class=\"home\">rtcgate</a>")
                .append("<h1>Streams</h1></header>\n<main>\n");
        if (streams.isEmpty()) {
            html.append("<p id=\"empty\">No streams yet. Publish one over RTSP or configure a camera.</p>\n");
        } else {
            html.append("<table id=\"streams\">\n<thead><tr><th>stream</th><th>state</th><th>tracks</th>")
                    .append("<th>viewers</th></tr></thead>\n<tbody>\n");
            for (StreamEntry stream : streams) {
                html.append("<tr><td><a href=\"/").append(HtmlText.escape(pathSegment(stream.name()))).append("/\">")
                        .append(HtmlText.escape(stream.name())).append("</a></td>")
                        .append(stream.online() ? "<td class=\"online\">online</td>" : "<td class=\"offline\">offline</td>")
                        .append("<td>").append(HtmlText.escape(String.join(", ", stream.tracks()))).append("</td>")
                        .append("<td>").append(stream.readers()).append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
        html.append("<p><a href=\"/v1/streams\">JSON</a></p>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    /** {@code text} as one URL path segment (RFC 3986 section 3.3): unreserved characters kept, the rest %XX of UTF-8. */
    static String pathSegment(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
