package io.rtcgate.testpeers;

import java.util.Arrays;

/**
 * What a viewer can tell about one RTP source from its sequence numbers alone: received, expected, lost, late
 * (reordered) and duplicate packets. Sequence numbers are extended past their 16-bit wrap as in RFC 3550 Appendix A.1:
 * a step forward of less than {@value #MAX_DROPOUT} is in order (with a gap of lost packets if larger than one), a step
 * back of at most {@value #MAX_MISORDER} is a late or duplicate packet, anything else is out of range; two out-of-range
 * packets in sequence mean the sender restarted its sequence (A.1's {@code bad_seq} rule).
 *
 * <p>Differences from A.1, on purpose: no probation (the viewer knows its sources from the SDP answer); duplicates are
 * recognised with a bit window over the last {@value #DUPLICATE_WINDOW} sequence numbers and counted apart, not as
 * received, so {@code lost = expected - unique} stays meaningful; a late packet from before the first one received
 * moves the base back, so it is expected as well as received; and every counter is cumulative for the tracker's
 * life, a restart included ({@code expected} adds up the segments), so two snapshots can be subtracted.
 *
 * <p>Threads: {@link #onPacket} is called by one thread only (the viewer's receive thread). {@link #snapshot()} may be
 * called from any thread: the writer brackets each update with a version number (odd while writing) and the reader
 * retries until it read all counters under one even version, so a snapshot is consistent without locks. No allocation
 * in {@link #onPacket}.
 */
public final class RtpSequenceTracker {
    /** A.1: a forward step smaller than this is in order (with a gap), not a jump. */
    public static final int MAX_DROPOUT = 3000;
    /** A.1: a backward step of at most this many is a late or duplicate packet, not a jump. */
    public static final int MAX_MISORDER = 100;
    /** Most recent sequence numbers remembered for duplicate detection; a power of two above MAX_MISORDER. */
    public static final int DUPLICATE_WINDOW = 1024;

    private static final int SEQ_MOD = 1 << 16;

    /** How one packet was classified. */
    public enum Outcome {
        FIRST, IN_ORDER, GAP, LATE, DUPLICATE, OUT_OF_RANGE, RESTART
    }

    /**
     * Counters at one moment, all cumulative.
     *
     * @param packets    every packet handed to {@link #onPacket}
     * @param unique     packets counted as received: not duplicates, not out of range
     * @param expected   extended highest - base + 1, summed over sequence restarts
     * @param lost       expected - unique, never negative
     * @param late       packets that arrived after a higher sequence number (reordered), duplicates excluded
     * @param duplicates packets whose sequence number was already received
     * @param outOfRange packets too far from the highest to be placed (a very old packet, or an unconfirmed jump)
     * @param restarts   confirmed jumps of the sender's sequence
     */
    public record Snapshot(long packets, long unique, long expected, long lost, long late, long duplicates,
            long outOfRange, long restarts) {
        public static final Snapshot ZERO = new Snapshot(0, 0, 0, 0, 0, 0, 0, 0);

        /** Field-wise sum. */
        public Snapshot plus(Snapshot o) {
            return new Snapshot(packets + o.packets, unique + o.unique, expected + o.expected, lost + o.lost,
                    late + o.late, duplicates + o.duplicates, outOfRange + o.outOfRange, restarts + o.restarts);
        }

        /** Field-wise difference: what happened between {@code earlier} and this snapshot. */
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(packets - earlier.packets, unique - earlier.unique, expected - earlier.expected,
                    lost - earlier.lost, late - earlier.late, duplicates - earlier.duplicates,
                    outOfRange - earlier.outOfRange, restarts - earlier.restarts);
        }
    }

    private final long[] seenWindow = new long[DUPLICATE_WINDOW / 64];

    // writer-only state
    private boolean started;
    private int maxSeq;
    private long cycles;
    private int badSeq = -1;

    // published state: written by the one writer inside an odd version, read by snapshot()
    private volatile long version;
    private volatile long packets;
    private volatile long unique;
    private volatile long extendedHighest;
    private volatile long extendedBase = 1; // so that expected = highest - base + 1 = 0 before the first packet
    private volatile long expectedBeforeRestart;
    private volatile long late;
    private volatile long duplicates;
    private volatile long outOfRange;
    private volatile long restarts;

    /** Accounts one authenticated packet with RTP sequence number {@code seq} (0..65535, higher bits ignored). */
    public Outcome onPacket(int seq) {
        seq &= 0xFFFF;
        long v = version;
        version = v + 1;
        try {
            packets = packets + 1;
            return classify(seq);
        } finally {
            version = v + 2;
        }
    }

    private Outcome classify(int seq) {
        if (!started) {
            started = true;
            startSequence(seq);
            unique = unique + 1;
            return Outcome.FIRST;
        }
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (udelta == 0) {
            duplicates = duplicates + 1;
            return Outcome.DUPLICATE;
        }
        if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            advanceWindow(udelta);
            maxSeq = seq;
            unique = unique + 1;
            extendedHighest = cycles + seq;
            return udelta == 1 ? Outcome.IN_ORDER : Outcome.GAP;
        }
        if (udelta < SEQ_MOD - MAX_MISORDER) {
            if (seq != badSeq) {
                badSeq = (seq + 1) & 0xFFFF;
                outOfRange = outOfRange + 1;
                return Outcome.OUT_OF_RANGE;
            }
            expectedBeforeRestart = expectedBeforeRestart + extendedHighest - extendedBase + 1;
            restarts = restarts + 1;
            startSequence(seq);
            unique = unique + 1;
            return Outcome.RESTART;
        }
        // behind the highest by 1..MAX_MISORDER
        if (markSeen(seq)) {
            duplicates = duplicates + 1;
            return Outcome.DUPLICATE;
        }
        long extended = cycles + maxSeq - (SEQ_MOD - udelta);
        if (extended < extendedBase) {
            extendedBase = extended;
        }
        unique = unique + 1;
        late = late + 1;
        return Outcome.LATE;
    }

    private void startSequence(int seq) {
        maxSeq = seq;
        cycles = 0;
        badSeq = -1;
        Arrays.fill(seenWindow, 0L);
        markSeen(seq);
        extendedBase = seq;
        extendedHighest = seq;
    }

    /** Forgets the window bits of maxSeq+1 .. maxSeq+steps (they may hold a lap-old mark), then marks the new highest. */
    private void advanceWindow(int steps) {
        if (steps >= DUPLICATE_WINDOW) {
            Arrays.fill(seenWindow, 0L);
        } else {
            for (int i = 1; i < steps; i++) {
                clearSeen((maxSeq + i) & 0xFFFF);
            }
            clearSeen((maxSeq + steps) & 0xFFFF);
        }
        markSeen((maxSeq + steps) & 0xFFFF);
    }

    private void clearSeen(int seq) {
        int bit = seq & (DUPLICATE_WINDOW - 1);
        seenWindow[bit >>> 6] &= ~(1L << bit);
    }

    /** Marks {@code seq} as received; whether it had been already. */
    private boolean markSeen(int seq) {
        int bit = seq & (DUPLICATE_WINDOW - 1);
        long mask = 1L << bit;
        long word = seenWindow[bit >>> 6];
        seenWindow[bit >>> 6] = word | mask;
        return (word & mask) != 0;
    }

    /** A consistent copy of the counters; any thread. */
    public Snapshot snapshot() {
        while (true) {
            long before = version;
            if ((before & 1) == 0) {
                long p = packets;
                long u = unique;
                long expected = expectedBeforeRestart + extendedHighest - extendedBase + 1;
                long l = late;
                long d = duplicates;
                long o = outOfRange;
                long r = restarts;
                if (version == before) {
                    return new Snapshot(p, u, expected, Math.max(0, expected - u), l, d, o, r);
                }
            }
            Thread.onSpinWait();
        }
    }
}
