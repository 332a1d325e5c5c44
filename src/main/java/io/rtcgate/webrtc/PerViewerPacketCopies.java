package io.rtcgate.webrtc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.media.RtpPacket;
import io.rtcgate.stream.StreamPacketListener;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The "before" of packetize-once ({@code rtcgate.tuning.packetize-once=false}), for the benchmark: instead of handing
 * every viewer the stream's shared packet, each viewer gets its own copy of it, as a forwarding server that keeps a
 * packetization per viewer would produce: one buffer allocated and filled per packet and viewer. The copies carry the same
 * bytes and sequence numbers as the shared packets, so the shared history still answers NACKs and the GOP cache still
 * serves joins. Audio and source changes go to the shared listener unchanged.
 *
 * <p>Ownership: each copy is allocated here, lent to one viewer for the call and released right after it.
 *
 * <p>Threads: the stream's event loop only.
 */
final class PerViewerPacketCopies implements StreamPacketListener {
    private final ByteBufAllocator alloc;
    private final Supplier<? extends VideoPacketTarget[]> viewers;
    private final StreamPacketListener shared;
    private long copies;

    /**
     * @param viewers the viewers playing now (read for every packet)
     * @param shared  gets audio packets and source changes
     */
    PerViewerPacketCopies(ByteBufAllocator alloc, Supplier<? extends VideoPacketTarget[]> viewers, StreamPacketListener shared) {
        this.alloc = Objects.requireNonNull(alloc, "alloc");
        this.viewers = Objects.requireNonNull(viewers, "viewers");
        this.shared = Objects.requireNonNull(shared, "shared");
    }

    @Override
    public void onVideoPacket(ByteBuf packet, int sequence, boolean keyframeStart, boolean last) {
        int length = packet.readableBytes();
        for (VideoPacketTarget viewer : viewers.get()) {
            ByteBuf own = alloc.directBuffer(length);
            try {
                own.writeBytes(packet, packet.readerIndex(), length);
                copies++;
                viewer.onVideoPacket(own, sequence, keyframeStart, last);
            } finally {
                own.release();
            }
        }
    }

    @Override
    public void onAudioPacket(RtpPacket packet) {
        shared.onAudioPacket(packet);
    }

    @Override
    public void onSourceChanged(List<MediaFormat> tracks) {
        shared.onSourceChanged(tracks);
    }

    /** Video packet copies made so far (loop only). */
    long copies() {
        return copies;
    }
}
