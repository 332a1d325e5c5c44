package io.rtcgate.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

/** Proves the leak guard works: the detector runs PARANOID and a dropped buffer is reported and caught. */
class LeakDetectionSelfTest {

    @Test
    void detectorIsParanoid() {
        assertTrue(ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.PARANOID,
                "surefire must set io.netty.leakDetection.level=paranoid, got " + ResourceLeakDetector.getLevel());
    }

    @Test
    void anUnreleasedBufferIsReported() throws Exception {
        LeakReports.install();
        LeakReports.drain();
        leakOne();
        boolean reported = false;
        for (int i = 0; i < 20 && !reported; i++) {
            System.gc();
            Thread.sleep(20);
            PooledByteBufAllocator.DEFAULT.directBuffer(8).release();
            reported = !LeakReports.drain().isEmpty();
        }
        assertTrue(reported, "a deliberately leaked buffer was not reported");
    }

    private static void leakOne() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeLong(42);
    }
}
