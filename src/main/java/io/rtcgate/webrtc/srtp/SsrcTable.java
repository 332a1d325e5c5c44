package io.rtcgate.webrtc.srtp;

import java.util.function.Supplier;

/**
 * A small bounded map from SSRC to per-stream state, open addressing with linear probing; no removal. Lookups
 * allocate nothing; an entry is created once per new SSRC. Not thread-safe.
 */
final class SsrcTable<T> {
    private final int[] keys;
    private final Object[] values;
    private final int capacity;
    private final int mask;
    private int size;

    SsrcTable(int capacity) {
        if (capacity < 1 || capacity > 1 << 16) {
            throw new IllegalArgumentException("SSRC table capacity must be 1..65536, got " + capacity);
        }
        this.capacity = capacity;
        int slots = Integer.highestOneBit(capacity * 2 - 1) << 1;
        keys = new int[slots];
        values = new Object[slots];
        mask = slots - 1;
    }

    /** The state of {@code ssrc}, or null. */
    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        for (int i = slot(ssrc); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == ssrc) {
                return (T) v;
            }
        }
    }

    boolean isFull() {
        return size >= capacity;
    }

    /** Adds state for an SSRC that {@link #get} did not find; returns null if the table is full. */
    T add(int ssrc, Supplier<T> factory) {
        if (isFull()) {
            return null;
        }
        int i = slot(ssrc);
        while (values[i] != null) {
            i = (i + 1) & mask;
        }
        T value = factory.get();
        keys[i] = ssrc;
        values[i] = value;
        size++;
        return value;
    }

    int size() {
        return size;
    }

    private int slot(int ssrc) {
        int h = ssrc * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
