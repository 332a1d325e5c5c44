package io.rtcgate.ops.health;

import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.ops.GatewayConfig;
import io.rtcgate.ops.GatewayDrain;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamOrigin;
import io.rtcgate.stream.StreamRegistry;
import io.rtcgate.webrtc.WebRtcGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: up when the RTSP port and the WebRTC UDP port are bound (the HTTP server is, since it answers),
 * at least {@code rtcgate.ready-min-online-share} of the always-on pulled streams (configured camera URLs, not on-demand)
 * are online, and the gateway is not draining. Publisher streams do not count: their publisher may well be waiting for
 * this instance to become ready.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    @Inject
    GatewayConfig config;
    @Inject
    StreamRegistry registry;
    @Inject
    WebRtcGateway gateway;
    @Inject
    RtspPublishServer rtspServer;
    @Inject
    GatewayDrain drain;

    @Override
    public HealthCheckResponse call() {
        int configured = 0;
        int alwaysOn = 0;
        int alwaysOnOnline = 0;
        int online = 0;
        for (Stream s : registry.unsorted()) {
            StreamOrigin origin = s.origin();
            configured += origin.configured() ? 1 : 0;
            online += s.online() ? 1 : 0;
            if (origin.kind() == StreamOrigin.Kind.PULL && !origin.onDemand()) {
                alwaysOn++;
                alwaysOnOnline += s.online() ? 1 : 0;
            }
        }
        double share = config.readyMinOnlineShare();
        boolean enoughOnline = alwaysOn == 0 || alwaysOnOnline >= Math.ceil(share * alwaysOn - 1e-9);
        boolean rtsp = rtspServer.listening();
        boolean udp = gateway.udpOpen();
        boolean draining = drain.draining();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("rtcgate-ready")
                .withData("http", "answering")
                .withData("rtspPort", rtspServer.boundPort())
                .withData("webrtcUdpOpen", udp)
                .withData("streamsConfigured", configured)
                .withData("streamsOnline", online)
                .withData("alwaysOnStreams", alwaysOn)
                .withData("alwaysOnStreamsOnline", alwaysOnOnline)
                .withData("minOnlineShare", Double.toString(share))
                .withData("sessions", gateway.sessions().size())
                .withData("draining", draining);
        StringBuilder why = new StringBuilder();
        if (draining) {
            why.append("draining for shutdown (").append(drain.drainingForMillis()).append(" ms); ");
        }
        if (!rtsp) {
            why.append("RTSP port not bound; ");
        }
        if (!udp) {
            why.append("WebRTC UDP port not bound; ");
        }
        if (!enoughOnline) {
            why.append(alwaysOnOnline).append(" of ").append(alwaysOn)
                    .append(" always-on streams online, rtcgate.ready-min-online-share=").append(share).append(" asks for ")
                    .append((int) Math.ceil(share * alwaysOn - 1e-9)).append("; ");
        }
        if (why.length() > 0) {
            return b.withData("reason", why.substring(0, why.length() - 2)).down().build();
        }
        return b.withData("reason", "ports bound, " + alwaysOnOnline + " of " + alwaysOn + " always-on streams online")
                .up().build();
    }
}
