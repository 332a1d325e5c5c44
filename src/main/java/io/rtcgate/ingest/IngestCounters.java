package io.rtcgate.ingest;

import java.util.concurrent.atomic.LongAdder;

/**
 * Ingest-wide error and event counters, shared by all RTSP client sessions (written from several event loops, hence
 * LongAdder; none of them is touched per media packet except {@link #unexpectedFrames}, which counts packets that are
 * dropped anyway).
 */
public final class IngestCounters {
    final LongAdder connectAttempts = new LongAdder();
    final LongAdder sessionsFailed = new LongAdder();
    final LongAdder malformedResponses = new LongAdder();
    final LongAdder authFailures = new LongAdder();
    final LongAdder unexpectedFrames = new LongAdder();
    final LongAdder udpFallbacks = new LongAdder();

    public long connectAttempts() {
        return connectAttempts.sum();
    }

    public long sessionsFailed() {
        return sessionsFailed.sum();
    }

    public long malformedResponses() {
        return malformedResponses.sum();
    }

    public long authFailures() {
        return authFailures.sum();
    }

    public long unexpectedFrames() {
        return unexpectedFrames.sum();
    }

    public long udpFallbacks() {
        return udpFallbacks.sum();
    }

}
