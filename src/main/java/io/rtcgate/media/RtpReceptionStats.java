package io.rtcgate.media;

import java.util.Arrays;

/**
 * Reception accounting for one RTP source: sequence tracking (RFC 3550 Appendix A.1), cumulative and
 * interval loss (A.3) and interarrival jitter (§6.4.1, A.8).
 *
 * <p>Differences from A.1, on purpose: the source is known from RTSP SETUP, so the initial probation
 * of {@code MIN_SEQUENTIAL} packets is skipped and the first packet is counted at once; duplicates
 * are recognised with a bit window over the last {@value #DUPLICATE_WINDOW} sequence numbers and are
 * <em>not</em> counted as received (A.1 counts them, which can make "lost" negative). The big-jump
 * rule ({@code MAX_DROPOUT}, {@code MAX_MISORDER}, {@code bad_seq}) is as in A.1.
 *
 * <p>Threads: {@link #onPacket} and {@link #fractionLostSinceLastReport()} are called by the one
 * thread that owns the source (its event loop), without synchronization. The other getters may be
 * called from any thread: the values they read are published with opaque stores (see
 * {@link OpaqueCounters}: never torn, eventually visible, no fences on the hot path), but different
 * counters are not read as one snapshot, so derived values ({@link #lost()}) are clamped.
 * No allocation per packet.
 */
public final class RtpReceptionStats {
    /** A.1: a forward jump smaller than this is a gap, not a restart. */
    public static final int MAX_DROPOUT = 3000;
    /** A.1: a backward step smaller than this is a reordered (late) packet, not a restart. */
    public static final int MAX_MISORDER = 100;
    /** Number of most recent sequence numbers remembered for duplicate detection. */
    public static final int DUPLICATE_WINDOW = 1024;

    private static final int SEQ_MOD = 1 << 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    // Counter slots readable from other threads.
    private static final int RECEIVED = 0;
    private static final int EXTENDED_HIGHEST = 1;
    private static final int EXTENDED_BASE = 2;
    private static final int DUPLICATES = 3;
    private static final int REORDERED = 4;
    private static final int JITTER_Q4 = 5;
    private static final int RESTARTS = 6;
    private static final int OUT_OF_RANGE = 7;
    private static final int SLOTS = 8;

    private final int clockRate;
    private final OpaqueCounters counters = new OpaqueCounters(SLOTS);
    private final long[] seenWindow = new long[DUPLICATE_WINDOW / 64];

    private boolean started;
    private int maxSeq;
    private long cycles;
    private int badSeq = SEQ_MOD + 1;
    private long expectedPrior;
    private long receivedPrior;

    private boolean haveTransit;
    private long firstArrivalNanos;
    private int lastTransit;

    /** @param clockRate the RTP clock rate of the payload format (90000 for video), > 0 */
    public RtpReceptionStats(int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be > 0, got " + clockRate);
        }
        this.clockRate = clockRate;
        // expected() = highest - base + 1 reads 0 until the first packet.
        counters.set(EXTENDED_BASE, 1);
    }

    /**
     * Accounts one packet.
     *
     * @param seq          RTP sequence number, 0..65535
     * @param rtpTimestamp RTP timestamp, unsigned 32 bit
     * @param arrivalNanos arrival time on a monotonic clock ({@link System#nanoTime()})
     */
    public SequenceEvent onPacket(int seq, long rtpTimestamp, long arrivalNanos) {
        seq &= 0xFFFF;
        if (!started) {
            started = true;
            firstArrivalNanos = arrivalNanos;
            initSequence(seq);
            counters.increment(RECEIVED);
            updateJitter(rtpTimestamp, arrivalNanos);
            return SequenceEvent.FIRST;
        }
        int udelta = (seq - maxSeq) & 0xFFFF;
        SequenceEvent event;
        if (udelta == 0) {
            counters.increment(DUPLICATES);
            return SequenceEvent.DUPLICATE;
        } else if (udelta < MAX_DROPOUT) {
            // In order, with a permissible gap (A.1).
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            advanceWindow(udelta);
            maxSeq = seq;
            counters.set(EXTENDED_HIGHEST, cycles + seq);
            event = udelta == 1 ? SequenceEvent.IN_ORDER : SequenceEvent.GAP;
        } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
            // A very large jump. Two sequential packets: assume the sender restarted (A.1).
            if (seq != badSeq) {
                badSeq = (seq + 1) & 0xFFFF;
                counters.increment(OUT_OF_RANGE);
                return SequenceEvent.OUT_OF_RANGE;
            }
            initSequence(seq);
            counters.increment(RESTARTS);
            haveTransit = false;
            event = SequenceEvent.RESTART;
        } else {
            // Behind the highest by less than MAX_MISORDER: a duplicate or a late packet.
            if (markSeen(seq)) {
                counters.increment(DUPLICATES);
                return SequenceEvent.DUPLICATE;
            }
            counters.increment(REORDERED);
            event = SequenceEvent.REORDERED;
        }
        counters.increment(RECEIVED);
        updateJitter(rtpTimestamp, arrivalNanos);
        return event;
    }

    /** A.1 init_seq. Keeps the lifetime counters (duplicates, reordered, restarts, jitter). */
    private void initSequence(int seq) {
        maxSeq = seq;
        cycles = 0;
        badSeq = SEQ_MOD + 1;
        expectedPrior = 0;
        receivedPrior = 0;
        counters.set(RECEIVED, 0);
        counters.set(EXTENDED_BASE, seq);
        counters.set(EXTENDED_HIGHEST, seq);
        Arrays.fill(seenWindow, 0L);
        markSeen(seq);
    }

    /** Clears the window bits of the sequence numbers maxSeq+1 .. maxSeq+steps and marks the new highest. */
    private void advanceWindow(int steps) {
        if (steps >= DUPLICATE_WINDOW) {
            Arrays.fill(seenWindow, 0L);
        } else {
            for (int i = 1; i < steps; i++) {
                clearSeen((maxSeq + i) & 0xFFFF);
            }
        }
        clearSeen((maxSeq + steps) & 0xFFFF);
        markSeen((maxSeq + steps) & 0xFFFF);
    }

    private void clearSeen(int seq) {
        int bit = seq & (DUPLICATE_WINDOW - 1);
        seenWindow[bit >>> 6] &= ~(1L << bit);
    }

    /** Marks seq as seen; returns whether it was seen already. */
    private boolean markSeen(int seq) {
        int bit = seq & (DUPLICATE_WINDOW - 1);
        long mask = 1L << bit;
        long word = seenWindow[bit >>> 6];
        seenWindow[bit >>> 6] = word | mask;
        return (word & mask) != 0;
    }

    /**
     * RFC 3550 §6.4.1 / A.8: D(i-1,i) = (Rj - Ri) - (Sj - Si), J += (|D| - J) / 16, kept scaled by 16
     * as in A.8 to stay in integers. Arrival is converted to timestamp units; both sides are taken
     * modulo 2^32, which keeps the difference right across RTP timestamp wrap.
     */
    private void updateJitter(long rtpTimestamp, long arrivalNanos) {
        long elapsed = arrivalNanos - firstArrivalNanos;
        long arrivalUnits = (elapsed / NANOS_PER_SECOND) * clockRate
                + (elapsed % NANOS_PER_SECOND) * clockRate / NANOS_PER_SECOND;
        int transit = (int) (arrivalUnits - rtpTimestamp);
        if (!haveTransit) {
            haveTransit = true;
            lastTransit = transit;
            return;
        }
        int d = transit - lastTransit;
        lastTransit = transit;
        if (d < 0) {
            d = -d;
        }
        long jitterQ4 = counters.own(JITTER_Q4);
        counters.set(JITTER_Q4, jitterQ4 + d - ((jitterQ4 + 8) >> 4));
    }

    /**
     * A.3: the fraction of packets lost since the previous call, as an 8-bit fixed point number
     * (lost / expected * 256, 0..255); starts a new interval. Owner thread only.
     */
    public int fractionLostSinceLastReport() {
        long expected = expected();
        long received = counters.own(RECEIVED);
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval <= 0 || lostInterval <= 0) {
            return 0;
        }
        return (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }

    /** Packets counted as received since the first packet or the last restart (duplicates excluded). */
    public long received() {
        return counters.get(RECEIVED);
    }

    /** A.3: extended highest sequence number - base + 1; 0 before the first packet. */
    public long expected() {
        return counters.get(EXTENDED_HIGHEST) - counters.get(EXTENDED_BASE) + 1;
    }

    /** Cumulative packets lost, expected - received, never negative. */
    public long lost() {
        long expected = expected();
        long received = received();
        return Math.max(0, expected - received);
    }

    public long duplicates() {
        return counters.get(DUPLICATES);
    }

    public long reordered() {
        return counters.get(REORDERED);
    }

    /** How often the sender's sequence restarted (confirmed big jumps). */
    public long restarts() {
        return counters.get(RESTARTS);
    }

    /** Packets dropped as {@link SequenceEvent#OUT_OF_RANGE}. */
    public long outOfRange() {
        return counters.get(OUT_OF_RANGE);
    }

    /** Cycle count in the high 16 bits, highest sequence number in the low 16 (RFC 3550 §6.4.1). */
    public long extendedHighestSequence() {
        return counters.get(EXTENDED_HIGHEST);
    }

    /** Interarrival jitter in RTP timestamp units, as reported in RTCP (A.8: J >> 4). */
    public long jitter() {
        return counters.get(JITTER_Q4) >> 4;
    }

    /** Interarrival jitter in seconds. */
    public double jitterSeconds() {
        return counters.get(JITTER_Q4) / 16.0 / clockRate;
    }

    public int clockRate() {
        return clockRate;
    }
}
