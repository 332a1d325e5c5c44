package io.rtcgate.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.rtcgate.transport.LatencyHistogram;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/** The figures the benchmark reads from {@code GET /v1/diagnostics} besides the packet counters. */
@QuarkusTest
class DiagnosticsResourceTest {

    @Test
    void benchmarkFiguresArePresentAndPlausible() throws InterruptedException {
        JsonPath json = given().get("/v1/diagnostics").then().statusCode(200).extract().jsonPath();

        int threads = json.getInt("jvmThreads");
        assertTrue(json.getInt("allThreads.count") > 0 && json.getInt("allThreads.count") <= threads + 8, json.prettify());
        assertTrue(json.getLong("allThreads.cpuNanos") > 0, "the JVM has used CPU");
        long allocated = json.getLong("allThreads.allocatedBytes");
        long loopAllocated = json.getList("loopThreads.allocatedBytes", Long.class).stream().mapToLong(Long::longValue).sum();
        assertTrue(allocated >= loopAllocated && allocated > 0, "all threads " + allocated + " >= loops " + loopAllocated);

        // the process total survives a collection and grows by at least what a fresh allocation adds
        long heapAllocated = json.getLong("allThreads.heapAllocatedBytes");
        assertTrue(heapAllocated > 0, json.prettify());
        byte[][] garbage = new byte[64][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[256 * 1024];
        }
        collectAndAwaitNotification();
        long later = given().get("/v1/diagnostics").then().statusCode(200).extract().jsonPath().getLong("allThreads.heapAllocatedBytes");
        assertTrue(later >= heapAllocated + 16L * 1024 * 1024 && garbage[63].length > 0,
                "16 MiB allocated and collected in between: " + heapAllocated + " -> " + later);

        long used = json.getLong("heap.usedBytes");
        long max = json.getLong("heap.maxBytes");
        assertTrue(used > 0 && json.getLong("heap.committedBytes") >= used, json.prettify());
        assertTrue(max == -1 || max >= json.getLong("heap.committedBytes"));
        assertTrue(json.getLong("heap.afterLastGcBytes") >= -1);

        assertTrue(json.getLong("direct.defaultAllocatorBytes") >= 0);
        assertTrue(json.getLong("direct.mediaAllocatorBytes") >= 0);
        assertEquals(json.getLong("nettyDirectBytes"),
                json.getLong("direct.defaultAllocatorBytes") + json.getLong("direct.mediaAllocatorBytes"));

        List<Long> lower = json.getList("latency.lowerBoundsNanos", Long.class);
        List<Long> counts = json.getList("latency.counts", Long.class);
        assertEquals(LatencyHistogram.BUCKETS, lower.size());
        assertEquals(LatencyHistogram.BUCKETS, counts.size());
        assertEquals(0L, lower.get(0));
        assertEquals(1024L, lower.get(1));
        assertEquals(json.getLong("latency.count"), counts.stream().mapToLong(Long::longValue).sum());
    }

    /**
     * {@code System.gc()}, then waits until the JVM's notification thread has told the collectors' listeners about that
     * collection: the gateway's {@code HeapAllocationCounter} accounts for it only then, after {@code System.gc()} has
     * returned. A listener added here runs after the gateway's (added at start-up) for the same notification; one of an
     * earlier collection still on its way is told apart by the collection's number.
     */
    private static void collectAndAwaitNotification() throws InterruptedException {
        CountDownLatch notified = new CountDownLatch(1);
        Map<String, Long> collectionsBefore = new ConcurrentHashMap<>();
        NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long before = collectionsBefore.getOrDefault(info.getGcName(), Long.MAX_VALUE);
                if ("System.gc()".equals(info.getGcCause()) && info.getGcInfo().getId() > before) {
                    notified.countDown();
                }
            }
        };
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
            collectionsBefore.put(gc.getName(), gc.getCollectionCount());
        }
        try {
            System.gc();
            assertTrue(notified.await(20, TimeUnit.SECONDS), "no notification of the System.gc() collection");
        } finally {
            for (NotificationEmitter emitter : emitters) {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (ListenerNotFoundException e) {
                    // gone already
                }
            }
        }
    }
}
