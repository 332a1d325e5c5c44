package io.rtcgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void doublesUpToTheCapWithoutJitter() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1000), 0);
        assertEquals(100, b.nextDelayMillis());
        assertEquals(200, b.nextDelayMillis());
        assertEquals(400, b.nextDelayMillis());
        assertEquals(800, b.nextDelayMillis());
        assertEquals(1000, b.nextDelayMillis());
        for (int i = 0; i < 100; i++) {
            assertEquals(1000, b.nextDelayMillis(), "no overflow after many failures");
        }
        b.reset();
        assertEquals(100, b.nextDelayMillis());
    }

    @Test
    void jitterStaysWithinItsShare() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofMillis(1000), Duration.ofMillis(1000), 0.5);
        boolean varied = false;
        long first = b.nextDelayMillis();
        for (int i = 0; i < 200; i++) {
            long d = b.nextDelayMillis();
            assertTrue(d >= 500 && d <= 1000, "delay " + d);
            varied |= d != first;
        }
        assertTrue(varied, "jitter must vary the delay");
    }
}
