package io.rtcgate.ingest;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rtcgate.ingest.rtsp.RtspProtocolException;
import io.rtcgate.ingest.rtsp.RtspUrl;
import io.rtcgate.ops.GatewayConfig;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamOrigin;
import io.rtcgate.stream.StreamRegistry;
import io.rtcgate.transport.MediaEventLoops;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Turns {@code rtcgate.streams.*} into streams at start-up: checks every definition (a bad one stops start-up with a
 * message naming its key), registers the streams and starts a {@link RtspPullSupervisor} for each camera, at once or, for
 * {@code on-demand} streams, while someone reads.
 */
@ApplicationScoped
public class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class);
    static final String PUBLISHER = "publisher";

    private final Map<String, RtspPullSupervisor> supervisors = new ConcurrentHashMap<>();
    private final IngestCounters counters = new IngestCounters();

    @Inject
    GatewayConfig config;
    @Inject
    StreamRegistry registry;
    @Inject
    MediaEventLoops loops;

    /** Runs after {@link io.rtcgate.ops.ConfigValidator} (priority 1) has refused any invalid stream definition. */
    void onStart(@Observes StartupEvent event) {
        Map<String, Definition> definitions = new TreeMap<>();
        config.streams().forEach((name, stream) -> {
            String source = stream.source().trim();
            if (PUBLISHER.equalsIgnoreCase(source)) {
                definitions.put(name, new Definition(name, null, stream));
                return;
            }
            try {
                definitions.put(name, new Definition(name, RtspUrl.parse(source), stream));
            } catch (RtspProtocolException e) {
                throw new IllegalStateException("rtcgate.streams." + name + ".source: " + e.getMessage(), e);
            }
        });
        for (Definition d : definitions.values()) {
            if (d.url == null) {
                registry.register(d.name, StreamOrigin.publisher(true));
                LOG.infof("stream %s waits for a publisher", d.name);
                continue;
            }
            Stream stream = registry.register(d.name, StreamOrigin.pull(d.url.redacted(), d.config.onDemand()));
            RtspPullSupervisor supervisor = new RtspPullSupervisor(stream, d.url, d.config.transport(), config, loops, counters);
            supervisors.put(d.name, supervisor);
            if (d.config.onDemand()) {
                long linger = config.rtsp().onDemandLinger().toMillis();
                stream.watchReaders(readers -> {
                    if (readers > 0) {
                        supervisor.start();
                    } else {
                        supervisor.stopAfter(linger);
                    }
                });
                LOG.infof("stream %s pulls %s on demand", d.name, d.url.redacted());
            } else {
                supervisor.start();
                LOG.infof("stream %s pulls %s (transport %s)", d.name, d.url.redacted(),
                        d.config.transport().name().toLowerCase(Locale.ROOT));
            }
        }
    }

    void onStop(@Observes @jakarta.annotation.Priority(50) ShutdownEvent event) {
        supervisors.values().forEach(s -> s.stop("shutdown"));
    }

    public IngestCounters counters() {
        return counters;
    }

    public Optional<RtspPullSupervisor> supervisor(String stream) {
        return Optional.ofNullable(supervisors.get(stream));
    }

    private record Definition(String name, RtspUrl url, GatewayConfig.StreamConfig config) {
    }
}
