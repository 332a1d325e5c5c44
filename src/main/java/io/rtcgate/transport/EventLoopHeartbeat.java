package io.rtcgate.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Liveness of event loops: submits a no-op to every loop of a group and waits, bounded, for each to run. A loop that does
 * not run its no-op in time is wedged (a blocked handler, a spin) — its streams and viewers get nothing. The caller never
 * waits longer than the timeout, whatever the loops do; a wedged loop keeps the queued no-ops (a few bytes each) until it
 * recovers.
 */
public final class EventLoopHeartbeat {

    /** What one heartbeat round saw: how many loops there are and the indexes (in group order) of those that did not answer. */
    public record Result(int loops, List<Integer> unresponsive, long waitedMillis) {
        public boolean allAnswered() {
            return unresponsive.isEmpty();
        }
    }

    private EventLoopHeartbeat() {
    }

    /** Pings every executor of {@code group}; returns within about {@code timeoutMillis}. */
    public static Result ping(EventExecutorGroup group, long timeoutMillis) {
        List<EventExecutor> executors = new ArrayList<>();
        group.iterator().forEachRemaining(executors::add);
        CountDownLatch answered = new CountDownLatch(executors.size());
        List<AtomicBoolean> ran = new ArrayList<>(executors.size());
        long start = System.nanoTime();
        for (EventExecutor executor : executors) {
            AtomicBoolean flag = new AtomicBoolean();
            ran.add(flag);
            try {
                executor.execute(() -> {
                    flag.set(true);
                    answered.countDown();
                });
            } catch (RuntimeException rejected) {
                // shut down or queue full: it will not answer
            }
        }
        try {
            answered.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Integer> silent = new ArrayList<>();
        for (int i = 0; i < ran.size(); i++) {
            if (!ran.get(i).get()) {
                silent.add(i);
            }
        }
        return new Result(executors.size(), List.copyOf(silent), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
