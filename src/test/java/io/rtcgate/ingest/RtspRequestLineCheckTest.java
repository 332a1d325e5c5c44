package io.rtcgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Request-Line = Method SP Request-URI SP RTSP-Version CRLF (RFC 2326 §6.1). */
class RtspRequestLineCheckTest {

    @Test
    void wellFormedLinesPass() {
        assertNull(problem("OPTIONS rtsp://h/cam RTSP/1.0\r\nCSeq: 1\r\n\r\n"));
        assertNull(problem("\r\nGET_PARAMETER * RTSP/1.0\r\n\r\n"));
        assertNull(problem("FROBNICATE rtsp://h/x RTSP/1.0\r\n\r\n"), "unknown methods are the session's business (501)");
        assertNull(problem("RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n"), "a status line passes, the session ignores it");
    }

    @Test
    void malformedLinesAreRejectedWithAReason() {
        assertEquals("empty message", problem("\r\n\r\n"));
        assertNotNull(problem("\u0001\u0002\u0003hello\r\n\r\n"));
        assertNotNull(problem("OPTIONS\r\nCSeq: 1\r\n\r\n"));
        assertNotNull(problem("OPTIONS rtsp://h/cam\r\n\r\n"));
        assertNotNull(problem("OPTIONS rtsp://h/cam HTTP/1.1\r\n\r\n"));
        assertNotNull(problem("OPTIONS rtsp://h/cam RTSP/10\r\n\r\n"));
        assertNotNull(problem("OPT(IONS rtsp://h/cam RTSP/1.0\r\n\r\n"));
        assertNotNull(problem("OPTIONS rtsp://h/\u0007cam RTSP/1.0\r\n\r\n"));
        assertNotNull(problem("A".repeat(40) + " rtsp://h/cam RTSP/1.0\r\n\r\n"));
        assertNotNull(problem("RTSP/1.0\r\n\r\n"));
    }

    private static String problem(String text) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
        try {
            return RtspRequestLineCheck.problem(buf);
        } finally {
            buf.release();
        }
    }
}
