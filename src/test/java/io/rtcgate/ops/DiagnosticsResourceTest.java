package io.rtcgate.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.rtcgate.transport.LatencyHistogram;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures the benchmark reads from {@code GET /v1/diagnostics} besides the packet counters. */
@QuarkusTest
class DiagnosticsResourceTest {

    @Test
    void benchmarkFiguresArePresentAndPlausible() {
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
        System.gc();
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
}
