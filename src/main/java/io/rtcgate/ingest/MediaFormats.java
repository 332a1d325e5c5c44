package io.rtcgate.ingest;

import io.rtcgate.ingest.sdp.TrackDescription;
import io.rtcgate.media.Codec;
import io.rtcgate.media.MediaFormat;

/** Turns an SDP track ({@link TrackDescription}) into the {@link MediaFormat} a {@link io.rtcgate.stream.Stream} carries. */
public final class MediaFormats {

    private MediaFormats() {
    }

    public static MediaFormat of(TrackDescription track) {
        return new MediaFormat(codec(track.codec()), track.payloadType(), track.clockRate(), track.channels(), track.fmtp());
    }

    static Codec codec(io.rtcgate.ingest.sdp.Codec sdpCodec) {
        return switch (sdpCodec) {
            case H264 -> Codec.H264;
            case OPUS -> Codec.OPUS;
            case PCMU -> Codec.PCMU;
            case PCMA -> Codec.PCMA;
        };
    }
}
