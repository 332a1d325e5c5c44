package io.rtcgate.ingest;

import static io.rtcgate.ingest.PublishServerFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connection limit and idle session timeout. */
@Timeout(60)
class RtspPublishServerLimitsTest {

    @Test
    void connectionsBeyondTheLimitAreRefusedAndCounted() throws Exception {
        try (PublishServerFixture fixture = new PublishServerFixture(Map.of("rtcgate.limits.max-rtsp-connections", "2"), 60);
                RawRtspConnection a = new RawRtspConnection(fixture.port());
                RawRtspConnection b = new RawRtspConnection(fixture.port())) {
            assertEquals(200, a.request("OPTIONS", fixture.url("x"), 1, null, null).status());
            assertEquals(200, b.request("OPTIONS", fixture.url("x"), 1, null, null).status());
            try (RawRtspConnection c = new RawRtspConnection(fixture.port())) {
                assertTrue(c.closedByServer());
            }
            assertEquals(1, fixture.stats().refusedConnections());
            assertEquals(2, fixture.stats().connections());
            b.close();
            assertTrue(await(() -> fixture.stats().openConnections() == 1, Duration.ofSeconds(5)));
            try (RawRtspConnection d = new RawRtspConnection(fixture.port())) {
                assertEquals(200, d.request("OPTIONS", fixture.url("x"), 1, null, null).status());
            }
        }
    }

    @Test
    void aSessionWithoutRequestsOrPacketsIsClosedAfterTheTimeout() throws Exception {
        try (PublishServerFixture fixture = new PublishServerFixture(Map.of(), 1);
                RawRtspConnection c = new RawRtspConnection(fixture.port())) {
            // from before the last request: the server's idle time starts when it reads it, which may be well before
            // this thread runs again on a busy machine
            long start = System.nanoTime();
            String session = RtspPublishServerProtocolTest.announceAndRecordOverTcp(c, "idle", 1);
            assertTrue(fixture.stream("idle").isPresent());
            assertTrue(c.closedByServer(), "closed within the socket timeout");
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= 900, "not before the timeout: " + elapsedMillis + " ms, session " + session);
            assertEquals(1, fixture.stats().idleTimeouts());
            assertTrue(await(() -> fixture.stream("idle").isEmpty(), Duration.ofSeconds(5)));
        }
    }
}
