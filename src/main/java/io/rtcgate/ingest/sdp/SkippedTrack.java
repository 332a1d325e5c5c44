package io.rtcgate.ingest.sdp;

import java.util.Objects;

/**
 * A media section that {@link TrackDescription#select} did not turn into a track.
 *
 * @param index 0-based media section index
 * @param mediaType {@code video}, {@code audio}, ...
 * @param encodings what the section offers, e.g. {@code H265/90000} or {@code 96, 97} when there is no rtpmap
 * @param reason why it was skipped, e.g. {@code unsupported codec}
 */
public record SkippedTrack(int index, String mediaType, String encodings, String reason) {

    public SkippedTrack {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(encodings, "encodings");
        Objects.requireNonNull(reason, "reason");
    }

    /** E.g. {@code track 1 (video/H265/90000) skipped: unsupported codec}. */
    @Override
    public String toString() {
        return "track " + index + " (" + mediaType + "/" + encodings + ") skipped: " + reason;
    }
}
