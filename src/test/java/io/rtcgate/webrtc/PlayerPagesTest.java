package io.rtcgate.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTML of the player and of the stream list, hostile names included (the pages must not trust the name rule). */
class PlayerPagesTest {

    private static final String HOSTILE = "a<script>alert('x')</script>\"&b";
    private final PlayerPages pages = new PlayerPages();

    @Test
    void escapesTheFiveHtmlSpecialCharacters() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;",
                HtmlText.escape("<a href=\"x\">Tom & Jerry's</a>"));
        assertEquals("", HtmlText.escape(null));
        String plain = "cam_1-front";
        assertSame(plain, HtmlText.escape(plain), "nothing to escape: the same string");
        assertEquals("caf\u00e9 &amp;", HtmlText.escape("caf\u00e9 &"), "non-ASCII passes through (the page is UTF-8)");
    }

    @Test
    void playerPageCarriesTheVideoElementScriptAndEscapedName() {
        String html = pages.player("cam1");
        assertTrue(html.startsWith("<!doctype html>"), html);
        assertTrue(html.contains("<video id=\"video\" autoplay muted playsinline"), html);
        assertTrue(html.contains("<script src=\"/assets/player.js\" defer></script>"), html);
        assertTrue(html.contains("id=\"state\""), html);
        assertTrue(html.contains("<title>cam1 - rtcgate</title>"), html);
        assertTrue(html.contains("<h1>cam1</h1>"), html);
        assertFalse(html.contains("{{"), "no placeholder left: " + html);
        assertFalse(html.contains("http://") || html.contains("https://"), "no external resources: " + html);
    }

    @Test
    void playerPageEscapesAHostileName() {
        String html = pages.player(HOSTILE);
        assertFalse(html.contains("<script>alert"), html);
        assertTrue(html.contains("<h1>a&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;b</h1>"), html);
        assertEquals(1, html.split("<script", -1).length - 1, "only the player's own script tag: " + html);
    }

    @Test
    void streamListLinksEachStreamToItsPlayer() {
        String html = pages.streamList(List.of(
                new PlayerPages.StreamEntry("cam1", true, List.of("H264", "opus"), 2),
                new PlayerPages.StreamEntry("lobby", false, List.of(), 0)));
        assertTrue(html.contains("<tr><td><a href=\"/cam1/\">cam1</a></td><td class=\"online\">online</td>"
                + "<td>H264, opus</td><td>2</td></tr>"), html);
        assertTrue(html.contains("<tr><td><a href=\"/lobby/\">lobby</a></td><td class=\"offline\">offline</td>"
                + "<td></td><td>0</td></tr>"), html);
        assertTrue(html.indexOf("cam1") < html.indexOf("lobby"), "rows in the given order");
        assertFalse(html.contains("id=\"empty\""), html);
        assertFalse(html.contains("<script"), "the list needs no script: " + html);
    }

    @Test
    void streamListEscapesNamesInTextAndLinksAndTracks() {
        String html = pages.streamList(List.of(new PlayerPages.StreamEntry(HOSTILE, false, List.of("<b>H264</b>"), 0)));
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<b>"), html);
        assertTrue(html.contains(">a&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;b</a>"), html);
        assertTrue(html.contains("href=\"/a%3Cscript%3Ealert%28%27x%27%29%3C%2Fscript%3E%22%26b/\""), html);
        assertTrue(html.contains("<td>&lt;b&gt;H264&lt;/b&gt;</td>"), html);
    }

    @Test
    void emptyStreamListSaysSo() {
        String html = pages.streamList(List.of());
        assertTrue(html.contains("id=\"empty\""), html);
        assertFalse(html.contains("<table"), html);
    }

    @Test
    void pathSegmentPercentEncodesAllButUnreservedCharacters() {
        assertEquals("cam_1-a.b~c", PlayerPages.pathSegment("cam_1-a.b~c"));
        assertEquals("a%2Fb%3F%23%20%25", PlayerPages.pathSegment("a/b?# %"));
        assertEquals("caf%C3%A9", PlayerPages.pathSegment("caf\u00e9"), "UTF-8 bytes");
    }

    @Test
    void aTemplateWithoutThePlaceholderIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PlayerPages("<html></html>"));
    }
}
