package io.rtcgate.ops.health;

import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.transport.EventLoopHeartbeat;
import io.rtcgate.transport.MediaEventLoops;
import io.rtcgate.webrtc.WebRtcGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /q/health/live}: down only when the gateway is wedged and a restart is the cure — a media event loop that does not
 * run a no-op within {@link #HEARTBEAT_TIMEOUT_MILLIS}, the WebRTC UDP sockets closed, or the RTSP server's listening
 * socket closed. Cameras being offline, viewers or draining never make it fail. Quarkus runs this synchronous check on a
 * worker thread, so the bounded wait never holds up the HTTP event loop.
 */
@Liveness
@ApplicationScoped
public class GatewayLiveness implements HealthCheck {
    static final long HEARTBEAT_TIMEOUT_MILLIS = 2000;

    @Inject
    MediaEventLoops loops;
    @Inject
    WebRtcGateway gateway;
    @Inject
    RtspPublishServer rtspServer;

    @Override
    public HealthCheckResponse call() {
        EventLoopHeartbeat.Result beat = EventLoopHeartbeat.ping(loops.group(), HEARTBEAT_TIMEOUT_MILLIS);
        boolean udp = gateway.udpOpen();
        boolean rtsp = rtspServer.listening();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("rtcgate-live")
                .withData("eventLoops", beat.loops())
                .withData("eventLoopsAnswering", beat.loops() - beat.unresponsive().size())
                .withData("heartbeatMillis", beat.waitedMillis())
                .withData("webrtcUdpOpen", udp)
                .withData("rtspListening", rtsp);
        StringBuilder why = new StringBuilder();
        if (!beat.allAnswered()) {
            why.append("event loop(s) ").append(beat.unresponsive()).append(" did not answer a heartbeat within ")
                    .append(HEARTBEAT_TIMEOUT_MILLIS).append(" ms; ");
        }
        if (!udp) {
            why.append("WebRTC UDP socket closed; ");
        }
        if (!rtsp) {
            why.append("RTSP server socket closed; ");
        }
        if (why.length() > 0) {
            return b.withData("reason", why.substring(0, why.length() - 2)).down().build();
        }
        return b.withData("reason", "event loops answer, sockets open").up().build();
    }
}
