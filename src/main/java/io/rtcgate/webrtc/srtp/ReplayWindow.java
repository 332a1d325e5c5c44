package io.rtcgate.webrtc.srtp;

/**
 * Sliding replay window over packet indexes (RFC 3711 §3.3.2): remembers which of the last {@code size} indexes up
 * to the highest one were seen. Circular bitmap: bit (index mod size) stands for index, so sliding forward clears
 * the skipped bits instead of shifting. Allocation-free after construction; not thread-safe.
 *
 * <p>Check before authenticating ({@link #check}), record only authenticated packets ({@link #accept}).
 */
final class ReplayWindow {
    /** Default and minimum window (RFC 3711 §3.3.2 asks for at least 64). */
    static final int DEFAULT_SIZE = 128;

    private final long[] bits;
    private final int size;
    private final int mask;
    private long highest = -1;

    ReplayWindow(int size) {
        if (size < 64 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("replay window must be a power of two >= 64, got " + size);
        }
        this.size = size;
        this.mask = size - 1;
        this.bits = new long[size / 64];
    }

    /** True until the first {@link #accept}. */
    boolean isEmpty() {
        return highest < 0;
    }

    /** Highest accepted index, or -1. */
    long highest() {
        return highest;
    }

    /** {@link SrtpError#NONE} if {@code index} (>= 0) may be accepted, else REPLAYED or TOO_OLD. */
    SrtpError check(long index) {
        if (index > highest) {
            return SrtpError.NONE;
        }
        if (highest - index >= size) {
            return SrtpError.TOO_OLD;
        }
        return isSet(index) ? SrtpError.REPLAYED : SrtpError.NONE;
    }

    /** Records {@code index}, which {@link #check} allowed. */
    void accept(long index) {
        if (index > highest) {
            if (highest < 0 || index - highest >= size) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                for (long i = highest + 1; i < index; i++) {
                    clear(i);
                }
            }
            highest = index;
        }
        int bit = (int) (index & mask);
        bits[bit >>> 6] |= 1L << bit;
    }

    private boolean isSet(long index) {
        int bit = (int) (index & mask);
        return (bits[bit >>> 6] & (1L << bit)) != 0;
    }

    private void clear(long index) {
        int bit = (int) (index & mask);
        bits[bit >>> 6] &= ~(1L << bit);
    }
}
