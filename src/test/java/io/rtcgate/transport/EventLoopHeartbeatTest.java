package io.rtcgate.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class EventLoopHeartbeatTest {

    @Test
    void everyIdleLoopAnswers() {
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(3);
        try {
            // a generous timeout: the loops' threads start with the ping, which a busy machine may take a while to do
            EventLoopHeartbeat.Result result = EventLoopHeartbeat.ping(group, 10_000);
            assertEquals(3, result.loops());
            assertTrue(result.allAnswered(), result.toString());
            assertTrue(result.waitedMillis() < 10_000, result.toString());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aWedgedLoopIsReportedByIndexAndTheCallerWaitsOnlyTheTimeout() throws Exception {
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(3);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        try {
            List<EventExecutor> loops = new ArrayList<>();
            group.iterator().forEachRemaining(loops::add);
            for (EventExecutor loop : loops) {
                loop.submit(() -> { }).get(20, TimeUnit.SECONDS); // threads started: the healthy ones answer at once
            }
            loops.get(1).execute(() -> {
                blocked.countDown();
                try {
                    release.await(15, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(blocked.await(5, TimeUnit.SECONDS));

            long start = System.nanoTime();
            EventLoopHeartbeat.Result result = EventLoopHeartbeat.ping(group, 1000);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertFalse(result.allAnswered());
            assertEquals(List.of(1), result.unresponsive());
            // the 1 s timeout, and far from the 15 s the wedged loop is blocked for
            assertTrue(took >= 990 && took < 10_000, "waited " + took + " ms");
        } finally {
            release.countDown();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aShutDownGroupAnswersNothingWithoutThrowing() {
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(2);
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        EventLoopHeartbeat.Result result = EventLoopHeartbeat.ping(group, 100);
        assertEquals(List.of(0, 1), result.unresponsive());
    }
}
