package io.rtcgate.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration of the gateway, under the prefix {@code rtcgate}. Every key can also be given as an environment
 * variable in SmallRye's form: upper case, every non-alphanumeric character replaced by '_' (for example
 * {@code RTCGATE_STREAMS_CAM1_SOURCE=rtsp://...} defines stream {@code cam1}). Defaults are the embedded config: RTSP on 8554
 * accepting a publisher on any path, HTTP on 8889 (Quarkus' {@code quarkus.http.port}).
 */
@ConfigMapping(prefix = "rtcgate")
public interface GatewayConfig {

    /** Streams by name. A name is {@code [A-Za-z0-9_-]{1,64}} and not one the HTTP API uses. */
    Map<String, StreamConfig> streams();

    Rtsp rtsp();

    Limits limits();

    /** Event loop threads for all media I/O; 0 means one per core. */
    @WithDefault("0")
    int eventLoopThreads();

    interface StreamConfig {
        /** {@code rtsp://[user:pass@]host[:port]/path} to pull from a camera, or {@code publisher}. */
        String source();

        /** How a pulled stream's RTP travels. */
        @WithDefault("auto")
        IngestTransport transport();

        /** Pull only while someone reads. */
        @WithDefault("false")
        boolean onDemand();
    }

    interface Rtsp {
        @WithDefault("8554")
        int port();

        /** Address the RTSP server binds to. */
        @WithDefault("0.0.0.0")
        String host();

        /** Accept a publisher on any path name that is not a configured pulled stream. */
        @WithDefault("true")
        boolean acceptAnyPath();

        /** What a second publisher to a live name meets: {@code refuse} (it gets 455... see RtspPublishServer) or {@code replace} (the old one is closed). */
        @WithDefault("refuse")
        PublisherConflict secondPublisher();

        /** Credentials a publisher must present (Basic or Digest); none by default. */
        Optional<String> publishUser();

        Optional<String> publishPassword();

        /** Connect, response and read-idle timeout of the RTSP client. */
        @WithDefault("10s")
        Duration timeout();

        /** With transport {@code auto}: switch to TCP after this long without a UDP packet. */
        @WithDefault("3s")
        Duration udpFallbackAfter();

        /** Interval of RTCP receiver reports sent to cameras. */
        @WithDefault("5s")
        Duration receiverReportInterval();

        Reconnect reconnect();

        /** How long an on-demand stream keeps pulling after its last reader left. */
        @WithDefault("10s")
        Duration onDemandLinger();
    }

    interface Reconnect {
        @WithDefault("1s")
        Duration initialDelay();

        @WithDefault("30s")
        Duration maxDelay();

        /** Share of the delay drawn at random, 0..1 (full jitter is 1). */
        @WithDefault("0.3")
        double jitter();
    }

    interface Limits {
        /** Largest H.264 access unit; larger ones are dropped and counted. */
        @WithDefault("8388608")
        int maxAccessUnitBytes();

        /** Largest RTSP header block in bytes. */
        @WithDefault("16384")
        int maxRtspHeaderBytes();

        /** Largest RTSP message body (SDP) in bytes. */
        @WithDefault("65536")
        int maxRtspBodyBytes();

        /** Most RTSP server connections open at once. */
        @WithDefault("512")
        int maxRtspConnections();

        /** Most streams, configured and published. */
        @WithDefault("1024")
        int maxStreams();
    }

    enum IngestTransport {
        TCP, UDP, AUTO
    }

    enum PublisherConflict {
        REFUSE, REPLACE
    }
}
