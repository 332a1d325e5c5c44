package io.rtcgate.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * The gateway latency timer is fed once per UDP flush on the event loops, so recording must not allocate; and it must show
 * up in Prometheus text as a histogram with buckets and the 0.95 quantile.
 */
class WebRtcMetricsLatencyTimerTest {

    @Test
    void recordingDoesNotAllocateInSteadyState() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer timer = WebRtcMetrics.latencyTimer(registry);
        LongConsumer recorder = nanos -> timer.record(nanos, TimeUnit.NANOSECONDS); // as UdpMux gets it
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 200_000; i++) { // warm up: JIT, HdrHistogram sizing, LongAdder cells
            recorder.accept(10_000 + (i % 5_000) * 100L);
        }
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            recorder.accept(10_000 + (i % 5_000) * 100L);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        // getThreadAllocatedBytes itself may allocate a few bytes; 100k records allocating even 8 bytes each would be 800 kB
        assertTrue(allocated < 4096, "100000 Timer.record calls allocated " + allocated + " bytes");
        assertEquals(300_000, timer.count());
    }

    @Test
    void prometheusTextHasBucketsAndQuantiles() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer timer = WebRtcMetrics.latencyTimer(registry);
        for (int i = 1; i <= 100; i++) {
            timer.record(i * 10L, TimeUnit.MICROSECONDS); // 10 µs .. 1 ms
        }
        String text = registry.scrape();
        assertTrue(text.contains("rtcgate_gateway_latency_seconds_bucket{le=\"+Inf\",} 100.0"), text);
        assertTrue(text.contains("rtcgate_gateway_latency_seconds_count 100.0"), text);
        assertTrue(text.contains("rtcgate_gateway_latency_seconds{quantile=\"0.95\",}"), text);
        double p95 = timer.takeSnapshot().percentileValues()[1].value(TimeUnit.MICROSECONDS);
        assertTrue(p95 >= 900 && p95 <= 1000, "P95 of 10..1000 µs: " + p95);
    }
}
