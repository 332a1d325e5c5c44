package io.rtcgate.media;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A fixed set of {@code long} counters with exactly one writer thread (the event loop that owns the
 * stream) and any number of reader threads (metrics, stats API).
 *
 * <p>Writes use {@link VarHandle#setOpaque} and reads {@link VarHandle#getOpaque}: no tearing of the
 * 64-bit value, and a reader eventually sees every update, yet on x86/ARM an opaque store compiles to
 * a plain store (no fence), so the hot path pays nothing measurable. Opaque access gives no ordering
 * <em>between</em> counters: a reader may see {@code received} already incremented and
 * {@code expected} not yet; derived values must therefore be clamped by the reader.
 *
 * <p>Not for use by more than one writer: {@link #add} is a read-modify-write without atomicity.
 */
final class OpaqueCounters {
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] values;

    OpaqueCounters(int count) {
        this.values = new long[count];
    }

    /** Writer thread only. */
    void add(int index, long delta) {
        SLOTS.setOpaque(values, index, values[index] + delta);
    }

    /** Writer thread only. */
    void increment(int index) {
        SLOTS.setOpaque(values, index, values[index] + 1);
    }

    /** Writer thread only. */
    void set(int index, long value) {
        SLOTS.setOpaque(values, index, value);
    }

    /** Writer thread: the plain value it wrote last. */
    long own(int index) {
        return values[index];
    }

    /** Any thread. */
    long get(int index) {
        return (long) SLOTS.getOpaque(values, index);
    }
}
