package io.rtcgate.webrtc;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /v1/sessions}: every WHEP viewer with its state, SRTP profile, what was sent, and what its RTCP receiver
 * reports and feedback said (loss fraction, cumulative loss, jitter, RTT, NACKs, PLIs, FIRs).
 */
@Path("/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    @Inject
    WebRtcGateway gateway;

    @Inject
    io.rtcgate.ops.GatewayConfig config;

    public record SessionView(String id, String stream, String state, String remote, String srtpProfile, long packetsSent,
            long bytesSent, long reportsSent, long rtcpReceived, long srtcpRejected, double lossFraction, long cumulativeLost,
            double jitterMs, double rttMs, long nacks, long nacksServed, long nackMisses, long plis, long firs, long gopReplays) {

        static SessionView of(ViewerSession s) {
            ViewerStats st = s.stats();
            var profile = s.profile();
            return new SessionView(s.id, s.egress.stream().name(), s.state().name().toLowerCase(java.util.Locale.ROOT),
                    s.remote() == null ? null : s.remote().toString(), profile == null ? null : profile.webrtcStatsName(),
                    st.packetsSent.get(), st.bytesSent.get(), st.reportsSent.get(), st.rtcpReceived.get(),
                    st.srtcpRejected.get(), st.fractionLost.get() / 256.0, st.cumulativeLost.get(),
                    st.jitter.get() / 90.0, st.rttMicros.get() / 1000.0, st.nacks.get(), st.nacksServed.get(),
                    st.nackMisses.get(), st.plis.get(), st.firs.get(), st.gopReplays.get());
        }
    }

    /**
     * 404 when {@code rtcgate.diagnostics.enabled} is false (the prod profile): the list carries session ids, and a
     * session id is what WHEP {@code DELETE}/{@code PATCH} take as proof of ownership.
     */
    @GET
    public jakarta.ws.rs.core.Response get() {
        if (!config.diagnostics().enabled()) {
            return jakarta.ws.rs.core.Response.status(jakarta.ws.rs.core.Response.Status.NOT_FOUND)
                    .type(MediaType.TEXT_PLAIN).entity("session list is off (rtcgate.diagnostics.enabled=false)\n").build();
        }
        return jakarta.ws.rs.core.Response.ok(list()).build();
    }

    public List<SessionView> list() {
        return gateway.sessions().stream().map(SessionView::of).sorted(Comparator.comparing(SessionView::stream))
                .toList();
    }
}
