package io.rtcgate.ops;

import io.rtcgate.media.MediaFormat;
import io.rtcgate.stream.Stream;
import io.rtcgate.stream.StreamStats;
import java.time.Instant;
import java.util.List;

/** One stream as {@code GET /v1/streams} shows it. {@code source} never carries a password. */
public record StreamView(
        String name,
        String source,
        boolean onDemand,
        boolean online,
        String sourceSession,
        List<String> tracks,
        long inboundPackets,
        long inboundBytes,
        long inboundLost,
        long inboundMalformed,
        double jitterMs,
        long accessUnits,
        long keyframes,
        long droppedAccessUnits,
        boolean bFrames,
        double fps,
        long bitrate,
        String lastKeyframe,
        long sourceSessions,
        int readers) {

    static StreamView of(Stream s) {
        StreamStats st = s.stats();
        long lastKey = st.lastKeyframeEpochMillis();
        return new StreamView(
                s.name(),
                s.origin().display(),
                s.origin().onDemand(),
                s.online(),
                s.sourceDescription(),
                s.formats().stream().map(MediaFormat::displayName).toList(),
                st.inboundPackets(),
                st.inboundBytes(),
                s.inboundLost(),
                s.inboundMalformed(),
                Math.round(s.jitterSeconds() * 1_000_000) / 1000.0,
                st.accessUnits(),
                st.keyframes(),
                s.droppedAccessUnits(),
                s.hasBFrames(),
                st.fps(),
                st.bitrate(),
                lastKey == 0 ? null : Instant.ofEpochMilli(lastKey).toString(),
                st.sourceSessions(),
                s.readers());
    }
}
