package io.rtcgate.ingest.sdp;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Result of {@link TrackDescription#select}: the usable tracks, the skipped media sections, and the aggregate control
 * URL (for PLAY/RECORD/TEARDOWN of the whole session).
 */
public record TrackSelection(List<TrackDescription> tracks, List<SkippedTrack> skipped, URI aggregateControl) {

    public TrackSelection {
        tracks = List.copyOf(tracks);
        skipped = List.copyOf(skipped);
        Objects.requireNonNull(aggregateControl, "aggregateControl");
    }
}
