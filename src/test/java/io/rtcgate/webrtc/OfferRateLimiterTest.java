package io.rtcgate.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OfferRateLimiterTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @Test
    void aClientGetsABurstThenTheRate() {
        OfferRateLimiter limiter = new OfferRateLimiter(3, 100, clock::get);
        assertTrue(limiter.tryAcquire("192.0.2.1"));
        assertTrue(limiter.tryAcquire("192.0.2.1"));
        assertTrue(limiter.tryAcquire("192.0.2.1"));
        assertFalse(limiter.tryAcquire("192.0.2.1"));
        assertTrue(limiter.tryAcquire("192.0.2.2"), "another address has its own bucket");
        clock.addAndGet(340_000_000L); // a third of a second: one token
        assertTrue(limiter.tryAcquire("192.0.2.1"));
        assertFalse(limiter.tryAcquire("192.0.2.1"));
        clock.addAndGet(10_000_000_000L); // refills to the burst size, not beyond
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire("192.0.2.1"));
        }
        assertFalse(limiter.tryAcquire("192.0.2.1"));
    }

    @Test
    void zeroMeansNoLimit() {
        OfferRateLimiter limiter = new OfferRateLimiter(0, 1, clock::get);
        for (int i = 0; i < 1000; i++) {
            assertTrue(limiter.tryAcquire("client" + i));
        }
        assertEquals(0, limiter.clients());
    }

    @Test
    void theAddressMapIsBoundedAndQuietClientsMakeRoom() {
        OfferRateLimiter limiter = new OfferRateLimiter(1, 2, clock::get);
        assertTrue(limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("b"));
        assertFalse(limiter.tryAcquire("c"), "map full, nobody quiet yet");
        assertEquals(2, limiter.clients());
        clock.addAndGet(2_000_000_000L);
        assertTrue(limiter.tryAcquire("c"), "a and b refilled: dropped, c fits");
        assertTrue(limiter.clients() <= 2);
    }
}
