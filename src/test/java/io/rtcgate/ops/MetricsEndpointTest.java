package io.rtcgate.ops;

import io.rtcgate.testsupport.Poll;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.testpeers.FfmpegPublisher;
import io.rtcgate.testpeers.JavaWhepViewer;
import io.rtcgate.testpeers.RtspTransport;
import io.rtcgate.testpeers.TestClips;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ffmpeg publishes over RTSP, a Java WHEP viewer (real ICE, DTLS, SRTP) plays, and {@code /q/metrics} carries every metric
 * README lists with values that match what happened: per stream and in total, per session (removed when it ends) and in
 * total, datagrams per send, the gateway latency histogram, refusals, and the JVM's CPU, memory, GC and threads.
 */
@QuarkusTest
@Timeout(120)
class MetricsEndpointTest {
    private static final String STREAM = "metricsdemo";

    @TestHTTPResource("/")
    URL base;

    @Inject
    RtspPublishServer rtsp;

    /** One sample line of the Prometheus text format: {@code name{k="v",...} value}. */
    record Sample(String name, String labels, double value) {
        boolean has(String label, String labelValue) {
            return labels.contains(label + "=\"" + labelValue + "\"");
        }
    }

    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            double value = Double.parseDouble(line.substring(space + 1));
            int brace = series.indexOf('{');
            samples.add(brace < 0 ? new Sample(series, "", value)
                    : new Sample(series.substring(0, brace), series.substring(brace), value));
        }
        return samples;
    }

    private static List<Sample> scrape() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return parse(text);
    }

    /** The value of the one sample of {@code name} whose labels include all {@code label=value} pairs; null if none. */
    private static Double value(List<Sample> samples, String name, String... labelPairs) {
        Double found = null;
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labelPairs.length; i += 2) {
                all &= s.has(labelPairs[i], labelPairs[i + 1]);
            }
            if (all) {
                assertNull(found, "more than one series " + name + " " + List.of(labelPairs));
                found = s.value();
            }
        }
        return found;
    }

    private static double present(List<Sample> samples, String name, String... labelPairs) {
        Double v = value(samples, name, labelPairs);
        assertNotNull(v, "missing in /q/metrics: " + name + " " + List.of(labelPairs));
        return v;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Poll.await(what, Duration.ofSeconds(20), condition);
    }

    @Test
    void everyMetricIsScrapedWithSensibleValues() throws Exception {
        URI publish = URI.create("rtsp://127.0.0.1:" + rtsp.boundPort() + "/" + STREAM);
        double streamPackets;
        try (FfmpegPublisher ffmpeg = FfmpegPublisher.start(TestClips.videoMkv(), publish, RtspTransport.TCP)) {
            await("stream online", () -> given().get("/v1/streams/" + STREAM).statusCode() == 200
                    && given().get("/v1/streams/" + STREAM).jsonPath().getBoolean("online"));
            try (JavaWhepViewer viewer = JavaWhepViewer.play(URI.create(base + STREAM + "/whep"), Duration.ofSeconds(10))) {
                // egress packets are cut at the WebRTC MTU, so the viewer may count more packets than came in
                await("video arrives", () -> viewer.videoPackets() > 100
                        && given().get("/v1/streams/" + STREAM).jsonPath().getLong("inboundPackets") > 100);
                viewer.send(viewer.protectRtcp(viewer.receiverReport()));
                viewer.send(viewer.protectRtcp(viewer.pictureLossIndication()));
                await("the PLI is counted", () -> {
                    Double plis = value(scrape(), "rtcgate_session_plis_total", "stream", STREAM);
                    return plis != null && plis >= 1;
                });
                List<Sample> before = scrape();
                List<Sample> m = scrape();

                // per stream
                streamPackets = present(m, "rtcgate_stream_inbound_packets_total", "stream", STREAM);
                assertTrue(streamPackets > 100, "stream inbound packets: " + streamPackets);
                double streamBytes = present(m, "rtcgate_stream_inbound_bytes_total", "stream", STREAM);
                assertTrue(streamBytes > 100 * 12, "bytes: " + streamBytes);
                assertEquals(0, present(m, "rtcgate_stream_inbound_lost_packets_total", "stream", STREAM), "loopback loses nothing");
                assertTrue(present(m, "rtcgate_stream_inbound_jitter_seconds", "stream", STREAM) >= 0);
                assertTrue(present(m, "rtcgate_stream_access_units_total", "stream", STREAM) > 5);
                assertTrue(present(m, "rtcgate_stream_keyframes_total", "stream", STREAM) >= 1);
                assertEquals(1, present(m, "rtcgate_stream_readers", "stream", STREAM));
                assertEquals(1, present(m, "rtcgate_stream_online", "stream", STREAM));
                present(m, "rtcgate_stream_inbound_malformed_packets_total", "stream", STREAM);
                present(m, "rtcgate_stream_dropped_access_units_total", "stream", STREAM);
                present(m, "rtcgate_stream_fps", "stream", STREAM);
                present(m, "rtcgate_stream_bitrate", "stream", STREAM);
                // totals cover this stream at least (read from a later scrape: within one, meters are read one by one
                // while packets keep coming)
                List<Sample> later = scrape();
                assertTrue(present(later, "rtcgate_streams_inbound_packets_total")
                        >= present(m, "rtcgate_stream_inbound_packets_total", "stream", STREAM));
                assertTrue(present(later, "rtcgate_streams_inbound_bytes_total") >= streamBytes);
                present(m, "rtcgate_streams_inbound_lost_packets_total");
                present(m, "rtcgate_streams_access_units_total");
                present(m, "rtcgate_streams_keyframes_total");
                present(m, "rtcgate_streams_inbound_jitter_max_seconds");
                assertTrue(present(m, "rtcgate_streams_readers") >= 1);
                assertTrue(present(m, "rtcgate_streams_online") >= 1);
                assertTrue(present(m, "rtcgate_streams_known") >= 1);

                // per session, tagged with the negotiated SRTP profile
                Sample sent = m.stream().filter(s -> s.name().equals("rtcgate_session_sent_packets_total") && s.has("stream", STREAM))
                        .findFirst().orElseThrow(() -> new AssertionError("no rtcgate_session_sent_packets_total"));
                String sessionId = viewer.sessionId();
                assertTrue(sent.has("session", sessionId), sent.labels());
                assertTrue(sent.has("srtp_profile", "AEAD_AES_128_GCM") || sent.has("srtp_profile", "AEAD_AES_256_GCM")
                        || sent.has("srtp_profile", "AES_CM_128_HMAC_SHA1_80"), sent.labels());
                assertTrue(sent.value() > 100, "session sent packets: " + sent.value());
                assertTrue(present(m, "rtcgate_session_sent_bytes_total", "session", sessionId) > sent.value() * 12);
                assertTrue(present(m, "rtcgate_session_plis_total", "session", sessionId) >= 1);
                present(m, "rtcgate_session_nacks_total", "session", sessionId);
                present(m, "rtcgate_session_nacks_served_total", "session", sessionId);
                present(m, "rtcgate_session_firs_total", "session", sessionId);
                present(m, "rtcgate_session_srtp_errors_total", "session", sessionId);
                assertEquals(0, present(m, "rtcgate_session_rtcp_fraction_lost", "session", sessionId));
                present(m, "rtcgate_session_rtcp_lost_packets", "session", sessionId);
                present(m, "rtcgate_session_rtcp_jitter_seconds", "session", sessionId);
                present(m, "rtcgate_session_rtt_seconds", "session", sessionId);
                // totals
                assertTrue(present(later, "rtcgate_sessions_sent_packets_total") >= sent.value());
                present(m, "rtcgate_sessions_sent_bytes_total");
                assertTrue(present(m, "rtcgate_sessions_plis_total") >= 1);
                present(m, "rtcgate_sessions_nacks_served_total");
                assertTrue(present(m, "rtcgate_sessions_playing") >= 1);
                present(m, "rtcgate_sessions_rtcp_fraction_lost_max");
                present(m, "rtcgate_sessions_rtcp_jitter_max_seconds");
                double profiles = 0;
                for (String p : List.of("AEAD_AES_128_GCM", "AEAD_AES_256_GCM", "AES_CM_128_HMAC_SHA1_80")) {
                    profiles += present(m, "rtcgate_sessions_srtp_profile_total", "srtp_profile", p);
                }
                assertTrue(profiles >= 1);

                // UDP send side: datagrams per send call
                // (sends keep happening while one scrape reads its meters one by one, so each figure of this scrape
                // is checked against the scrape before and the one after it)
                double sends = present(m, "rtcgate_udp_sends_total");
                double sendsBefore = present(before, "rtcgate_udp_sends_total");
                double sendsLater = present(later, "rtcgate_udp_sends_total");
                double datagramsLater = present(later, "rtcgate_udp_datagrams_total");
                assertTrue(sends > 0 && datagramsLater >= sends, datagramsLater + " datagrams in " + sends + " sends");
                double byBucket = 0;
                for (String bucket : io.rtcgate.transport.UdpSendStats.BUCKET_LABELS) {
                    byBucket += present(m, "rtcgate_udp_sends_by_datagrams_total", "datagrams", bucket);
                }
                assertTrue(byBucket >= sendsBefore && byBucket <= sendsLater,
                        "every send is in one bucket: " + byBucket + " by bucket, sends " + sendsBefore + " before and "
                                + sendsLater + " after");
                assertTrue(present(m, "rtcgate_udp_datagrams_per_send") >= 1);
                present(m, "rtcgate_udp_send_errors_total");
                present(m, "rtcgate_udp_gso_sends_total");

                // gateway latency: histogram buckets, count, quantiles
                double count = present(m, "rtcgate_gateway_latency_seconds_count");
                assertTrue(count > 0, "latency samples");
                assertEquals(count, present(m, "rtcgate_gateway_latency_seconds_bucket", "le", "+Inf"));
                assertTrue(m.stream().filter(s -> s.name().equals("rtcgate_gateway_latency_seconds_bucket")).count() > 10);
                double p95 = present(m, "rtcgate_gateway_latency_seconds", "quantile", "0.95");
                assertTrue(p95 > 0 && p95 < 1, "P95 latency on loopback: " + p95);
                assertTrue(present(m, "rtcgate_gateway_latency_seconds_sum") > 0);

                // refusals and why
                for (String reason : List.of("limit", "offer_rejected", "dtls_refused", "dtls_failed", "dtls_not_started",
                        "consent_expired")) {
                    present(m, "rtcgate_webrtc_sessions_refused_total", "reason", reason);
                }
                assertTrue(present(m, "rtcgate_webrtc_offers_total") >= 1);
                assertTrue(present(m, "rtcgate_webrtc_sessions_started_total") >= 1);
                present(m, "rtcgate_webrtc_sessions_closed_total");
                present(m, "rtcgate_webrtc_srtcp_rejected_total");
                present(m, "rtcgate_webrtc_unknown_datagrams_total");
                assertTrue(present(m, "rtcgate_rtsp_connections_total") >= 1);
                assertTrue(present(m, "rtcgate_rtsp_open_connections") >= 1);
                present(m, "rtcgate_rtsp_connections_refused_total");
                present(m, "rtcgate_rtsp_auth_failures_total");
                present(m, "rtcgate_rtsp_publishers_refused_total");
                present(m, "rtcgate_rtsp_malformed_requests_total");
                present(m, "rtcgate_rtsp_idle_timeouts_total");
                present(m, "rtcgate_ingest_connect_attempts_total");
                present(m, "rtcgate_ingest_sessions_failed_total");
                present(m, "rtcgate_ingest_auth_failures_total");
                present(m, "rtcgate_ingest_malformed_responses_total");
                present(m, "rtcgate_ingest_udp_fallbacks_total");

                // the JVM: CPU, memory, GC, threads
                present(m, "process_cpu_usage");
                present(m, "system_cpu_usage");
                assertTrue(m.stream().anyMatch(s -> s.name().equals("jvm_memory_used_bytes") && s.has("area", "heap") && s.value() > 0),
                        "heap memory used");
                assertTrue(m.stream().anyMatch(s -> s.name().startsWith("jvm_gc_")), "GC metrics");
                assertTrue(present(m, "jvm_threads_live_threads") > 1);

                // the session's series go with it (cardinality stays bounded); the totals keep what it sent
                assertEquals(200, viewer.delete());
                await("per-session meters removed",
                        () -> value(scrape(), "rtcgate_session_sent_packets_total", "session", sessionId) == null);
                assertTrue(present(scrape(), "rtcgate_sessions_sent_packets_total") >= sent.value(),
                        "the total keeps the ended session's packets");
            }
        }
        // a stream a publisher created goes when the publisher and its viewers have left: so do its series, not its counts
        await("per-stream meters removed with the stream",
                () -> value(scrape(), "rtcgate_stream_inbound_packets_total", "stream", STREAM) == null);
        assertTrue(present(scrape(), "rtcgate_streams_inbound_packets_total") >= streamPackets,
                "the total keeps the removed stream's packets");
    }

    @Test
    void parserReadsPrometheusText() {
        List<Sample> samples = parse("# HELP x y\n# TYPE x counter\nx_total{a=\"1\",b=\"two\",} 12.0\nplain 3.5\n");
        assertEquals(12.0, value(samples, "x_total", "b", "two"));
        assertEquals(3.5, value(samples, "plain"));
        assertNull(value(samples, "x_total", "a", "2"));
    }
}
