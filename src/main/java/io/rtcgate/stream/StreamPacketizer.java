package io.rtcgate.stream;

import io.netty.buffer.ByteBuf;
import io.rtcgate.media.AccessUnit;
import io.rtcgate.media.H264Packetizer;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.media.PacketSink;
import io.rtcgate.media.RtpPacket;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Packetizes a stream's video once for every viewer (ARCHITECTURE.md strategy 7): a {@link StreamListener} that turns
 * each access unit of the video track into RTP packets ({@link H264Packetizer}), keeps them in the stream's
 * {@link PacketHistory} (NACK and GOP cache) and hands each to the {@link StreamPacketListener}s; audio packets are passed
 * through as received.
 *
 * <p>Video track: the first video track of the formats announced by {@code onSourceChanged}; if this packetizer was
 * added while a source was already attached (it missed that call), the first track that delivers an access unit.
 * Access units of other tracks are ignored.
 *
 * <p>Timing and numbering: packets carry the source's access unit RTP timestamp (H.264 is 90 kHz on both sides). One
 * packetizer serves the stream for its whole life, so sequence numbers continue across source changes and viewers never
 * see them jump back; a source change only forgets the cached keyframe (the new source's GOP starts with its own
 * first keyframe), the history's packets stay for NACKs.
 *
 * <p>Ownership: each packet the packetizer makes goes into the history, which owns and releases it; listeners get it
 * without a reference (valid during the call and while the history holds it). {@link #close()} releases the history.
 * A listener that throws is logged and counted; the others still get the packet.
 *
 * <p>Threads: everything on the stream's event loop, including {@link #addListener}/{@link #removeListener}.
 * No allocation per packet.
 */
public final class StreamPacketizer implements StreamListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StreamPacketizer.class);
    private static final StreamPacketListener[] NO_LISTENERS = {};
    private static final int NO_VIDEO = -1;
    private static final int NOT_KNOWN_YET = -2;
    /** Offset of the sequence number in the RTP header (RFC 3550 §5.1). */
    private static final int SEQUENCE_OFFSET = 2;

    private final H264Packetizer packetizer;
    private final PacketHistory history;
    private final PacketSink sink = this::onPacket;
    private StreamPacketListener[] listeners = NO_LISTENERS;
    private int videoTrack = NOT_KNOWN_YET;
    private long unitTimestamp;
    private boolean closed;
    private long listenerFailures;

    /**
     * @param packetizer the stream's packetizer (its SSRC, payload type and sequence numbers are what viewers see)
     * @param history    owned from now on: closed with this packetizer
     */
    public StreamPacketizer(H264Packetizer packetizer, PacketHistory history) {
        this.packetizer = Objects.requireNonNull(packetizer, "packetizer");
        this.history = Objects.requireNonNull(history, "history");
    }

    public void addListener(StreamPacketListener listener) {
        Objects.requireNonNull(listener, "listener");
        StreamPacketListener[] now = Arrays.copyOf(listeners, listeners.length + 1);
        now[listeners.length] = listener;
        listeners = now;
    }

    public void removeListener(StreamPacketListener listener) {
        StreamPacketListener[] old = listeners;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == listener) {
                StreamPacketListener[] now = new StreamPacketListener[old.length - 1];
                System.arraycopy(old, 0, now, 0, i);
                System.arraycopy(old, i + 1, now, i, old.length - i - 1);
                listeners = now;
                return;
            }
        }
    }

    /** The stream's packet history (NACK lookups, GOP cache for joining viewers). */
    public PacketHistory history() {
        return history;
    }

    public H264Packetizer packetizer() {
        return packetizer;
    }

    @Override
    public void onSourceChanged(Stream stream, List<MediaFormat> tracks) {
        if (closed) {
            return;
        }
        history.clearKeyframe();
        videoTrack = NO_VIDEO;
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).isVideo()) {
                videoTrack = i;
                break;
            }
        }
        for (StreamPacketListener l : listeners) {
            try {
                l.onSourceChanged(tracks);
            } catch (RuntimeException e) {
                listenerFailed(l, e);
            }
        }
    }

    @Override
    public void onAccessUnit(Stream stream, int track, AccessUnit unit) {
        if (closed) {
            return;
        }
        if (videoTrack == NOT_KNOWN_YET) {
            videoTrack = track;
        }
        if (track != videoTrack) {
            return;
        }
        unitTimestamp = unit.rtpTimestamp();
        packetizer.packetize(unit, unitTimestamp, sink);
    }

    private void onPacket(ByteBuf packet, boolean keyframeStart, boolean last) {
        if (closed) {
            packet.release(); // a listener closed us in the middle of an access unit
            return;
        }
        int sequence = packet.getUnsignedShort(packet.readerIndex() + SEQUENCE_OFFSET);
        history.add(packet, sequence, unitTimestamp, keyframeStart, last);
        for (StreamPacketListener l : listeners) {
            try {
                l.onVideoPacket(packet, sequence, keyframeStart, last);
            } catch (RuntimeException e) {
                listenerFailed(l, e);
            }
            if (closed) {
                return; // the history released the packet
            }
        }
    }

    @Override
    public void onAudioPacket(Stream stream, int track, RtpPacket packet) {
        if (closed) {
            return;
        }
        for (StreamPacketListener l : listeners) {
            try {
                l.onAudioPacket(packet);
            } catch (RuntimeException e) {
                listenerFailed(l, e);
            }
        }
    }

    private void listenerFailed(StreamPacketListener listener, RuntimeException e) {
        listenerFailures++;
        // At most one line per power of two, so a listener failing on every packet cannot flood the log.
        if (Long.bitCount(listenerFailures) == 1) {
            LOG.warnf(e, "stream packet listener %s failed (%d failures so far)", listener, listenerFailures);
        }
    }

    /** Exceptions thrown by listeners, loop thread only. */
    public long listenerFailures() {
        return listenerFailures;
    }

    /** Stops packetizing and releases the history. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            listeners = NO_LISTENERS;
            history.close();
        }
    }
}
