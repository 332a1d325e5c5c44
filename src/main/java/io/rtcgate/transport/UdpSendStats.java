package io.rtcgate.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * Send-side counters of the WebRTC UDP port: datagrams and flushes, and a histogram of datagrams per flush — with native
 * epoll one flush is one {@code sendmmsg} call (up to 1024 datagrams), so this is the batching the kernel sees.
 * Buckets: 1, 2-3, 4-7, 8-15, 16-31, 32-63, 64+.
 */
public final class UdpSendStats {
    public static final String[] BUCKET_LABELS = {"1", "2-3", "4-7", "8-15", "16-31", "32-63", "64+"};

    final LongAdder datagrams = new LongAdder();
    final LongAdder flushes = new LongAdder();
    final LongAdder sendErrors = new LongAdder();
    private final LongAdder[] buckets = new LongAdder[BUCKET_LABELS.length];

    UdpSendStats() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void recordFlush(int datagramsInFlush) {
        datagrams.add(datagramsInFlush);
        flushes.increment();
        int bucket = Math.min(buckets.length - 1, 31 - Integer.numberOfLeadingZeros(datagramsInFlush));
        buckets[bucket].increment();
    }

    public long datagrams() {
        return datagrams.sum();
    }

    /** Send calls: one per flush that had something to send. */
    public long sends() {
        return flushes.sum();
    }

    public long sendErrors() {
        return sendErrors.sum();
    }

    public double datagramsPerSend() {
        long f = flushes.sum();
        return f == 0 ? 0 : (double) datagrams.sum() / f;
    }

    public long[] histogram() {
        long[] out = new long[buckets.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = buckets[i].sum();
        }
        return out;
    }
}
