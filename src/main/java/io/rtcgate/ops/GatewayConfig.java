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

    WebRtc webrtc();

    Limits limits();

    Transport transport();

    /** Credentials WHEP viewers and the player page must present, for every stream without its own. */
    Readers readers();

    Diagnostics diagnostics();

    /** A/B switches of the cost strategies, for the benchmark; the defaults are the fast choices. */
    Tuning tuning();

    /** Event loop threads for all media I/O; 0 means one per core. */
    @WithDefault("0")
    int eventLoopThreads();

    /**
     * After SIGTERM: how long viewers and RTSP publishers may keep flowing (readiness down, new WHEP offers refused with
     * 503) before their sessions are closed and the process exits 0. A second SIGTERM ends the drain at once.
     */
    @WithDefault("30s")
    Duration drainTimeout();

    /** Whether SIGTERM starts a drain (see {@link #drainTimeout()}); false leaves SIGTERM to the JVM (immediate shutdown). */
    @WithDefault("true")
    boolean drainOnSigterm();

    /**
     * Share (0 to 1) of the always-on pulled streams (configured camera URLs, not on-demand) that must be online for
     * readiness; 0 means readiness does not depend on cameras.
     */
    @WithDefault("0")
    double readyMinOnlineShare();

    interface StreamConfig {
        /** {@code rtsp://[user:pass@]host[:port]/path} to pull from a camera, or {@code publisher}. */
        String source();

        /** How a pulled stream's RTP travels. */
        @WithDefault("auto")
        IngestTransport transport();

        /** Pull only while someone reads. */
        @WithDefault("false")
        boolean onDemand();

        /** This stream's reader credentials (HTTP Basic user and password); they replace {@code rtcgate.readers.*}. */
        Optional<String> readUser();

        Optional<String> readPassword();

        /** This stream's reader bearer token; replaces {@code rtcgate.readers.*}. */
        Optional<String> readToken();
    }

    /**
     * Reader credentials: HTTP Basic ({@code user} + {@code password}) and/or a bearer {@code token}. With none set, reading
     * is open. Never logged, never shown by the API.
     */
    interface Readers {
        Optional<String> user();

        Optional<String> password();

        Optional<String> token();
    }

    interface Diagnostics {
        /** {@code GET /v1/diagnostics} and {@code GET /v1/sessions}; off in the prod profile (they answer 404). */
        @WithDefault("true")
        boolean enabled();
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

    interface WebRtc {
        /** The one UDP port for ICE, DTLS and SRTP of every viewer. */
        @WithDefault("8189")
        int udpPort();

        /** Address the UDP port binds to. */
        @WithDefault("0.0.0.0")
        String udpHost();

        /**
         * Addresses advertised as host candidates (public or NAT 1:1 addresses); empty means the machine's own interface
         * addresses (loopback included only when nothing else is up, or when bound to 127.0.0.1).
         */
        Optional<java.util.List<String>> hosts();

        /** SRTP protection profiles in order of preference; the DTLS server (us) picks the first the browser offers. */
        @WithDefault("AEAD_AES_128_GCM,AEAD_AES_256_GCM,AES_CM_128_HMAC_SHA1_80")
        java.util.List<String> srtpProfiles();

        /** A viewer that stops sending ICE checks is dropped after this long (RFC 7675 consent freshness). */
        @WithDefault("30s")
        Duration consentTimeout();

        /** DTLS handshake timeout; the handshake runs on a small bounded thread pool, not on the event loops. */
        @WithDefault("10s")
        Duration dtlsTimeout();

        @WithDefault("2")
        int dtlsThreads();

        /** Most viewers in total and per stream; beyond them WHEP answers 503 with Retry-After. */
        @WithDefault("1000")
        int maxSessions();

        @WithDefault("500")
        int maxSessionsPerStream();

        /** WHEP offers per second from one client address (token bucket, burst of the same size); beyond: 429. 0 = no limit. */
        @WithDefault("5")
        int maxOffersPerSecondPerClient();

        /**
         * Hard bound of the per-stream history of sent video packets, shared by all viewers, for NACK and the GOP cache (a
         * power of two). It must hold a whole GOP for the instant start: 512 packets is about 5 s at 1 Mbit/s; raise it
         * for cameras with long GOPs or high bitrates. The history normally holds less: see {@link #nackHistoryPackets()}.
         */
        @WithDefault("512")
        int historyPackets();

        /** Byte bound of that history: the most direct memory one stream's history holds. */
        @WithDefault("2097152")
        int historyBytes();

        /**
         * The newest packets kept for NACKs even when older than the current GOP (16..history-packets); nothing older than
         * both is kept. 128 is about 1.2 s at 1 Mbit/s; libwebrtc asks for a lost packet at most 10 times, one round trip
         * apart (about 1 s at the 100 ms it assumes before it has measured the round trip).
         */
        @WithDefault("128")
        int nackHistoryPackets();

        /** Largest RTP payload of a video packet (keeps SRTP datagrams under a 1280-byte IPv6 MTU path). */
        @WithDefault("1188")
        int maxPayload();

        /**
         * UDP GSO for runs of equal-size packets to one viewer (epoll and a kernel with UDP_SEGMENT; where the kernel
         * refuses it with EIO, the gateway falls back to one datagram each by itself).
         */
        @WithDefault("true")
        boolean gso();

        /** Least time between two keyframe resends answering PLI/FIR from one viewer. */
        @WithDefault("500ms")
        Duration pliMinInterval();
    }

    /**
     * One switch per cost strategy (ARCHITECTURE.md), so the benchmark can measure each against its "before". Every
     * default is the fast choice; false gives the slower behaviour the strategy replaced.
     */
    interface Tuning {
        /**
         * The datagrams written during one read cycle leave with one flush (one {@code sendmmsg} with epoll); false
         * flushes every datagram on its own, one send call each.
         */
        @WithDefault("true")
        boolean batching();

        /**
         * RTSP and RTP socket reads come from the pooled media allocator; false reads into unpooled direct buffers, one
         * new buffer per read.
         */
        @WithDefault("true")
        boolean pooledIngestBuffers();

        /**
         * The H.264 depacketizer keeps one assembly buffer per stream for every access unit; false allocates a fresh one
         * for each access unit and releases it after.
         */
        @WithDefault("true")
        boolean reuseNalBuffer();

        /**
         * Video is packetized once per stream and the same packets go to every viewer; false gives each viewer its own
         * copy of every packet, as a per-viewer forwarding server would.
         */
        @WithDefault("true")
        boolean packetizeOnce();
    }

    interface Transport {
        /** Native epoll (sendmmsg batching, SO_REUSEPORT, GSO) where it loads; false forces plain NIO everywhere. */
        @WithName("native")
        @WithDefault("true")
        boolean nativeTransport();
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
