package io.rtcgate.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.testpeers.FfmpegPublisher;
import io.rtcgate.testpeers.HeadlessChromium;
import io.rtcgate.testpeers.JavaWhepViewer;
import io.rtcgate.testpeers.RtspTransport;
import io.rtcgate.testpeers.TestClips;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several real viewers at once, and viewers leaving in each way a viewer leaves: WHEP DELETE, a closed tab, a peer that
 * vanishes without a word (consent freshness, 5 s in {@link WhepRobustnessProfile}). Whatever the way, the session
 * leaves {@link WebRtcGateway#sessions()}, the stream's {@code readers} count goes back, and the leak detector
 * (PARANOID, {@code FailOnLeakExtension}) has nothing to report. And a viewer joining mid-stream sees a picture before
 * the source's next keyframe (the GOP replay).
 */
@QuarkusTest
@TestProfile(WhepRobustnessProfile.class)
@Timeout(180)
class WhepViewersTest {
    private static final Duration PLAY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration GONE_TIMEOUT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URL base;

    @Inject
    WebRtcGateway gateway;

    @Inject
    RtspPublishServer rtsp;

    @BeforeEach
    void noSessionsLeftFromEarlierTests() throws Exception {
        WhepTestPeers.awaitNoSessions(gateway);
    }

    private URI uri(String path) {
        return URI.create(base.toString()).resolve(path);
    }

    private FfmpegPublisher publish(Path clip, String name) throws Exception {
        FfmpegPublisher ffmpeg = FfmpegPublisher.start(clip, URI.create("rtsp://127.0.0.1:" + rtsp.boundPort() + "/" + name),
                RtspTransport.TCP);
        WhepTestPeers.await(() -> WhepTestPeers.streamIfExists(uri(""), name).path("keyframes").asLong(0) > 0, PLAY_TIMEOUT,
                () -> name + " never got a keyframe from " + ffmpeg + " (log " + ffmpeg.logFile() + ")");
        return ffmpeg;
    }

    private ViewerSession session(HeadlessChromium.Tab tab) throws Exception {
        String id = WhepTestPeers.idOf(WhepTestPeers.chromiumStats(tab).path("location").asText());
        return gateway.sessions().stream().filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + id));
    }

    private void awaitGone(ViewerSession session, String how) throws Exception {
        WhepTestPeers.await(() -> !gateway.sessions().contains(session), GONE_TIMEOUT,
                () -> "session " + session.id + " still there after " + how + " (state " + session.state() + ")");
        assertEquals(ViewerSession.State.CLOSED, session.state());
    }

    private void awaitReaders(String stream, int readers) throws Exception {
        WhepTestPeers.await(() -> WhepTestPeers.readers(uri(""), stream) == readers, GONE_TIMEOUT,
                () -> stream + " readers " + tryReaders(stream) + ", expected " + readers);
    }

    private String tryReaders(String stream) {
        try {
            return Integer.toString(WhepTestPeers.readers(uri(""), stream));
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void threeTabsOnOneStreamAndOneOnAnotherAllDecodeAndEveryWayOfLeavingFreesTheSession() throws Exception {
        try (FfmpegPublisher a = publish(TestClips.videoMkv(), "multi-a");
                FfmpegPublisher b = publish(TestClips.opusMkv(), "multi-b");
                HeadlessChromium chromium = HeadlessChromium.launch()) {
            List<HeadlessChromium.Tab> onA = List.of(chromium.open(uri("v1/streams")), chromium.open(uri("v1/streams")),
                    chromium.open(uri("v1/streams")));
            HeadlessChromium.Tab onB = chromium.open(uri("v1/streams"));
            for (HeadlessChromium.Tab tab : onA) {
                assertEquals(201, WhepTestPeers.startChromiumViewer(tab, uri("multi-a/whep").toString()));
            }
            assertEquals(201, WhepTestPeers.startChromiumViewer(onB, uri("multi-b/whep").toString()));
            for (HeadlessChromium.Tab tab : onA) {
                WhepTestPeers.awaitFrames(tab, 30, PLAY_TIMEOUT);
            }
            WhepTestPeers.awaitFrames(onB, 30, PLAY_TIMEOUT);
            assertEquals(3, WhepTestPeers.readers(uri(""), "multi-a"));
            assertEquals(1, WhepTestPeers.readers(uri(""), "multi-b"));
            assertEquals(4, gateway.sessions().size(), gateway.sessions().toString());
            for (ViewerSession s : gateway.sessions()) {
                assertEquals(ViewerSession.State.PLAYING, s.state(), s.id);
            }

            // 1: WHEP DELETE from the page
            ViewerSession deleted = session(onA.get(0));
            assertEquals(200, onA.get(0).evaluate("fetch(window.whepLocation, {method: 'DELETE'}).then(r => r.status)").asInt());
            awaitGone(deleted, "DELETE");
            awaitReaders("multi-a", 2);

            // 2: the tab closes without a DELETE
            ViewerSession closedTab = session(onA.get(1));
            onA.get(1).close();
            awaitGone(closedTab, "closing the tab");
            awaitReaders("multi-a", 1);

            // the others play on
            long before = WhepTestPeers.framesDecoded(onA.get(2));
            long beforeB = WhepTestPeers.framesDecoded(onB);
            WhepTestPeers.awaitFrames(onA.get(2), before + 30, PLAY_TIMEOUT);
            WhepTestPeers.awaitFrames(onB, beforeB + 30, PLAY_TIMEOUT);
            assertEquals(2, gateway.sessions().size(), "left: " + describe());

            // 3: the whole browser goes away
            List<ViewerSession> last = List.copyOf(gateway.sessions());
            chromium.close();
            for (ViewerSession s : last) {
                awaitGone(s, "the browser exited");
            }
            awaitReaders("multi-a", 0);
            awaitReaders("multi-b", 0);
            System.out.printf("close reasons: DELETE -> %s; tab closed -> %s; browser gone -> %s%n", deleted.closeReason(),
                    closedTab.closeReason(), last.stream().map(ViewerSession::closeReason).toList());
        }
        assertTrue(gateway.sessions().isEmpty(), describe());
    }

    @Test
    void aViewerThatVanishesExpiresByConsentFreshness() throws Exception {
        try (FfmpegPublisher ffmpeg = publish(TestClips.videoMkv(), "vanish")) {
            JavaWhepViewer viewer = JavaWhepViewer.play(uri("vanish/whep"), Duration.ofSeconds(10));
            ViewerSession session = gateway.sessions().stream().filter(s -> s.id.equals(viewer.sessionId())).findFirst()
                    .orElseThrow();
            try {
                WhepTestPeers.await(() -> viewer.videoFrames() >= 30, PLAY_TIMEOUT, viewer::toString);
                // longer than the consent timeout and its once-a-second sweep: the checks keep it alive
                Thread.sleep(7000);
                assertEquals(ViewerSession.State.PLAYING, session.state(), "consent checks every second keep the session");
                assertEquals(1, WhepTestPeers.readers(uri(""), "vanish"));
            } finally {
                viewer.close();
            }
            long expired = gateway.stats().consentExpired();
            awaitGone(session, "the viewer vanished");
            assertTrue(session.closeReason().contains("consent"), session.closeReason());
            assertTrue(gateway.stats().consentExpired() > expired, "consent expiry counted");
            awaitReaders("vanish", 0);
        }
    }

    @Test
    void aPublishedStreamWhosePublisherLeftIsRemovedWhenItsLastViewerLeaves() throws Exception {
        // without a viewer, the stream a publisher created goes when the publisher goes
        try (FfmpegPublisher ffmpeg = publish(TestClips.shortVideoMkv(), "transient")) {
            ffmpeg.stop();
            WhepTestPeers.await(() -> WhepTestPeers.streamIfExists(uri(""), "transient").isMissingNode(), GONE_TIMEOUT,
                    () -> "stream without publisher or viewer still listed");
        }
        // with one, it stays (offline) while the viewer watches, and goes when the viewer leaves
        JavaWhepViewer viewer;
        try (FfmpegPublisher ffmpeg = publish(TestClips.shortVideoMkv(), "transient")) {
            viewer = JavaWhepViewer.play(uri("transient/whep"), Duration.ofSeconds(10));
            WhepTestPeers.await(() -> viewer.videoFrames() >= 10, PLAY_TIMEOUT, viewer::toString);
        }
        try {
            WhepTestPeers.await(() -> !WhepTestPeers.stream(uri(""), "transient").path("online").asBoolean(), GONE_TIMEOUT,
                    () -> "stream still online after the publisher stopped");
            assertEquals(1, WhepTestPeers.readers(uri(""), "transient"), "the viewer still reads it");
            assertEquals(200, viewer.delete());
        } finally {
            viewer.close();
        }
        WhepTestPeers.await(() -> WhepTestPeers.streamIfExists(uri(""), "transient").isMissingNode(), GONE_TIMEOUT,
                () -> "a stream with neither publisher nor viewers outlives its last viewer: "
                        + tryStream("transient"));
    }

    private String tryStream(String name) {
        try {
            return WhepTestPeers.streamIfExists(uri(""), name).toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void aViewerJoiningMidStreamDecodesBeforeTheSourcesNextKeyframe() throws Exception {
        try (FfmpegPublisher ffmpeg = publish(TestClips.longGopMkv(), "join");
                HeadlessChromium chromium = HeadlessChromium.launch()) {
            HeadlessChromium.Tab first = chromium.open(uri("v1/streams"));
            assertEquals(201, WhepTestPeers.startChromiumViewer(first, uri("join/whep").toString()));
            WhepTestPeers.awaitFrames(first, 30, PLAY_TIMEOUT);
            HeadlessChromium.Tab second = chromium.open(uri("v1/streams"));

            // join right after a keyframe, so the next one is a whole GOP (5 s) away
            long previous = WhepTestPeers.keyframes(uri(""), "join");
            WhepTestPeers.await(() -> WhepTestPeers.keyframes(uri(""), "join") > previous, Duration.ofSeconds(8),
                    () -> "no keyframe within 8 s");
            long atJoin = WhepTestPeers.keyframes(uri(""), "join");
            assertEquals(201, WhepTestPeers.startChromiumViewer(second, uri("join/whep").toString()));
            WhepTestPeers.await(() -> WhepTestPeers.framesDecoded(second) > 0, Duration.ofSeconds(8),
                    () -> "second viewer decoded nothing: " + tryStats(second));
            long atFirstFrame = WhepTestPeers.keyframes(uri(""), "join");
            assertEquals(atJoin, atFirstFrame, "the second viewer's first frame waited for the source's next keyframe");
            assertNotNull(session(second));
            assertTrue(session(second).stats().gopReplays.get() >= 1, "joined through a GOP replay");
        }
    }

    private static String tryStats(HeadlessChromium.Tab tab) {
        try {
            return WhepTestPeers.chromiumStats(tab).toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private String describe() {
        Map<String, String> states = gateway.sessions().stream()
                .collect(Collectors.toMap(s -> s.id, s -> s.state() + " " + s.egress.stream().name()));
        return states.toString();
    }
}
