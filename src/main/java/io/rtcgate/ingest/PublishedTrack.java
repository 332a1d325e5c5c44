package io.rtcgate.ingest;

import io.rtcgate.ingest.sdp.TrackDescription;
import io.rtcgate.media.MediaFormat;

/**
 * One supported track a publisher announced, and how it was set up: interleaved channels on the RTSP connection, or a
 * server UDP port pair. Mutable, owned by its {@link RtspPublisherSession} (one thread at a time).
 */
final class PublishedTrack {
    final TrackDescription description;
    final MediaFormat format;
    /** {@link RequestTarget#pathAndQueryOf} of the control URL, which SETUP must name. */
    final String controlPath;

    boolean setUp;
    /** RTP channel of {@code interleaved=a-b} (RTCP is a + 1), or -1. */
    int interleavedRtpChannel = -1;
    /** The server UDP ports for this track, or null. */
    UdpTrackReceiver udp;
    /** Index of this track in the stream's track list once RECORD attached, else -1. */
    int streamTrack = -1;

    PublishedTrack(TrackDescription description, MediaFormat format, String controlPath) {
        this.description = description;
        this.format = format;
        this.controlPath = controlPath;
    }

    void closeTransport() {
        if (udp != null) {
            udp.close();
            udp = null;
        }
    }
}
