package io.rtcgate.stream;

import io.netty.buffer.ByteBuf;

/**
 * The recent packetized video packets of one stream, shared by all its viewers: answers NACKs (RFC 4585 §6.2.1 generic
 * NACK asks for packets by sequence number) and holds the GOP cache (everything since the last keyframe, sent to a
 * viewer that joins so it can start decoding at once).
 *
 * <p>A ring of {@code capacity} slots indexed by {@code sequence & (capacity - 1)}. The packets held are always a
 * contiguous run of sequence numbers, oldest to newest. What is held is the longer of two runs ending at the newest
 * packet: the last {@code nackWindow} packets (for NACKs) and the current GOP (for joining viewers); nothing older.
 * {@link #add} appends the next packet, then releases from the oldest end while more than {@code nackWindow} packets
 * are held and the oldest is not the cached keyframe's first packet (counted in {@link #expired()}, the normal way
 * packets leave). Two hard bounds come first: before appending, {@link #add} evicts from the oldest end while either
 * would be exceeded, {@code capacity} packets or {@code maxBytes} bytes (counted in {@link #evicted()}: the history is
 * too small for the stream's GOPs). A packet whose sequence number does not follow the newest one starts the history
 * afresh (everything held is released, counted in {@link #discontinuities()}).
 *
 * <p>GOP cache: the history remembers the first packet of the last access unit flagged as keyframe start; the packets
 * from it to the newest are kept as long as they fit in the hard bounds. A GOP that outgrows them loses its keyframe
 * packet; from then on there is no cached GOP ({@link #keyframeStartSequence()} is -1, counted in
 * {@link #keyframesEvicted()}) and only the NACK window is kept, until the next keyframe arrives.
 * {@link #clearKeyframe()} forgets the keyframe without dropping packets (a new source: its GOP starts with its own
 * first keyframe); the next {@link #add} shrinks the history to the NACK window.
 *
 * <p>Ownership: {@link #add} takes the packet's reference; the history releases it when it is evicted, when the history
 * restarts, or on {@link #close()} (idempotent). {@link #find} and the {@link Visitor} hand out the held buffer without
 * retaining it: it stays valid until the next {@code add}/{@code close} on this loop; whoever keeps it longer retains
 * it. Users read the bytes with absolute getters and must not move its reader/writer index or write to it.
 *
 * <p>Threads: owned by the stream's event loop, every method is called there (no locks). No allocation after
 * construction.
 */
public final class PacketHistory implements AutoCloseable {
    public static final int DEFAULT_CAPACITY = 4096;
    public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;
    public static final int MIN_CAPACITY = 16;
    /** Half the sequence number space, so that "held" is unambiguous across the 16-bit wrap. */
    public static final int MAX_CAPACITY = 32768;
    /** Largest packet accepted (an RTP packet within one UDP datagram). */
    public static final int MAX_PACKET_BYTES = 65535;
    /** The byte bound must hold at least one packet of the largest size. */
    public static final long MIN_MAX_BYTES = MAX_PACKET_BYTES;
    /** NACK window of {@link #PacketHistory()}: about 1.2 s of a 1 Mbit/s stream. */
    public static final int DEFAULT_NACK_WINDOW = 128;
    public static final int MIN_NACK_WINDOW = MIN_CAPACITY;

    private static final int NONE = -1;
    private static final byte KEYFRAME_START = 1;
    private static final byte MARKER = 2;

    /** Receives held packets in sequence order; the buffer is not retained for it (see the class comment). */
    @FunctionalInterface
    public interface Visitor {
        void visit(ByteBuf packet, int sequence, long rtpTimestamp, boolean keyframeStart, boolean marker);
    }

    private final int mask;
    private final long maxBytes;
    private final int nackWindow;
    private final ByteBuf[] packets;
    private final int[] lengths;
    private final int[] timestamps;
    private final byte[] flags;

    private int oldest;
    private int count;
    private long bytes;
    private int keyframeSequence = NONE;
    private boolean closed;
    /** Changes on every add and release, so that a visitor that modifies the history is caught. */
    private int generation;

    private long evicted;
    private long expired;
    private long keyframesEvicted;
    private long discontinuities;

    /**
     * @param capacity   a power of two in {@value #MIN_CAPACITY}..{@value #MAX_CAPACITY}
     * @param maxBytes   bound on the sum of the held packets' sizes, at least {@value #MIN_MAX_BYTES}
     * @param nackWindow how many of the newest packets are kept for NACKs even when older than the current GOP,
     *                   {@value #MIN_NACK_WINDOW}..capacity
     */
    public PacketHistory(int capacity, long maxBytes, int nackWindow) {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in " + MIN_CAPACITY + ".."
                    + MAX_CAPACITY + ", got " + capacity);
        }
        if (maxBytes < MIN_MAX_BYTES) {
            throw new IllegalArgumentException("maxBytes must be at least " + MIN_MAX_BYTES + ", got " + maxBytes);
        }
        if (nackWindow < MIN_NACK_WINDOW || nackWindow > capacity) {
            throw new IllegalArgumentException("nackWindow must be in " + MIN_NACK_WINDOW + ".." + capacity + ", got "
                    + nackWindow);
        }
        this.mask = capacity - 1;
        this.maxBytes = maxBytes;
        this.nackWindow = nackWindow;
        this.packets = new ByteBuf[capacity];
        this.lengths = new int[capacity];
        this.timestamps = new int[capacity];
        this.flags = new byte[capacity];
    }

    /** A NACK window as large as the capacity: only the hard bounds release packets. */
    public PacketHistory(int capacity, long maxBytes) {
        this(capacity, maxBytes, capacity);
    }

    /** With {@link #DEFAULT_CAPACITY}, {@link #DEFAULT_MAX_BYTES} and {@link #DEFAULT_NACK_WINDOW}. */
    public PacketHistory() {
        this(DEFAULT_CAPACITY, DEFAULT_MAX_BYTES, DEFAULT_NACK_WINDOW);
    }

    /**
     * Appends a packet, taking ownership of it (see the class comment). After {@link #close()} the packet is released
     * at once.
     *
     * @param sequence      its RTP sequence number, 0..65535; normally the newest one's plus one
     * @param rtpTimestamp  its RTP timestamp (low 32 bits kept)
     * @param keyframeStart first packet of a keyframe access unit: becomes the start of the GOP cache
     * @param marker        last packet of its access unit
     * @throws IllegalArgumentException (after releasing the packet) if sequence is out of range or the packet is larger
     *                                  than {@value #MAX_PACKET_BYTES} bytes
     */
    public void add(ByteBuf packet, int sequence, long rtpTimestamp, boolean keyframeStart, boolean marker) {
        int length = packet.readableBytes();
        if (closed || sequence < 0 || sequence > 0xFFFF || length > MAX_PACKET_BYTES) {
            packet.release();
            if (closed) {
                return;
            }
            throw new IllegalArgumentException("packet " + sequence + " of " + length
                    + " bytes: sequence must be in 0..65535 and size at most " + MAX_PACKET_BYTES);
        }
        generation++;
        if (count > 0 && sequence != ((oldest + count) & 0xFFFF)) {
            discontinuities++;
            releaseAll();
        }
        while (count > 0 && (count > mask || bytes + length > maxBytes)) {
            evicted++;
            releaseOldest();
        }
        if (count == 0) {
            oldest = sequence;
        }
        int slot = sequence & mask;
        packets[slot] = packet;
        lengths[slot] = length;
        timestamps[slot] = (int) rtpTimestamp;
        flags[slot] = (byte) ((keyframeStart ? KEYFRAME_START : 0) | (marker ? MARKER : 0));
        count++;
        bytes += length;
        if (keyframeStart) {
            keyframeSequence = sequence;
        }
        // older than both the NACK window and the current GOP (all of it when there is none): no use any more
        while (count > nackWindow && oldest != keyframeSequence) {
            expired++;
            releaseOldest();
        }
    }

    private void releaseOldest() {
        int slot = oldest & mask;
        ByteBuf packet = packets[slot];
        packets[slot] = null;
        bytes -= lengths[slot];
        if (oldest == keyframeSequence) {
            keyframeSequence = NONE; // the GOP no longer fits: no cached GOP until the next keyframe
            keyframesEvicted++;
        }
        oldest = (oldest + 1) & 0xFFFF;
        count--;
        packet.release();
    }

    private void releaseAll() {
        generation++;
        keyframeSequence = NONE;
        while (count > 0) {
            int slot = oldest & mask;
            ByteBuf packet = packets[slot];
            packets[slot] = null;
            oldest = (oldest + 1) & 0xFFFF;
            count--;
            packet.release();
        }
        bytes = 0;
    }

    /** Whether the packet with this sequence number is held. */
    public boolean contains(int sequence) {
        return sequence >= 0 && sequence <= 0xFFFF && ((sequence - oldest) & 0xFFFF) < count;
    }

    /**
     * The held packet with this sequence number, not retained (see the class comment), or {@code null} if it was
     * evicted, never added, or the history is closed.
     */
    public ByteBuf find(int sequence) {
        return contains(sequence) ? packets[sequence & mask] : null;
    }

    /** RTP timestamp of a held packet (unsigned 32 bit); -1 if not held. */
    public long timestampOf(int sequence) {
        return contains(sequence) ? timestamps[sequence & mask] & 0xFFFF_FFFFL : -1;
    }

    /**
     * Sequence number of the first packet of the last keyframe access unit whose packets are all held; -1 if there is
     * none (no keyframe yet, evicted, or cleared).
     */
    public int keyframeStartSequence() {
        return keyframeSequence;
    }

    /**
     * Visits every held packet from the last keyframe's first packet to the newest, in order; visits nothing without a
     * cached keyframe. The visitor must not add to or close this history.
     *
     * @return the number of packets visited
     * @throws IllegalStateException if the visitor modified the history
     */
    public int forEachSinceKeyframe(Visitor visitor) {
        if (keyframeSequence == NONE) {
            return 0;
        }
        return forEachFrom(keyframeSequence, visitor);
    }

    /**
     * Visits the held packets from {@code sequence} to the newest, in order; nothing if {@code sequence} is not held.
     * The visitor must not add to or close this history.
     *
     * @return the number of packets visited
     * @throws IllegalStateException if the visitor modified the history
     */
    public int forEachFrom(int sequence, Visitor visitor) {
        if (!contains(sequence)) {
            return 0;
        }
        int n = count - ((sequence - oldest) & 0xFFFF);
        int expectedGeneration = generation;
        for (int i = 0; i < n; i++) {
            int seq = (sequence + i) & 0xFFFF;
            int slot = seq & mask;
            int f = flags[slot];
            visitor.visit(packets[slot], seq, timestamps[slot] & 0xFFFF_FFFFL, (f & KEYFRAME_START) != 0,
                    (f & MARKER) != 0);
            if (generation != expectedGeneration) {
                throw new IllegalStateException("history modified while visiting it");
            }
        }
        return n;
    }

    /** Forgets the cached keyframe (the packets stay for NACKs); the next keyframe starts the GOP cache again. */
    public void clearKeyframe() {
        keyframeSequence = NONE;
    }

    /** Number of held packets. */
    public int size() {
        return count;
    }

    /** Sum of the held packets' sizes. */
    public long bytes() {
        return bytes;
    }

    /** Sequence number of the oldest held packet; -1 if empty. */
    public int oldestSequence() {
        return count == 0 ? NONE : oldest;
    }

    /** Sequence number of the newest held packet; -1 if empty. */
    public int newestSequence() {
        return count == 0 ? NONE : (oldest + count - 1) & 0xFFFF;
    }

    public int capacity() {
        return mask + 1;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Most packets held for NACKs beyond the current GOP. */
    public int nackWindow() {
        return nackWindow;
    }

    /** Packets released because a hard bound (capacity or maxBytes) was reached. */
    public long evicted() {
        return evicted;
    }

    /** Packets released because they were older than both the NACK window and the current GOP. */
    public long expired() {
        return expired;
    }

    /** Keyframe packets evicted while they started the GOP cache: GOPs larger than the bounds. */
    public long keyframesEvicted() {
        return keyframesEvicted;
    }

    /** Packets whose sequence number did not follow the newest one (the history restarted). */
    public long discontinuities() {
        return discontinuities;
    }

    /** Releases every held packet; later adds release their packet at once. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            releaseAll();
        }
    }
}
