package io.rtcgate.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * Send-side counters of the WebRTC UDP port.
 * <ul>
 * <li>{@link #datagrams()}: UDP datagrams that went out (each GSO segment counts as one);</li>
 * <li>{@link #sends()}: send calls. With native epoll one flush is one {@code sendmmsg} call (up to 1024 messages, each
 *     a datagram or a GSO run); with NIO every datagram is its own {@code send};</li>
 * <li>{@link #histogram()}: datagrams per send call, buckets 1, 2-3, 4-7, 8-15, 16-31, 32-63, 64+ — the batching the
 *     kernel sees;</li>
 * <li>{@link #gsoSends()} and {@link #gsoSegments()}: runs written as one {@code SegmentedDatagramPacket}, and the
 *     datagrams they carried;</li>
 * <li>{@link #sendErrors()}: failed writes and socket errors.</li>
 * </ul>
 * Written on the event loops, read from any thread.
 */
public final class UdpSendStats {
    public static final String[] BUCKET_LABELS = {"1", "2-3", "4-7", "8-15", "16-31", "32-63", "64+"};

    private final LongAdder datagrams = new LongAdder();
    private final LongAdder sends = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();
    private final LongAdder gsoSends = new LongAdder();
    private final LongAdder gsoSegments = new LongAdder();
    private final LongAdder[] buckets = new LongAdder[BUCKET_LABELS.length];

    UdpSendStats() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** One send call that carried {@code datagramsInSend} datagrams (at least 1). */
    void recordSend(int datagramsInSend) {
        datagrams.add(datagramsInSend);
        sends.increment();
        buckets[bucketOf(datagramsInSend)].increment();
    }

    /** {@code count} send calls of one datagram each (NIO). */
    void recordSingleSends(int count) {
        datagrams.add(count);
        sends.add(count);
        buckets[0].add(count);
    }

    void recordGsoRun(int segments) {
        gsoSends.increment();
        gsoSegments.add(segments);
    }

    void recordSendError() {
        sendErrors.increment();
    }

    static int bucketOf(int datagramsInSend) {
        return Math.min(BUCKET_LABELS.length - 1, 31 - Integer.numberOfLeadingZeros(Math.max(1, datagramsInSend)));
    }

    public long datagrams() {
        return datagrams.sum();
    }

    public long sends() {
        return sends.sum();
    }

    public long sendErrors() {
        return sendErrors.sum();
    }

    public long gsoSends() {
        return gsoSends.sum();
    }

    public long gsoSegments() {
        return gsoSegments.sum();
    }

    public double datagramsPerSend() {
        long s = sends.sum();
        return s == 0 ? 0 : (double) datagrams.sum() / s;
    }

    /** Send calls per bucket of {@link #BUCKET_LABELS}. */
    public long[] histogram() {
        long[] out = new long[buckets.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = buckets[i].sum();
        }
        return out;
    }
}
