package io.rtcgate.media;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter written by one thread (a stream's event loop) and read by any: the writer does a plain read and an opaque
 * write, no atomic read-modify-write and no fence, so counting costs about as much as a field increment; readers see
 * a recent, untorn value.
 */
public final class SingleWriterCounter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(SingleWriterCounter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through VALUE
    private long value;

    /** Adds one; call only from the owning thread. */
    public void increment() {
        VALUE.setOpaque(this, (long) VALUE.get(this) + 1);
    }

    /** Adds {@code delta}; call only from the owning thread. */
    public void add(long delta) {
        VALUE.setOpaque(this, (long) VALUE.get(this) + delta);
    }

    /** Sets the value; call only from the owning thread. */
    public void set(long newValue) {
        VALUE.setOpaque(this, newValue);
    }

    /** The value, from any thread. */
    public long get() {
        return (long) VALUE.getOpaque(this);
    }
}
