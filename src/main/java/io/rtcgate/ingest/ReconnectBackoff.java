package io.rtcgate.ingest;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for reconnecting to a camera: the n-th consecutive failure waits
 * {@code min(max, initial * 2^n)}, of which a share {@code jitter} is drawn at random so that many cameras that failed together
 * do not retry together. {@link #reset()} after a session that worked.
 */
public final class ReconnectBackoff {
    private final long initialMillis;
    private final long maxMillis;
    private final double jitter;
    private int failures;

    public ReconnectBackoff(Duration initial, Duration max, double jitter) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.jitter = Math.min(1, Math.max(0, jitter));
    }

    /** The delay before the next attempt; counts one more failure. */
    public long nextDelayMillis() {
        int shift = Math.min(failures, 30);
        failures++;
        long base = Math.min(maxMillis, initialMillis << shift);
        long randomPart = (long) (base * jitter);
        return base - randomPart + (randomPart == 0 ? 0 : ThreadLocalRandom.current().nextLong(randomPart + 1));
    }

    public int failures() {
        return failures;
    }

    public void reset() {
        failures = 0;
    }
}
