package io.rtcgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.rtcgate.media.AccessUnit;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.media.RtpReceptionStats;
import io.rtcgate.media.SequenceEvent;
import io.rtcgate.ops.GatewayConfig.PublisherConflict;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * One named stream: at most one source at a time, its tracks, its counters and its listeners. Everything that touches
 * packets runs on {@link #eventLoop()}: sources must call {@link #attach}, {@link #detach} and {@link #onRtp} there.
 *
 * <p>Buffer ownership: {@link #onRtp} does not take the packet; the caller keeps and releases it.
 */
public final class Stream {
    private static final Logger LOG = Logger.getLogger(Stream.class);

    private final String name;
    private final StreamOrigin origin;
    private final EventLoop loop;
    private final ByteBufAllocator alloc;
    private final int maxAccessUnitBytes;
    /** {@code rtcgate.tuning.reuse-nal-buffer}: one assembly buffer per track, or a fresh one per access unit. */
    private final boolean reuseNalBuffer;
    private final PublisherConflict conflictPolicy;
    private final StreamStats stats = new StreamStats();
    private final AtomicInteger readers = new AtomicInteger();
    private final List<IntConsumer> readerWatchers = new CopyOnWriteArrayList<>();
    private final ScheduledFuture<?> sampler;

    private volatile StreamSource source;
    private volatile List<MediaFormat> formats = List.of();
    private volatile IngestTrack[] tracks = new IngestTrack[0];
    private volatile StreamListener[] listeners = new StreamListener[0];
    /** Totals of tracks of earlier sources, so counters keep growing across reconnects. */
    private long lostBefore;
    private volatile long lostBeforeVisible;
    private long droppedBefore;
    private volatile long droppedBeforeVisible;
    private long malformedBefore;
    private volatile long malformedBeforeVisible;
    private long rtpMalformedLogged;
    /** When the current ingest read cycle delivered its first packet ({@link System#nanoTime()}), 0 between cycles. */
    private long readCycleStartNanos;

    Stream(String name, StreamOrigin origin, EventLoop loop, ByteBufAllocator alloc, int maxAccessUnitBytes,
            PublisherConflict conflictPolicy) {
        this(name, origin, loop, alloc, maxAccessUnitBytes, conflictPolicy, true);
    }

    Stream(String name, StreamOrigin origin, EventLoop loop, ByteBufAllocator alloc, int maxAccessUnitBytes,
            PublisherConflict conflictPolicy, boolean reuseNalBuffer) {
        this.reuseNalBuffer = reuseNalBuffer;
        this.name = name;
        this.origin = origin;
        this.loop = loop;
        this.alloc = alloc;
        this.maxAccessUnitBytes = maxAccessUnitBytes;
        this.conflictPolicy = conflictPolicy;
        this.sampler = loop.scheduleAtFixedRate(() -> stats.sample(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
    }

    public String name() {
        return name;
    }

    public StreamOrigin origin() {
        return origin;
    }

    /** Whether the H.264 depacketizers keep one assembly buffer ({@code rtcgate.tuning.reuse-nal-buffer}). */
    boolean reusesNalBuffer() {
        return reuseNalBuffer;
    }

    public EventLoop eventLoop() {
        return loop;
    }

    public StreamStats stats() {
        return stats;
    }

    public boolean online() {
        return source != null;
    }

    /** The attached source's description, or null. */
    public String sourceDescription() {
        StreamSource s = source;
        return s == null ? null : s.describe();
    }

    public List<MediaFormat> formats() {
        return formats;
    }

    /** Packets lost upstream, over all sources so far (RFC 3550 A.3 cumulative loss). */
    public long inboundLost() {
        long lost = lostBeforeVisible;
        for (IngestTrack t : tracks) {
            lost += t.reception.lost();
        }
        return lost;
    }

    /** Interarrival jitter of the first video track (else the first track), in seconds. */
    public double jitterSeconds() {
        IngestTrack[] ts = tracks;
        for (IngestTrack t : ts) {
            if (t.format.isVideo()) {
                return t.reception.jitterSeconds();
            }
        }
        return ts.length > 0 ? ts[0].reception.jitterSeconds() : 0;
    }

    /** Access units dropped: incomplete after loss, or over the size limit. */
    public long droppedAccessUnits() {
        long dropped = droppedBeforeVisible;
        for (IngestTrack t : tracks) {
            if (t.depacketizer != null) {
                dropped += t.depacketizer.droppedIncomplete() + t.depacketizer.droppedOversize();
            }
        }
        return dropped;
    }

    /** RTP packets rejected: bad headers, and H.264 payloads the depacketizer could not use (e.g. FU-A without start). */
    public long inboundMalformed() {
        long malformed = stats.malformedPackets() + malformedBeforeVisible;
        for (IngestTrack t : tracks) {
            if (t.depacketizer != null) {
                malformed += t.depacketizer.malformedPackets() + t.depacketizer.unsupportedPackets();
            }
        }
        return malformed;
    }

    /** Whether the current source sends B-frames (browsers cannot play them over WebRTC). */
    public boolean hasBFrames() {
        for (IngestTrack t : tracks) {
            if (t.depacketizer != null && t.depacketizer.hasBFrames()) {
                return true;
            }
        }
        return false;
    }

    /** Reception stats of track {@code index} of the current source, for RTCP receiver reports; null if none. */
    public RtpReceptionStats reception(int index) {
        IngestTrack[] ts = tracks;
        return index >= 0 && index < ts.length ? ts[index].reception : null;
    }

    /** The depacketizer of track {@code index}, for counters; null if none or not video. */
    public io.rtcgate.media.H264Depacketizer depacketizer(int index) {
        IngestTrack[] ts = tracks;
        return index >= 0 && index < ts.length ? ts[index].depacketizer : null;
    }

    // ---- readers ----

    public int readers() {
        return readers.get();
    }

    /** Registers a reader; close the returned handle when it leaves. */
    public Reader addReader() {
        int now = readers.incrementAndGet();
        readerWatchers.forEach(w -> w.accept(now));
        return new Reader(this);
    }

    void removeReader() {
        int now = readers.decrementAndGet();
        readerWatchers.forEach(w -> w.accept(now));
    }

    /** Called with the new reader count whenever it changes, on the thread that changed it. */
    public void watchReaders(IntConsumer watcher) {
        readerWatchers.add(watcher);
    }

    // ---- listeners (loop only) ----

    public void addListener(StreamListener listener) {
        runOnLoop(() -> {
            StreamListener[] old = listeners;
            StreamListener[] now = java.util.Arrays.copyOf(old, old.length + 1);
            now[old.length] = listener;
            listeners = now;
        });
    }

    public void removeListener(StreamListener listener) {
        runOnLoop(() -> listeners = java.util.Arrays.stream(listeners).filter(l -> l != listener).toArray(StreamListener[]::new));
    }

    // ---- ingest API (loop only) ----

    /**
     * Makes {@code newSource} this stream's source with the given tracks. With policy REFUSE a live source keeps the stream
     * and this throws; with REPLACE the old source is closed first.
     */
    public void attach(StreamSource newSource, List<MediaFormat> newFormats) throws StreamBusyException {
        assert loop.inEventLoop();
        StreamSource current = source;
        if (current != null && current != newSource) {
            if (conflictPolicy == PublisherConflict.REFUSE) {
                throw new StreamBusyException("stream '" + name + "' already has a source (" + current.describe() + ")");
            }
            LOG.infof("stream %s: source %s replaced by %s", name, current.describe(), newSource.describe());
            detach(current);
            current.close("replaced by a new source");
        }
        closeTracks();
        IngestTrack[] created = new IngestTrack[newFormats.size()];
        for (int i = 0; i < created.length; i++) {
            int track = i;
            created[i] = new IngestTrack(newFormats.get(i), alloc, maxAccessUnitBytes, reuseNalBuffer,
                    unit -> onAccessUnit(track, unit));
        }
        tracks = created;
        formats = List.copyOf(newFormats);
        source = newSource;
        stats.sourceSessions.increment();
        LOG.infof("stream %s online: %s, tracks %s", name, newSource.describe(),
                newFormats.stream().map(MediaFormat::displayName).toList());
        for (StreamListener l : listeners) {
            l.onSourceChanged(this, formats);
        }
    }

    /** Sets parameter sets known from SDP ({@code sprop-parameter-sets}) on video track {@code index}. */
    public void setSpropParameterSets(int index, String sprop) {
        assert loop.inEventLoop();
        IngestTrack[] ts = tracks;
        if (index >= 0 && index < ts.length && ts[index].depacketizer != null) {
            try {
                ts[index].depacketizer.setParameterSetsFromSprop(sprop);
            } catch (IllegalArgumentException e) {
                LOG.warnf("stream %s: ignoring malformed sprop-parameter-sets: %s", name, e.getMessage());
            }
        }
    }

    /** The source left (or failed); the stream goes offline. No-op if {@code leaving} is not the current source. */
    public void detach(StreamSource leaving) {
        assert loop.inEventLoop();
        if (source != leaving || leaving == null) {
            return;
        }
        source = null;
        readCycleStartNanos = 0;
        closeTracks();
        tracks = new IngestTrack[0];
        formats = List.of();
        stats.clearRates();
        LOG.infof("stream %s offline (%s left)", name, leaving.describe());
        for (StreamListener l : listeners) {
            l.onSourceChanged(this, List.of());
        }
    }

    /** One RTP packet of track {@code index} from the current source. Does not take ownership of {@code packet}. */
    public void onRtp(int index, ByteBuf packet) {
        IngestTrack[] ts = tracks;
        if (readCycleStartNanos == 0) {
            readCycleStartNanos = System.nanoTime();
        }
        stats.inboundPackets.increment();
        stats.inboundBytes.add(packet.readableBytes());
        if (index < 0 || index >= ts.length) {
            stats.malformedPackets.increment();
            return;
        }
        IngestTrack t = ts[index];
        if (!t.packet.wrap(packet)) {
            stats.malformedPackets.increment();
            logMalformed(index, t);
            return;
        }
        if (t.packet.payloadType() != t.format.payloadType()) {
            stats.unknownPayloadType.increment();
            return;
        }
        SequenceEvent event = t.reception.onPacket(t.packet.sequenceNumber(), t.packet.timestamp(), System.nanoTime());
        if (event == SequenceEvent.DUPLICATE || event == SequenceEvent.OUT_OF_RANGE) {
            return;
        }
        if (t.depacketizer != null) {
            t.depacketizer.onPacket(t.packet);
        } else {
            for (StreamListener l : listeners) {
                l.onAudioPacket(this, index, t.packet);
            }
        }
    }

    /** The source's socket finished a read cycle; call on the loop after the packets of that cycle. */
    public void readComplete() {
        for (StreamListener l : listeners) {
            l.onReadComplete(this);
        }
        readCycleStartNanos = 0;
    }

    /**
     * When the current read cycle's first RTP packet arrived ({@link System#nanoTime()}), 0 if it had none; for listeners
     * in {@link StreamListener#onReadComplete} to measure the gateway latency. Loop only.
     */
    public long readCycleStartNanos() {
        return readCycleStartNanos;
    }

    private void onAccessUnit(int track, AccessUnit unit) {
        stats.accessUnits.increment();
        if (unit.keyframe()) {
            stats.keyframes.increment();
            stats.lastKeyframeEpochMillis.set(System.currentTimeMillis());
        }
        for (StreamListener l : listeners) {
            l.onAccessUnit(this, track, unit);
        }
    }

    private void logMalformed(int index, IngestTrack t) {
        // At most one line per power of two, so a flood of garbage costs no more than a few log lines.
        long n = stats.malformedPackets.get();
        if (Long.bitCount(n) == 1 && n > rtpMalformedLogged) {
            rtpMalformedLogged = n;
            LOG.warnf("stream %s track %d: malformed RTP packet rejected (%s); %d so far", name, index, t.packet.error(), n);
        }
    }

    private void closeTracks() {
        for (IngestTrack t : tracks) {
            lostBefore += t.reception.lost();
            if (t.depacketizer != null) {
                droppedBefore += t.depacketizer.droppedIncomplete() + t.depacketizer.droppedOversize();
                malformedBefore += t.depacketizer.malformedPackets() + t.depacketizer.unsupportedPackets();
            }
            t.close();
        }
        lostBeforeVisible = lostBefore;
        droppedBeforeVisible = droppedBefore;
        malformedBeforeVisible = malformedBefore;
    }

    /** Closes the source and frees the tracks; the stream is gone for good. Runs on the loop (at once if called there). */
    void close(String reason) {
        runOnLoop(() -> {
            StreamSource s = source;
            if (s != null) {
                detach(s);
                s.close(reason);
            }
            closeTracks();
            tracks = new IngestTrack[0];
            sampler.cancel(false);
        });
    }

    private void runOnLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    @Override
    public String toString() {
        return "Stream[" + name + "]";
    }
}
