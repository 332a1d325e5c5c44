package io.rtcgate.ingest;

import io.rtcgate.ingest.sdp.TrackDescription;
import io.rtcgate.media.Codec;
import io.rtcgate.media.MediaFormat;

/** Turns an SDP track ({@link TrackDescription}) into the {@link MediaFormat} a {@link io.rtcgate.stream.Stream} carries. */
public final class MediaFormats {

    private MediaFormats() {
    }

    public static MediaFormat of(TrackDescription track) {
        return new MediaFormat(track.codec(), track.payloadType(), track.clockRate(), track.channels(), track.fmtp());
    }
}
