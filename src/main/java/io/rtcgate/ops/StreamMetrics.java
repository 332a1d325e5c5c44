package io.rtcgate.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.rtcgate.ingest.IngestCounters;
import io.rtcgate.ingest.IngestService;
import io.rtcgate.ingest.RtspPublishServer;
import io.rtcgate.ingest.RtspServerStats;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Micrometer meters of the ingest side, read from the streams' own counters when Prometheus scrapes {@code /q/metrics}
 * (nothing on the packet path):
 * <ul>
 * <li>per stream ({@code rtcgate_stream_*}, tag {@code stream}): registered when the registry creates a stream, removed
 *     when it removes one;</li>
 * <li>over all streams ({@code rtcgate_streams_*}): the live streams plus the final counts of removed ones, so the
 *     counters never go down;</li>
 * <li>refusals and errors of the RTSP publish server ({@code rtcgate_rtsp_*}) and of the RTSP pull clients
 *     ({@code rtcgate_ingest_*}).</li>
 * </ul>
 * Meter names and meanings are listed in README ("Metrics").
 */
@ApplicationScoped
public class StreamMetrics {

    /** A per-stream counter that also has a total. */
    private record StreamCounter(String name, String unit, String description, ToLongFunction<Stream> value) {
    }

    private static final List<StreamCounter> STREAM_COUNTERS = List.of(
            new StreamCounter("inbound.packets", null, "RTP packets received from the source", s -> s.stats().inboundPackets()),
            new StreamCounter("inbound.bytes", "bytes", "RTP bytes received from the source", s -> s.stats().inboundBytes()),
            new StreamCounter("inbound.lost", "packets", "RTP packets lost upstream (RFC 3550 A.3)", Stream::inboundLost),
            new StreamCounter("inbound.malformed", "packets", "RTP packets rejected as malformed", Stream::inboundMalformed),
            new StreamCounter("access.units", null, "H.264 access units (frames) assembled", s -> s.stats().accessUnits()),
            new StreamCounter("keyframes", null, "H.264 IDR access units", s -> s.stats().keyframes()),
            new StreamCounter("dropped.access.units", null, "access units dropped (incomplete after loss or too large)",
                    Stream::droppedAccessUnits));

    @Inject
    MeterRegistry registry;
    @Inject
    StreamRegistry streams;
    @Inject
    IngestService ingest;
    @Inject
    RtspPublishServer rtspServer;

    /** The stream each name's meters read, and those meters; guarded by {@code this}. */
    private final Map<String, Registered> byName = new HashMap<>();
    /** Final counts of removed streams, by {@link #STREAM_COUNTERS} index; guarded by {@code this}. */
    private final long[] retired = new long[STREAM_COUNTERS.size()];

    private record Registered(Stream stream, List<Meter> meters) {
    }

    void onStart(@Observes @jakarta.annotation.Priority(3000) StartupEvent event) {
        bindTotals();
        bindRtsp();
        streams.watchCreations(this::onCreated);
        streams.watchRemovals(this::onRemoved);
        streams.all().forEach(this::onCreated);
    }

    private void onCreated(Stream stream) {
        synchronized (this) {
            Registered old = byName.get(stream.name());
            if (old != null) {
                if (old.stream() == stream) {
                    return;
                }
                retire(old); // a new stream took the name before the old one's removal was reported
            }
            Tags tags = Tags.of("stream", stream.name());
            List<Meter> meters = new ArrayList<>();
            for (StreamCounter c : STREAM_COUNTERS) {
                meters.add(FunctionCounter.builder("rtcgate.stream." + c.name(), stream, s -> c.value().applyAsLong(s))
                        .baseUnit(c.unit()).description(c.description()).tags(tags).register(registry));
            }
            meters.add(Gauge.builder("rtcgate.stream.inbound.jitter", stream, Stream::jitterSeconds).baseUnit("seconds")
                    .description("interarrival jitter of the video track (RFC 3550 6.4.1)").tags(tags).register(registry));
            meters.add(Gauge.builder("rtcgate.stream.readers", stream, Stream::readers)
                    .description("viewers reading the stream now").tags(tags).register(registry));
            meters.add(Gauge.builder("rtcgate.stream.online", stream, s -> s.online() ? 1 : 0)
                    .description("1 while a source (camera or publisher) feeds the stream").tags(tags).register(registry));
            meters.add(Gauge.builder("rtcgate.stream.fps", stream, s -> s.stats().fps())
                    .description("access units per second over the last second").tags(tags).register(registry));
            meters.add(Gauge.builder("rtcgate.stream.bitrate", stream, s -> s.stats().bitrate())
                    .description("inbound bits per second over the last second").tags(tags).register(registry));
            byName.put(stream.name(), new Registered(stream, meters));
        }
    }

    private void onRemoved(Stream stream) {
        synchronized (this) {
            Registered r = byName.get(stream.name());
            if (r != null && r.stream() == stream) {
                byName.remove(stream.name());
                retire(r);
            }
        }
    }

    private void retire(Registered r) {
        for (int i = 0; i < retired.length; i++) {
            retired[i] += STREAM_COUNTERS.get(i).value().applyAsLong(r.stream());
        }
        r.meters().forEach(registry::remove);
    }

    private synchronized double total(int index) {
        long sum = retired[index];
        ToLongFunction<Stream> value = STREAM_COUNTERS.get(index).value();
        for (Registered r : byName.values()) {
            sum += value.applyAsLong(r.stream());
        }
        return sum;
    }

    /** Gauges hold their object weakly: the totals read through this bean (kept by its context), never a CDI proxy. */
    private void bindTotals() {
        for (int i = 0; i < STREAM_COUNTERS.size(); i++) {
            StreamCounter c = STREAM_COUNTERS.get(i);
            int index = i;
            FunctionCounter.builder("rtcgate.streams." + c.name(), this, m -> m.total(index)).baseUnit(c.unit())
                    .description(c.description() + ", all streams").register(registry);
        }
        Gauge.builder("rtcgate.streams.inbound.jitter.max", this,
                m -> m.streams.unsorted().stream().mapToDouble(Stream::jitterSeconds).max().orElse(0)).baseUnit("seconds")
                .description("highest interarrival jitter of any stream").register(registry);
        Gauge.builder("rtcgate.streams.readers", this, m -> m.streams.unsorted().stream().mapToInt(Stream::readers).sum())
                .description("viewers of all streams now").register(registry);
        Gauge.builder("rtcgate.streams.online", this, m -> m.streams.unsorted().stream().filter(Stream::online).count())
                .description("streams with a source now").register(registry);
        Gauge.builder("rtcgate.streams.known", this, m -> m.streams.unsorted().size())
                .description("streams in the registry (configured and published)").register(registry);
    }

    private void bindRtsp() {
        RtspServerStats rtsp = rtspServer.stats();
        counter("rtcgate.rtsp.connections", rtsp, RtspServerStats::connections, "RTSP connections accepted");
        Gauge.builder("rtcgate.rtsp.open.connections", rtsp, RtspServerStats::openConnections)
                .description("RTSP connections open now").register(registry);
        counter("rtcgate.rtsp.connections.refused", rtsp, RtspServerStats::refusedConnections,
                "connections closed at once: rtcgate.limits.max-rtsp-connections reached");
        counter("rtcgate.rtsp.auth.failures", rtsp, RtspServerStats::authFailures, "requests answered 401");
        counter("rtcgate.rtsp.publishers.refused", rtsp, RtspServerStats::publishersRefused,
                "publishers turned away (stream name refused, no usable track, stream already published)");
        counter("rtcgate.rtsp.malformed.requests", rtsp, RtspServerStats::malformedRequests, "requests that could not be parsed");
        counter("rtcgate.rtsp.idle.timeouts", rtsp, RtspServerStats::idleTimeouts, "sessions closed for inactivity");
        IngestCounters pull = ingest.counters();
        counter("rtcgate.ingest.connect.attempts", pull, IngestCounters::connectAttempts, "connections to cameras attempted");
        counter("rtcgate.ingest.sessions.failed", pull, IngestCounters::sessionsFailed, "camera sessions that failed");
        counter("rtcgate.ingest.auth.failures", pull, IngestCounters::authFailures, "cameras that refused our credentials");
        counter("rtcgate.ingest.malformed.responses", pull, IngestCounters::malformedResponses, "unparsable camera responses");
        counter("rtcgate.ingest.udp.fallbacks", pull, IngestCounters::udpFallbacks, "camera sessions that failed over UDP and were retried over TCP interleaved");
    }

    private <T> void counter(String name, T obj, ToDoubleFunction<T> value, String description) {
        FunctionCounter.builder(name, obj, value).description(description).register(registry);
    }
}
