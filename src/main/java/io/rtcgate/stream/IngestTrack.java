package io.rtcgate.stream;

import io.netty.buffer.ByteBufAllocator;
import io.rtcgate.media.AccessUnitListener;
import io.rtcgate.media.H264Depacketizer;
import io.rtcgate.media.MediaFormat;
import io.rtcgate.media.RtpPacket;
import io.rtcgate.media.RtpReceptionStats;

/** The per-track ingest state of a stream: one reusable RTP view, reception accounting and, for video, the depacketizer. */
final class IngestTrack {
    final MediaFormat format;
    final RtpPacket packet = new RtpPacket();
    final RtpReceptionStats reception;
    final H264Depacketizer depacketizer;

    IngestTrack(MediaFormat format, ByteBufAllocator alloc, int maxAccessUnitBytes, boolean reuseNalBuffer,
            AccessUnitListener listener) {
        this.format = format;
        this.reception = new RtpReceptionStats(format.clockRate());
        if (format.isVideo()) {
            this.depacketizer = new H264Depacketizer(alloc, maxAccessUnitBytes, listener, reuseNalBuffer);
        } else {
            this.depacketizer = null;
        }
    }

    void close() {
        if (depacketizer != null) {
            depacketizer.close();
        }
    }
}
