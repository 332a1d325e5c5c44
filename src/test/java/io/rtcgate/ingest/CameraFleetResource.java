package io.rtcgate.ingest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rtcgate.testpeers.GstRtspServerProcess;
import io.rtcgate.testpeers.TestClips;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the cameras of {@link RtspPullTest} before the gateway boots, and configures one pulled stream per case:
 * TCP, UDP, auto, Digest over TCP, a wrong password, and the scripted misbehaving camera.
 */
public class CameraFleetResource implements QuarkusTestResourceLifecycleManager {
    static final String USER = "admin";
    static final String PASSWORD = "s3cret pass";

    private CameraFleet fleet;

    @Override
    public Map<String, String> start() {
        try {
            var clip = TestClips.videoAnnexB();
            var open = GstRtspServerProcess.builder().mount("cam", clip).mount("bframes", TestClips.bFramesAnnexB()).offered(GstRtspServerProcess.Offered.BOTH).start();
            var digest = GstRtspServerProcess.builder().mount("cam", clip).offered(GstRtspServerProcess.Offered.TCP)
                    .credentials(USER, PASSWORD).start();
            var scripted = ScriptedRtspCamera.start();
            fleet = new CameraFleet(open, digest, scripted);
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start the test cameras", e);
        }
        Map<String, String> config = new HashMap<>();
        stream(config, "pulltcp", fleet.open().url("cam").toString(), "tcp");
        stream(config, "pulludp", fleet.open().url("cam").toString(), "udp");
        stream(config, "pullauto", fleet.open().url("cam").toString(), "auto");
        stream(config, "pullbframes", fleet.open().url("bframes").toString(), "tcp");
        stream(config, "pulldigest", fleet.withDigest().urlWithCredentials("cam").toString(), "tcp");
        stream(config, "pullwrongpw", "rtsp://" + USER + ":wrong@127.0.0.1:" + fleet.withDigest().port() + "/cam", "tcp");
        stream(config, "pullnoauth", fleet.withDigest().url("cam").toString(), "tcp");
        for (ScriptedRtspCamera.Behaviour b : ScriptedRtspCamera.Behaviour.values()) {
            stream(config, b.streamName(), fleet.scripted().url(b), "tcp");
        }
        stream(config, "pullondemand", fleet.open().url("cam").toString(), "tcp");
        config.put("rtcgate.streams.pullondemand.on-demand", "true");
        config.put("rtcgate.rtsp.on-demand-linger", "1s");
        config.put("rtcgate.rtsp.timeout", "2s");
        return config;
    }

    private static void stream(Map<String, String> config, String name, String url, String transport) {
        config.put("rtcgate.streams." + name + ".source", url);
        config.put("rtcgate.streams." + name + ".transport", transport);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(fleet, new TestInjector.MatchesType(CameraFleet.class));
    }

    @Override
    public void stop() {
        if (fleet != null) {
            if (fleet.open() != null) {
                fleet.open().close();
            }
            if (fleet.withDigest() != null) {
                fleet.withDigest().close();
            }
            if (fleet.scripted() != null) {
                fleet.scripted().close();
            }
        }
    }
}
