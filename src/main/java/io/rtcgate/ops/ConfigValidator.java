package io.rtcgate.ops;

import io.quarkus.runtime.StartupEvent;
import io.rtcgate.ingest.rtsp.RtspProtocolException;
import io.rtcgate.ingest.rtsp.RtspUrl;
import io.rtcgate.stream.PacketHistory;
import io.rtcgate.stream.StreamName;
import io.rtcgate.webrtc.srtp.SrtpProfile;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * Checks the whole configuration once, at start-up, before any of rtcgate's sockets bind (its start-up observer has
 * priority 1; the RTSP server and the WebRTC port bind at the default priority). Every problem names its key; all of them
 * are reported together in one {@link InvalidConfigurationException}, which stops start-up.
 *
 * <p>What SmallRye itself rejects while building {@link GatewayConfig} (a value that is not a number, an unknown
 * {@code transport} or {@code second-publisher}) already stops start-up with a message naming the key
 * ({@code SRCFG00039: The config property rtcgate.streams.cam1.transport with the config value "x" threw ...}); this class
 * checks what types cannot: stream names and URLs, port ranges, SRTP profile names, limits, credential pairs.
 */
@ApplicationScoped
public class ConfigValidator {
    static final String PUBLISHER = "publisher";
    static final String HTTP_PORT = "quarkus.http.port";

    @Inject
    GatewayConfig config;
    @Inject
    Config rawConfig;

    /** Thrown when the configuration is invalid; the message lists every problem, each starting with its key. */
    public static final class InvalidConfigurationException extends IllegalStateException {
        private final List<String> problems;

        public InvalidConfigurationException(List<String> problems) {
            super("invalid rtcgate configuration: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        validate(config, rawConfig.getOptionalValue(HTTP_PORT, String.class));
    }

    /** Throws {@link InvalidConfigurationException} if {@link #problems} finds any. */
    public static void validate(GatewayConfig config, Optional<String> httpPort) {
        List<String> problems = problems(config, httpPort);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /** Every problem of the configuration, each as {@code key: what is wrong}; empty when it is valid. */
    public static List<String> problems(GatewayConfig config, Optional<String> httpPort) {
        List<String> problems = new ArrayList<>();
        streams(config.streams(), problems);
        port("rtcgate.rtsp.port", config.rtsp().port(), problems);
        port("rtcgate.webrtc.udp-port", config.webrtc().udpPort(), problems);
        httpPort.ifPresent(text -> {
            try {
                port(HTTP_PORT, Integer.parseInt(text.trim()), problems);
            } catch (NumberFormatException e) {
                problems.add(HTTP_PORT + ": '" + text + "' is not a port number (0..65535)");
            }
        });
        srtpProfiles(config.webrtc().srtpProfiles(), problems);
        GatewayConfig.WebRtc web = config.webrtc();
        atLeast("rtcgate.webrtc.max-sessions", web.maxSessions(), 1, problems);
        atLeast("rtcgate.webrtc.max-sessions-per-stream", web.maxSessionsPerStream(), 1, problems);
        atLeast("rtcgate.webrtc.max-offers-per-second-per-client", web.maxOffersPerSecondPerClient(), 0, problems);
        nackWindow(web.historyPackets(), web.nackHistoryPackets(), problems);
        atLeast("rtcgate.limits.max-rtsp-connections", config.limits().maxRtspConnections(), 1, problems);
        atLeast("rtcgate.limits.max-streams", config.limits().maxStreams(), 1, problems);
        atLeast("rtcgate.limits.max-rtsp-header-bytes", config.limits().maxRtspHeaderBytes(), 256, problems);
        atLeast("rtcgate.limits.max-rtsp-body-bytes", config.limits().maxRtspBodyBytes(), 256, problems);
        GatewayConfig.Readers readers = config.readers();
        credentials("rtcgate.readers.", "user", "password", "token", readers.user(), readers.password(), readers.token(),
                problems);
        return problems;
    }

    private static void streams(Map<String, GatewayConfig.StreamConfig> streams, List<String> problems) {
        Map<String, String> lowerCaseNames = new TreeMap<>();
        streams.forEach((name, stream) -> {
            String key = "rtcgate.streams." + name;
            String nameProblem = StreamName.problem(name);
            if (nameProblem != null) {
                problems.add(key + ": " + nameProblem);
                return;
            }
            String clash = lowerCaseNames.put(name.toLowerCase(Locale.ROOT), name);
            if (clash != null) {
                problems.add(key + ": stream '" + name + "' and '" + clash
                        + "' differ only in case (also their environment form)");
                return;
            }
            String source = stream.source().trim();
            if (!PUBLISHER.equalsIgnoreCase(source)) {
                try {
                    RtspUrl.parse(source);
                } catch (RtspProtocolException e) {
                    problems.add(key + ".source: " + e.getMessage()
                            + " (expected rtsp://[user:pass@]host[:port]/path or 'publisher')");
                }
            }
            credentials(key + ".", "read-user", "read-password", "read-token", stream.readUser(), stream.readPassword(),
                    stream.readToken(), problems);
        });
    }

    private static void port(String key, int port, List<String> problems) {
        if (port < 0 || port > 65535) {
            problems.add(key + ": " + port + " is not a port (0..65535; 0 lets the system choose)");
        }
    }

    private static void atLeast(String key, int value, int least, List<String> problems) {
        if (value < least) {
            problems.add(key + ": " + value + " is below " + least);
        }
    }

    private static void nackWindow(int historyPackets, int nackHistoryPackets, List<String> problems) {
        String key = "rtcgate.webrtc.nack-history-packets";
        atLeast(key, nackHistoryPackets, PacketHistory.MIN_NACK_WINDOW, problems);
        if (nackHistoryPackets > historyPackets) {
            problems.add(key + ": " + nackHistoryPackets + " is above rtcgate.webrtc.history-packets (" + historyPackets
                    + ")");
        }
    }

    private static void srtpProfiles(List<String> names, List<String> problems) {
        for (String name : names) {
            try {
                SrtpProfile.parse(name.trim());
            } catch (IllegalArgumentException e) {
                problems.add("rtcgate.webrtc.srtp-profiles: " + e.getMessage());
            }
        }
    }

    /** A user needs a password and the other way round; none may be blank. Values never appear in a message. */
    private static void credentials(String prefix, String userKey, String passwordKey, String tokenKey, Optional<String> user,
            Optional<String> password, Optional<String> token, List<String> problems) {
        if (user.isPresent() != password.isPresent()) {
            problems.add(prefix + (user.isPresent() ? passwordKey : userKey) + ": missing (" + prefix + userKey + " and "
                    + prefix + passwordKey + " go together)");
        }
        if (user.isPresent() && user.get().indexOf(':') >= 0) {
            problems.add(prefix + userKey + ": must not contain ':' (HTTP Basic, RFC 7617 §2)");
        }
        if (token.isPresent() && !token.get().matches("[A-Za-z0-9\\-._~+/]+=*")) {
            problems.add(prefix + tokenKey + ": not a bearer token (RFC 6750 §2.1 b64token characters)");
        }
    }
}
