package io.rtcgate.webrtc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rtcgate.media.FuASplit;
import io.rtcgate.media.H264Packetizer;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.media.RtpPacket;
import io.rtcgate.stream.PacketHistory;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamListener;
import io.rtcgate.stream.StreamPacketListener;
import io.rtcgate.stream.StreamPacketizer;
import io.rtcgate.transport.UdpMux;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The WebRTC side of one stream, on the stream's event loop: H.264 is packetized once into a shared {@link PacketHistory}
 * (GOP cache and NACK store) and every packet goes to each playing {@link ViewerSession}, which only rewrites the header
 * while encrypting. Flushes the loop's UDP socket when the source's read cycle ends, so the datagrams of the whole cycle
 * leave in one {@code sendmmsg}. With {@code rtcgate.tuning.packetize-once=false} (the benchmark's "before") every viewer
 * gets its own copy of each packet instead ({@link PerViewerPacketCopies}). With UDP GSO active the packetizer fills
 * every FU-A fragment but the last ({@link FuASplit#FULL_THEN_REMAINDER}), so each viewer's fragments of a NAL unit form
 * one equal-size run.
 */
final class StreamEgress implements StreamPacketListener, StreamListener {
    /** Payload type of the shared packets; each viewer's answer decides the one on the wire. */
    static final int SHARED_PAYLOAD_TYPE = 96;

    private final Stream stream;
    private final StreamPacketizer packetizer;
    private final UdpMux mux;
    private ViewerSession[] viewers = new ViewerSession[0];
    /** Null when packetizing once (the default). */
    private final PerViewerPacketCopies perViewerCopies;
    private volatile List<MediaFormat> formats = List.of();

    StreamEgress(Stream stream, UdpMux mux, ByteBufAllocator alloc, int maxPayload, int historyPackets, long historyBytes,
            int nackHistoryPackets) {
        this(stream, mux, alloc, maxPayload, historyPackets, historyBytes, nackHistoryPackets, true);
    }

    /**
     * @param nackHistoryPackets the history's NACK window ({@link PacketHistory#PacketHistory(int, long, int)})
     * @param packetizeOnce      {@code rtcgate.tuning.packetize-once}: false gives every viewer its own copy of each packet
     */
    StreamEgress(Stream stream, UdpMux mux, ByteBufAllocator alloc, int maxPayload, int historyPackets, long historyBytes,
            int nackHistoryPackets, boolean packetizeOnce) {
        this.stream = stream;
        this.mux = mux;
        H264Packetizer h264 = new H264Packetizer(alloc, maxPayload, SHARED_PAYLOAD_TYPE,
                ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL, ThreadLocalRandom.current().nextInt(0x10000),
                mux.gsoActive() ? FuASplit.FULL_THEN_REMAINDER : FuASplit.EVEN);
        this.packetizer = new StreamPacketizer(h264, new PacketHistory(historyPackets, historyBytes,
                nackHistoryPackets));
        perViewerCopies = packetizeOnce ? null : new PerViewerPacketCopies(alloc, () -> viewers, this);
        packetizer.addListener(packetizeOnce ? this : perViewerCopies);
        stream.addListener(packetizer);
        stream.addListener(this);
    }

    Stream stream() {
        return stream;
    }

    PacketHistory history() {
        return packetizer.history();
    }

    UdpMux mux() {
        return mux;
    }

    /** The tracks of the current source (empty while offline). */
    List<MediaFormat> formats() {
        return formats;
    }

    /** Video packet copies made for single viewers ({@code packetize-once=false}); 0 when packetizing once. Loop only. */
    long perViewerCopies() {
        return perViewerCopies == null ? 0 : perViewerCopies.copies();
    }

    int viewerCount() {
        return viewers.length;
    }

    /** Adds a viewer that is ready to receive (loop only). */
    void add(ViewerSession viewer) {
        ViewerSession[] old = viewers;
        ViewerSession[] now = Arrays.copyOf(old, old.length + 1);
        now[old.length] = viewer;
        viewers = now;
    }

    /** Removes a viewer (loop only). */
    void remove(ViewerSession viewer) {
        viewers = Arrays.stream(viewers).filter(v -> v != viewer).toArray(ViewerSession[]::new);
    }

    @Override
    public void onVideoPacket(ByteBuf packet, int sequence, boolean keyframeStart, boolean last) {
        for (ViewerSession v : viewers) {
            v.onVideoPacket(packet, sequence, keyframeStart, last);
        }
    }

    @Override
    public void onAudioPacket(RtpPacket packet) {
        for (ViewerSession v : viewers) {
            v.onAudioPacket(packet);
        }
    }

    @Override
    public void onSourceChanged(Stream s, List<MediaFormat> tracks) {
        formats = tracks;
    }

    @Override
    public void onReadComplete(Stream s) {
        mux.flush(stream.eventLoop(), s.readCycleStartNanos());
    }

    /** Stops listening to the stream and releases the history (loop only). */
    void close() {
        stream.removeListener(packetizer);
        stream.removeListener(this);
        packetizer.close();
    }
}
