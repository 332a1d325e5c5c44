package io.rtcgate.webrtc.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The captured and hand-written offers under src/test/resources/io/rtcgate/webrtc/sdp (see README.md there). */
final class TestOffers {

    static final String CHROMIUM_VIDEO = "chromium156_recvonly_video.sdp";
    static final String CHROMIUM_VIDEO_AUDIO = "chromium156_recvonly_video_audio.sdp";
    static final String CHROMIUM_VIDEO_AUDIO_HOST = "chromium156_recvonly_video_audio_host_candidates.sdp";
    static final String FIREFOX_STYLE = "firefox_style_recvonly_video_audio.sdp";
    static final String GSTREAMER_STYLE = "gstreamer_webrtcbin_style_recvonly_video_audio.sdp";

    private TestOffers() {
    }

    static String load(String name) {
        try (InputStream in = TestOffers.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces exactly one occurrence, failing when the text is absent (so a mutated offer really differs). */
    static String replaceOnce(String sdp, String target, String replacement) {
        int at = sdp.indexOf(target);
        if (at < 0) {
            throw new IllegalArgumentException("not in offer: " + target);
        }
        return sdp.substring(0, at) + replacement + sdp.substring(at + target.length());
    }

    /** Removes every line that starts with the prefix. */
    static String withoutLines(String sdp, String prefix) {
        StringBuilder out = new StringBuilder();
        int removed = 0;
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith(prefix)) {
                removed++;
            } else {
                out.append(line).append("\r\n");
            }
        }
        if (removed == 0) {
            throw new IllegalArgumentException("no line starts with " + prefix);
        }
        return out.toString();
    }
}
