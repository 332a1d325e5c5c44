package io.rtcgate.ingest;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the RTSP publish server, updated from any event loop (once per connection or request, never per packet)
 * and read from anywhere.
 */
public final class RtspServerStats {
    final LongAdder connections = new LongAdder();
    final AtomicInteger openConnections = new AtomicInteger();
    final LongAdder refusedConnections = new LongAdder();
    final LongAdder malformedRequests = new LongAdder();
    final LongAdder authFailures = new LongAdder();
    final LongAdder publishersRefused = new LongAdder();
    final LongAdder idleTimeouts = new LongAdder();
    final LongAdder garbageBytes = new LongAdder();
    final LongAdder truncatedBytes = new LongAdder();

    /** Connections accepted since start (refused ones not included). */
    public long connections() {
        return connections.sum();
    }

    /** Connections open now. */
    public int openConnections() {
        return openConnections.get();
    }

    /** Connections closed at once because {@code rtcgate.limits.max-rtsp-connections} were open. */
    public long refusedConnections() {
        return refusedConnections.sum();
    }

    /**
     * Requests that could not be parsed: bad request line or header, header or body over the limit, bad Content-Length,
     * missing CSeq, bad URL or SDP, or a response where a request belongs.
     */
    public long malformedRequests() {
        return malformedRequests.sum();
    }

    /** Requests answered 401 because credentials were missing or wrong (a first request without any counts too). */
    public long authFailures() {
        return authFailures.sum();
    }

    /** Publishers turned away: stream name refused, no supported track, or the stream already has a publisher. */
    public long publishersRefused() {
        return publishersRefused.sum();
    }

    /** Sessions closed because neither RTSP requests nor RTP arrived within the session timeout. */
    public long idleTimeouts() {
        return idleTimeouts.sum();
    }

    /**
     * Bytes between messages that were neither an RTSP message nor an interleaved frame, skipped by the demuxer until it
     * found the next message (added when the connection closes).
     */
    public long garbageBytes() {
        return garbageBytes.sum();
    }

    /** Bytes of messages or frames cut short by the end of a connection (added when it closes). */
    public long truncatedBytes() {
        return truncatedBytes.sum();
    }

    @Override
    public String toString() {
        return "RtspServerStats[connections=" + connections() + ", open=" + openConnections() + ", refusedConnections="
                + refusedConnections() + ", malformedRequests=" + malformedRequests() + ", authFailures=" + authFailures()
                + ", publishersRefused=" + publishersRefused() + ", idleTimeouts=" + idleTimeouts() + ", garbageBytes="
                + garbageBytes() + ", truncatedBytes=" + truncatedBytes() + "]";
    }
}
