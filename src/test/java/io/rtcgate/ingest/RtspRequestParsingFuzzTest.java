package io.rtcgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Any bytes: the request-line check and the request URL parser answer (null or a reason) and never throw. */
class RtspRequestParsingFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void requestLine(byte[] data) {
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        try {
            int readerIndex = buf.readerIndex();
            String problem = RtspRequestLineCheck.problem(buf);
            assertTrue(problem == null || !problem.isEmpty());
            assertEquals(readerIndex, buf.readerIndex(), "the check does not consume the message");
        } finally {
            buf.release();
        }
    }

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
