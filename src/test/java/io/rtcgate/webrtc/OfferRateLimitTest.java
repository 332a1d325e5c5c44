package io.rtcgate.webrtc;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WHEP offers per second per client address: beyond the burst, 429 with Retry-After, counted; other limits counted too. */
@QuarkusTest
@TestProfile(OfferRateLimitTest.TwoPerSecond.class)
class OfferRateLimitTest {

    public static class TwoPerSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rtcgate.webrtc.max-offers-per-second-per-client", "2",
                    "rtcgate.streams.cam1.source", "publisher");
        }
    }

    @Inject
    WebRtcGateway gateway;

    private static int post(byte[] body) {
        return given().contentType("application/sdp").body(body).post("/cam1/whep").then().extract().statusCode();
    }

    @Test
    void aBurstOfOffersFromOneAddressMeets429ThenRecovers() throws InterruptedException {
        byte[] malformed = "v=0\r\n".getBytes(StandardCharsets.US_ASCII);
        // 2 per second: the third offer meets the limit only if it comes within half a second of the first (one token
        // back after that). A round that took longer (a busy machine) proves nothing either way and is run again.
        for (int round = 1; ; round++) {
            Thread.sleep(1100); // a full bucket, whatever ran before
            long limitedBefore = gateway.stats().offersRateLimited();
            long start = System.nanoTime();
            assertEquals(400, post(malformed));
            assertEquals(400, post(malformed));
            var third = given().contentType("application/sdp").body(malformed).post("/cam1/whep").then().extract();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            if (third.statusCode() != 429 && tookMillis >= 500 && round < 5) {
                continue;
            }
            assertEquals(429, third.statusCode(),
                    "third offer within " + tookMillis + " ms of the first: " + third.body().asString());
            assertEquals("1", third.header("Retry-After"));
            assertTrue(third.body().asString().contains("too many offers"));
            assertEquals(limitedBefore + 1, gateway.stats().offersRateLimited());
            break;
        }
        Thread.sleep(600); // 2 per second: one token back after half a second
        assertEquals(400, post(malformed));
    }

    @Test
    void anOversizeOfferIsRefusedAndCounted() throws InterruptedException {
        Thread.sleep(1100);
        long before = gateway.stats().offersTooLarge();
        byte[] big = new byte[65 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        assertEquals(413, post(big));
        assertEquals(before + 1, gateway.stats().offersTooLarge());
    }
}
