package io.rtcgate.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting, bounded in time, for a condition that another thread or process makes true (an event loop, a peer process):
 * tests poll for the effect instead of sleeping a fixed time and hoping, which fails on a busy machine.
 */
public final class Poll {
    private static final long INTERVAL_MILLIS = 50;

    private Poll() {
    }

    /** True as soon as {@code condition} holds; false if it still does not after {@code timeout}. */
    public static boolean within(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(INTERVAL_MILLIS);
        }
        return condition.getAsBoolean();
    }

    /** Returns once {@code condition} holds; fails naming {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(timeout, condition, () -> what);
    }

    /** As {@link #await(String, Duration, BooleanSupplier)}, the failure message made only when it fails. */
    public static void await(Duration timeout, BooleanSupplier condition, Supplier<String> what)
            throws InterruptedException {
        if (!within(timeout, condition)) {
            throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what.get());
        }
    }
}
