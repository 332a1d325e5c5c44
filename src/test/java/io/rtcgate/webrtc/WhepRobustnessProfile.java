package io.rtcgate.webrtc;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * One gateway for the WHEP robustness tests (they share it, so Quarkus starts once): consent expires after 5 s without
 * a check (RFC 7675 says 30; Chromium checks its selected pair 2.5 s apart plus up to one ~480 ms scheduling tick, 2.66 s
 * measured, so 3 s expired a healthy Chromium viewer whenever a check came a third of a second late), a DTLS handshake
 * gives up after 3 s, at most {@link #MAX_VIEWERS_PER_STREAM} viewers per stream, and {@link #OFFLINE_STREAM} is
 * configured to wait for a publisher, so it exists while offline.
 */
public class WhepRobustnessProfile implements QuarkusTestProfile {
    static final int MAX_VIEWERS_PER_STREAM = 3;
    static final String OFFLINE_STREAM = "waiting";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "rtcgate.webrtc.consent-timeout", "5s",
                "rtcgate.webrtc.dtls-timeout", "3s",
                "rtcgate.webrtc.max-sessions-per-stream", Integer.toString(MAX_VIEWERS_PER_STREAM),
                "rtcgate.streams." + OFFLINE_STREAM + ".source", "publisher");
    }
}
