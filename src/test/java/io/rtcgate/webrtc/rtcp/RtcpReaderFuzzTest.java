package io.rtcgate.webrtc.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Any bytes as a decrypted compound RTCP packet from a viewer: no exception, callbacks bounded by the input, values in range. */
class RtcpReaderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void read(byte[] data) {
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        try {
            int[] callbacks = new int[1];
            RtcpFeedbackHandler handler = new RtcpFeedbackHandler() {
                @Override
                public void onReceiverReport(long mediaSsrc, int fractionLost, int cumulativeLost, long extendedHighestSequence,
                        long jitter, long lastSr, long delaySinceLastSr) {
                    callbacks[0]++;
                    assertUnsigned32(mediaSsrc);
                    assertTrue(fractionLost >= 0 && fractionLost <= 255);
                    assertTrue(cumulativeLost >= -0x800000 && cumulativeLost <= 0x7FFFFF);
                    assertUnsigned32(extendedHighestSequence);
                    assertUnsigned32(jitter);
                    assertUnsigned32(lastSr);
                    assertUnsigned32(delaySinceLastSr);
                }

                @Override
                public void onKeyframeRequest(long mediaSsrc, boolean fir) {
                    callbacks[0]++;
                    assertUnsigned32(mediaSsrc);
                }

                @Override
                public void onNack(long mediaSsrc, int pid, int blp) {
                    callbacks[0]++;
                    assertUnsigned32(mediaSsrc);
                    assertTrue(pid >= 0 && pid <= 0xFFFF && blp >= 0 && blp <= 0xFFFF);
                }
            };
            int packets = RtcpReader.read(buf, handler);
            assertTrue(packets >= -1 && packets <= data.length / 4, "packets " + packets);
            // every callback needs at least 4 bytes of its own
            assertTrue(callbacks[0] <= data.length / 4, "callbacks " + callbacks[0]);
            assertEquals(0, buf.readerIndex());
            assertEquals(data.length, buf.writerIndex());
        } finally {
            buf.release();
        }
    }

    private static void assertUnsigned32(long value) {
        assertTrue(value >= 0 && value <= 0xFFFFFFFFL, Long.toString(value));
    }
}
