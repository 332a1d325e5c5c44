package io.rtcgate.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** Any bytes: the request URL parser answers (a target or null) and never throws. */
class RtspRequestParsingFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void requestTarget(byte[] data) {
        RequestTarget target = RequestTarget.parse(new String(data, StandardCharsets.UTF_8));
        if (target != null) {
            assertTrue(target.pathAndQuery().startsWith("/"));
            assertFalse(target.streamName().startsWith("/"));
            target.contentBase();
        }
    }
}
