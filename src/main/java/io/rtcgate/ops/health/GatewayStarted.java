package io.rtcgate.ops.health;

import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.webrtc.WebRtcGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * {@code /q/health/started}: up once the configuration was loaded and checked (an invalid one stops start-up before
 * this can answer) and the RTSP and WebRTC UDP sockets are bound.
 */
@Startup
@ApplicationScoped
public class GatewayStarted implements HealthCheck {

    @Inject
    WebRtcGateway gateway;
    @Inject
    RtspPublishServer rtspServer;

    @Override
    public HealthCheckResponse call() {
        boolean rtsp = rtspServer.boundPort() > 0;
        boolean udp = gateway.udpOpen();
        return HealthCheckResponse.named("rtcgate-started")
                .withData("configuration", "loaded")
                .withData("rtspPort", rtspServer.boundPort())
                .withData("webrtcUdpPort", udp ? gateway.udpPort() : -1)
                .status(rtsp && udp)
                .build();
    }
}
