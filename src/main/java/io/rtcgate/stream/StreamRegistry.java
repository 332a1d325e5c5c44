package io.rtcgate.stream;

import io.rtcgate.ops.GatewayConfig;
import io.rtcgate.transport.MediaEventLoops;
import jakarta.annotation.PreDestroy;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * All streams by name: the configured ones (pulled or waiting for a publisher) and those a publisher created on an
 * unconfigured path. Each stream is pinned to one media event loop, chosen round robin when it is created.
 */
@ApplicationScoped
public class StreamRegistry {
    private static final Logger LOG = Logger.getLogger(StreamRegistry.class);

    private final ConcurrentHashMap<String, Stream> streams = new ConcurrentHashMap<>();
    private final List<Consumer<Stream>> removalWatchers = new CopyOnWriteArrayList<>();
    private final List<Consumer<Stream>> creationWatchers = new CopyOnWriteArrayList<>();
    private final MediaEventLoops loops;
    private final GatewayConfig config;

    @Inject
    public StreamRegistry(MediaEventLoops loops, GatewayConfig config) {
        this.loops = loops;
        this.config = config;
    }

    /** Creates a configured stream; throws IllegalArgumentException with the reason when the name is invalid or taken. */
    public Stream register(String name, StreamOrigin origin) {
        String problem = StreamName.problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (streams.size() >= config.limits().maxStreams()) {
            throw new IllegalArgumentException("too many streams: limit rtcgate.limits.max-streams=" + config.limits().maxStreams());
        }
        Stream created = newStream(name, origin);
        Stream raced = streams.putIfAbsent(name, created);
        if (raced != null) {
            created.close("duplicate");
            throw new IllegalArgumentException("stream name '" + name + "' is defined twice");
        }
        creationWatchers.forEach(w -> w.accept(created));
        return created;
    }

    public Optional<Stream> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(streams.get(name));
    }

    /** All streams, sorted by name. */
    public List<Stream> all() {
        List<Stream> list = new ArrayList<>(streams.values());
        list.sort(Comparator.comparing(Stream::name));
        return list;
    }

    public Collection<Stream> unsorted() {
        return streams.values();
    }

    /**
     * The stream a publisher announces to: a configured publisher stream, or a new one on any free valid path when
     * {@code rtcgate.rtsp.accept-any-path} is on.
     */
    public Stream publisherStream(String name) throws StreamRefusedException {
        String problem = StreamName.problem(name);
        if (problem != null) {
            throw new StreamRefusedException(problem);
        }
        Stream existing = streams.get(name);
        if (existing != null) {
            if (existing.origin().kind() != StreamOrigin.Kind.PUBLISHER) {
                throw new StreamRefusedException("stream '" + name + "' is pulled from a camera; it takes no publisher");
            }
            return existing;
        }
        if (!config.rtsp().acceptAnyPath()) {
            throw new StreamRefusedException("no stream '" + name + "' is configured (rtcgate.rtsp.accept-any-path=false)");
        }
        if (streams.size() >= config.limits().maxStreams()) {
            throw new StreamRefusedException("too many streams: limit rtcgate.limits.max-streams=" + config.limits().maxStreams());
        }
        boolean[] created = new boolean[1];
        Stream stream = streams.computeIfAbsent(name, n -> {
            LOG.infof("stream %s created for a publisher", n);
            created[0] = true;
            return newStream(n, StreamOrigin.publisher(false));
        });
        if (created[0]) {
            // a viewer may outlast the publisher: the stream goes when the last reader leaves an offline stream too
            stream.watchReaders(readers -> {
                if (readers == 0) {
                    stream.eventLoop().execute(() -> releaseIfUnused(stream));
                }
            });
            creationWatchers.forEach(w -> w.accept(stream));
        }
        return stream;
    }

    /**
     * Removes a stream that a publisher created once it has neither source nor readers. Called when its publisher
     * leaves and when its last reader leaves (on the stream's loop).
     */
    public void releaseIfUnused(Stream stream) {
        if (stream.origin().configured() || stream.online() || stream.readers() > 0) {
            return;
        }
        if (streams.remove(stream.name(), stream)) {
            LOG.infof("stream %s removed (publisher gone, no readers)", stream.name());
            stream.close("removed");
            removalWatchers.forEach(w -> w.accept(stream));
        }
    }

    /** Called with every stream added to the registry from now on, on the thread that added it. */
    public void watchCreations(Consumer<Stream> watcher) {
        creationWatchers.add(watcher);
    }

    /** Called with every stream removed from the registry. */
    public void watchRemovals(Consumer<Stream> watcher) {
        removalWatchers.add(watcher);
    }

    private Stream newStream(String name, StreamOrigin origin) {
        return new Stream(name, origin, loops.next(), loops.allocator(), config.limits().maxAccessUnitBytes(),
                config.rtsp().secondPublisher(), config.tuning().reuseNalBuffer());
    }

    /** After ingest and egress stopped (priority 200), while the event loops still run: every stream frees its buffers. */
    void onStop(@Observes @jakarta.annotation.Priority(200) ShutdownEvent event) {
        closeAll();
    }

    @PreDestroy
    void closeAll() {
        for (Stream s : streams.values()) {
            if (!s.eventLoop().isShuttingDown()) {
                s.eventLoop().submit(() -> s.close("shutdown")).awaitUninterruptibly(2000);
            }
        }
        streams.clear();
    }
}
