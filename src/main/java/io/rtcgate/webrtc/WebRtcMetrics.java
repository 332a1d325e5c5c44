package io.rtcgate.webrtc;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.rtcgate.media.SingleWriterCounter;
import io.rtcgate.transport.LatencyHistogram;
import io.rtcgate.transport.UdpMux;
import io.rtcgate.transport.UdpSendStats;
import io.rtcgate.webrtc.srtp.SrtpProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters of the WebRTC side, read from the existing counters when Prometheus scrapes {@code /q/metrics} (nothing
 * is added to the packet path except one {@link Timer#record} and one {@link LatencyHistogram#record} per flush for
 * {@value #LATENCY}):
 * <ul>
 * <li>per playing session ({@code rtcgate_session_*}, tags {@code stream}, {@code session}, {@code srtp_profile}):
 *     registered when DTLS is done and media flows, removed when the session ends, so the series count stays at most
 *     {@code rtcgate.webrtc.max-sessions};</li>
 * <li>totals over all sessions ever ({@code rtcgate_sessions_*}): the live sessions plus those that ended;</li>
 * <li>refusals and endings ({@code rtcgate_webrtc_*}), the UDP send side ({@code rtcgate_udp_*}) and the gateway latency
 *     histogram {@value #LATENCY}.</li>
 * </ul>
 * Meter names and meanings are listed in README ("Metrics").
 */
@ApplicationScoped
public class WebRtcMetrics {
    /** Micrometer name of the ingest-read-to-sendmmsg latency; Prometheus shows {@code rtcgate_gateway_latency_seconds}. */
    public static final String LATENCY = "rtcgate.gateway.latency";
    /** RTP clock of the video track, for converting the RTCP jitter of receiver reports to seconds. */
    private static final double VIDEO_CLOCK_RATE = 90_000;

    /** The per-session counters that also have a total: Micrometer name suffix, unit, reader. */
    private record SessionCounter(String name, String unit, String description, Function<ViewerStats, SingleWriterCounter> counter) {
    }

    private static final List<SessionCounter> SESSION_COUNTERS = List.of(
            new SessionCounter("sent.packets", null, "SRTP packets sent to the viewer", s -> s.packetsSent),
            new SessionCounter("sent.bytes", "bytes", "SRTP bytes sent to the viewer", s -> s.bytesSent),
            new SessionCounter("nacks", null, "generic NACKs received (RFC 4585 6.2.1)", s -> s.nacks),
            new SessionCounter("nacks.served", null, "packets retransmitted in answer to NACKs", s -> s.nacksServed),
            new SessionCounter("plis", null, "picture loss indications received (RFC 4585 6.3.1)", s -> s.plis),
            new SessionCounter("firs", null, "full intra requests received (RFC 5104 4.3.1)", s -> s.firs),
            new SessionCounter("srtp.errors", null, "packets that could not be protected", s -> s.srtpErrors));

    @Inject
    MeterRegistry registry;
    @Inject
    WebRtcGateway gateway;

    /** The meters of each playing session. */
    private final Map<ViewerSession, List<Meter>> sessionMeters = new ConcurrentHashMap<>();
    /** Counters of sessions that ended, so the totals never go down; guarded by {@code this}, like the sums. */
    private final long[] retired = new long[SESSION_COUNTERS.size()];
    private Timer latency;
    /** The same latencies as {@link #latency} in fixed buckets, for {@code /v1/diagnostics} (the benchmark diffs it). */
    private final LatencyHistogram latencyHistogram = new LatencyHistogram();

    void onStart(@Observes @jakarta.annotation.Priority(3000) StartupEvent event) {
        bindTotals();
        bindRefusals();
        bindUdp();
        latency = latencyTimer(registry);
        Timer timer = latency;
        LatencyHistogram histogram = latencyHistogram;
        UdpMux mux = gateway.mux();
        if (mux != null) {
            mux.flushLatencyRecorder(nanos -> {
                timer.record(nanos, TimeUnit.NANOSECONDS);
                histogram.record(nanos);
            });
        }
        gateway.watchSessions(this::onPlaying, this::onEnded);
        for (ViewerSession s : gateway.sessions()) {
            if (s.state() == ViewerSession.State.PLAYING) {
                onPlaying(s);
            }
        }
    }

    /**
     * The gateway latency timer: a Prometheus histogram (buckets from 10 µs to 1 s, for {@code histogram_quantile}) plus
     * the 0.5, 0.95 and 0.99 quantiles computed in the process. {@link Timer#record(long, TimeUnit)} on it does not allocate
     * in steady state (see WebRtcMetricsLatencyTimerTest).
     */
    static Timer latencyTimer(MeterRegistry registry) {
        return Timer.builder(LATENCY)
                .description("time from the ingest read cycle's first RTP packet to the datagrams it caused being handed to the "
                        + "kernel (sendmmsg), once per flush")
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.95, 0.99)
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
    }

    /** The latency timer (for tests and diagnostics). */
    public Timer latencyTimer() {
        return latency;
    }

    /** The gateway latencies in fixed log-scale buckets (see {@link LatencyHistogram}). */
    public LatencyHistogram latencyHistogram() {
        return latencyHistogram;
    }

    /** Series of the sessions playing now (for tests: per-session meters come and go with the sessions). */
    public int sessionsWithMeters() {
        return sessionMeters.size();
    }

    private void onPlaying(ViewerSession session) {
        SrtpProfile profile = session.profile();
        Tags tags = Tags.of("stream", session.egress.stream().name(), "session", session.id, "srtp_profile",
                profile == null ? "none" : profile.webrtcStatsName());
        ViewerStats stats = session.stats();
        List<Meter> meters = new ArrayList<>();
        for (SessionCounter c : SESSION_COUNTERS) {
            SingleWriterCounter counter = c.counter().apply(stats);
            meters.add(FunctionCounter.builder("rtcgate.session." + c.name(), counter, SingleWriterCounter::get)
                    .baseUnit(c.unit()).description(c.description()).tags(tags).register(registry));
        }
        meters.add(Gauge.builder("rtcgate.session.rtcp.fraction.lost", stats, s -> s.fractionLost.get() / 256.0)
                .description("fraction of video packets lost, from the viewer's last RTCP receiver report (RFC 3550 6.4.1)")
                .tags(tags).register(registry));
        meters.add(Gauge.builder("rtcgate.session.rtcp.lost", stats, s -> s.cumulativeLost.get()).baseUnit("packets")
                .description("cumulative video packets lost, from the viewer's last receiver report").tags(tags).register(registry));
        meters.add(Gauge.builder("rtcgate.session.rtcp.jitter", stats, s -> s.jitter.get() / VIDEO_CLOCK_RATE).baseUnit("seconds")
                .description("video interarrival jitter, from the viewer's last receiver report").tags(tags).register(registry));
        meters.add(Gauge.builder("rtcgate.session.rtt", stats, s -> s.rttMicros.get() / 1e6).baseUnit("seconds")
                .description("round-trip time from the viewer's last receiver report (RFC 3550 6.4.1 LSR/DLSR)").tags(tags)
                .register(registry));
        synchronized (this) {
            sessionMeters.put(session, meters);
        }
    }

    private void onEnded(ViewerSession session) {
        List<Meter> meters;
        synchronized (this) {
            meters = sessionMeters.remove(session);
            if (meters == null) {
                return; // never played
            }
            ViewerStats stats = session.stats();
            for (int i = 0; i < retired.length; i++) {
                retired[i] += SESSION_COUNTERS.get(i).counter().apply(stats).get();
            }
        }
        meters.forEach(registry::remove);
    }

    private synchronized double total(int counterIndex) {
        long sum = retired[counterIndex];
        Function<ViewerStats, SingleWriterCounter> reader = SESSION_COUNTERS.get(counterIndex).counter();
        for (ViewerSession s : sessionMeters.keySet()) {
            sum += reader.apply(s.stats()).get();
        }
        return sum;
    }

    private double worst(ToDoubleFunction<ViewerStats> value) {
        double max = 0;
        for (ViewerSession s : sessionMeters.keySet()) {
            max = Math.max(max, value.applyAsDouble(s.stats()));
        }
        return max;
    }

    private void bindTotals() {
        for (int i = 0; i < SESSION_COUNTERS.size(); i++) {
            SessionCounter c = SESSION_COUNTERS.get(i);
            int index = i;
            FunctionCounter.builder("rtcgate.sessions." + c.name(), this, m -> m.total(index)).baseUnit(c.unit())
                    .description(c.description() + ", all sessions").register(registry);
        }
        Gauge.builder("rtcgate.sessions.playing", sessionMeters, Map::size).description("sessions playing now")
                .register(registry);
        Gauge.builder("rtcgate.sessions.rtcp.fraction.lost.max", this, m -> m.worst(s -> s.fractionLost.get() / 256.0))
                .description("highest fraction lost reported by any playing viewer").register(registry);
        Gauge.builder("rtcgate.sessions.rtcp.jitter.max", this, m -> m.worst(s -> s.jitter.get() / VIDEO_CLOCK_RATE))
                .baseUnit("seconds").description("highest jitter reported by any playing viewer").register(registry);
        for (SrtpProfile p : SrtpProfile.values()) {
            FunctionCounter.builder("rtcgate.sessions.srtp.profile", gateway.stats(), st -> st.profileCount(p))
                    .tag("srtp_profile", p.webrtcStatsName())
                    .description("sessions that negotiated this SRTP protection profile (RFC 5764 4.1.2)").register(registry);
        }
    }

    private void bindRefusals() {
        WebRtcStats st = gateway.stats();
        counter("rtcgate.webrtc.offers", st, WebRtcStats::offers, "WHEP offers received");
        counter("rtcgate.webrtc.sessions.started", st, WebRtcStats::playing, "sessions that reached media (DTLS done)");
        counter("rtcgate.webrtc.sessions.closed", st, WebRtcStats::closed, "sessions ended, for any reason");
        refused("limit", st, WebRtcStats::sessionsRefusedLimit,
                "offer refused: rtcgate.webrtc.max-sessions or max-sessions-per-stream reached (HTTP 503)");
        refused("unauthorized", st, WebRtcStats::readersUnauthorized, "reader without valid credentials (401)");
        refused("rate_limited", st, WebRtcStats::offersRateLimited, "too many offers per second from one address (429)");
        refused("too_large", st, WebRtcStats::offersTooLarge, "offer over the size limit (413)");
        refused("draining", st, WebRtcStats::sessionsRefusedDraining, "offer refused while draining after SIGTERM (503)");
        refused("offer_rejected", st, WebRtcStats::offersRejected, "offer refused: unusable SDP (no H.264, no ICE, no fingerprint)");
        refused("dtls_refused", st, WebRtcStats::dtlsRefused, "DTLS handshake could not start (too many handshakes)");
        refused("dtls_failed", st, WebRtcStats::dtlsFailed, "DTLS handshake failed (bad fingerprint, timeout, alert)");
        refused("dtls_not_started", st, WebRtcStats::dtlsNotStarted, "no DTLS handshake began in time after the answer");
        refused("consent_expired", st, WebRtcStats::consentExpired,
                "session dropped: no ICE consent (STUN) from the viewer within rtcgate.webrtc.consent-timeout");
        counter("rtcgate.webrtc.srtcp.rejected", st, WebRtcStats::srtcpRejected, "SRTCP packets from viewers that failed authentication");
        counter("rtcgate.webrtc.unknown.datagrams", st, WebRtcStats::unknownDatagrams,
                "datagrams on the WebRTC port from no known session (dropped)");
    }

    private void bindUdp() {
        counter("rtcgate.udp.datagrams", this, m -> sendStat(UdpSendStats::datagrams), "UDP datagrams sent (GSO segments count one each)");
        counter("rtcgate.udp.sends", this, m -> sendStat(UdpSendStats::sends), "send calls (sendmmsg with epoll)");
        counter("rtcgate.udp.send.errors", this, m -> sendStat(UdpSendStats::sendErrors), "failed writes and socket errors");
        counter("rtcgate.udp.gso.sends", this, m -> sendStat(UdpSendStats::gsoSends), "GSO runs sent as one segmented datagram");
        for (int i = 0; i < UdpSendStats.BUCKET_LABELS.length; i++) {
            int bucket = i;
            FunctionCounter.builder("rtcgate.udp.sends.by.datagrams", this, m -> {
                UdpSendStats s = gateway.sendStats();
                return s == null ? 0 : s.histogram()[bucket];
            }).tag("datagrams", UdpSendStats.BUCKET_LABELS[i])
                    .description("send calls by the number of datagrams they carried").register(registry);
        }
        Gauge.builder("rtcgate.udp.datagrams.per.send", this, m -> {
            UdpSendStats s = gateway.sendStats();
            return s == null ? 0 : s.datagramsPerSend();
        }).description("datagrams per send call since start (the batching the kernel sees)").register(registry);
    }

    private double sendStat(ToDoubleFunction<UdpSendStats> value) {
        UdpSendStats s = gateway.sendStats();
        return s == null ? 0 : value.applyAsDouble(s);
    }

    private <T> void counter(String name, T obj, ToDoubleFunction<T> value, String description) {
        FunctionCounter.builder(name, obj, value).description(description).register(registry);
    }

    /** One reason of {@code rtcgate_webrtc_sessions_refused_total}; {@code meaning} is what README says about it. */
    private void refused(String reason, WebRtcStats st, ToDoubleFunction<WebRtcStats> value, String meaning) {
        FunctionCounter.builder("rtcgate.webrtc.sessions.refused", st, value).tag("reason", reason)
                .description("sessions refused or dropped before or while playing, by reason").register(registry);
    }
}
