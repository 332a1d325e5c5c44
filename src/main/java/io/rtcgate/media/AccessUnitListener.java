package io.rtcgate.media;

/** Receives the access units a depacketizer completes, on the depacketizer's thread. */
@FunctionalInterface
public interface AccessUnitListener {
    /**
     * Called once per complete access unit. The unit and its {@link AccessUnit#data()} are valid only
     * during this call: the listener must not release data(), and must take its own
     * {@code retainedSlice()} or copy to keep the bytes longer.
     */
    void onAccessUnit(AccessUnit unit);
}
