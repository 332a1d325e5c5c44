package io.rtcgate.ingest;

import io.rtcgate.testsupport.Poll;
import io.quarkus.runtime.configuration.DurationConverter;
import io.rtcgate.ops.GatewayConfig;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamRegistry;
import io.rtcgate.transport.MediaEventLoops;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * An {@link RtspPublishServer} on 127.0.0.1 and an OS-chosen port with its own loops and registry, configured from
 * {@code rtcgate.*} properties, for tests that need settings the Quarkus test profile does not have.
 */
final class PublishServerFixture implements AutoCloseable {
    final MediaEventLoops loops;
    final StreamRegistry registry;
    final RtspPublishServer server;

    PublishServerFixture(Map<String, String> properties, int sessionTimeoutSeconds) {
        Map<String, String> all = new HashMap<>();
        all.put("rtcgate.rtsp.host", "127.0.0.1");
        all.put("rtcgate.rtsp.port", "0");
        all.put("rtcgate.event-loop-threads", "2");
        all.putAll(properties);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // "10s" as Quarkus reads it
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .build();
        GatewayConfig gatewayConfig = config.getConfigMapping(GatewayConfig.class);
        loops = new MediaEventLoops(gatewayConfig.eventLoopThreads(), true, gatewayConfig.tuning().pooledIngestBuffers());
        registry = new StreamRegistry(loops, gatewayConfig);
        server = new RtspPublishServer(registry, loops, gatewayConfig, sessionTimeoutSeconds);
        server.start();
    }

    PublishServerFixture() {
        this(Map.of(), RtspPublishServer.DEFAULT_SESSION_TIMEOUT_SECONDS);
    }

    int port() {
        return server.boundPort();
    }

    String url(String path) {
        return "rtsp://127.0.0.1:" + port() + "/" + path;
    }

    RtspServerStats stats() {
        return server.stats();
    }

    Optional<Stream> stream(String name) {
        return registry.find(name);
    }

    /** True once {@code name} exists and is online with access units and a keyframe. */
    boolean flowing(String name) {
        return stream(name).map(s -> s.online() && s.stats().accessUnits() > 0 && s.stats().keyframes() > 0).orElse(false);
    }

    static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        return Poll.within(timeout, condition);
    }

    @Override
    public void close() {
        server.stop();
        registry.unsorted().forEach(registry::releaseIfUnused);
        loops.close();
    }
}
