package io.rtcgate.ingest.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Any text: parseAll succeeds (and format() parses back to the same header) or throws RtspProtocolException. */
class TransportHeaderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parseAll(byte[] data) throws RtspProtocolException {
        String value = new String(data, StandardCharsets.UTF_8);
        List<TransportHeader> all;
        try {
            all = TransportHeader.parseAll(value);
        } catch (RtspProtocolException e) {
            assertFalse(e.getMessage().isEmpty());
            return;
        }
        assertTrue(!all.isEmpty() && all.size() <= TransportHeader.MAX_ALTERNATIVES);
        for (TransportHeader t : all) {
            assertEquals(t, TransportHeader.parse(t.format()), t.format());
        }
    }
}
