package io.rtcgate.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (service loader + autodetection): after the class, forces a GC and allocates a few
 * buffers so Netty's PARANOID leak detector reports what was collected unreleased, then fails the class on any report.
 * A leak in a @QuarkusTest app is reported when that app's Netty next allocates, so it may surface one class later; the
 * report names where the buffer was last touched.
 */
public final class FailOnLeakExtension implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        LeakReports.install();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(50);
            poke();
        }
        List<String> leaks = LeakReports.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " ByteBuf leak(s) reported by Netty's leak detector during or before "
                    + context.getDisplayName() + ":\n" + String.join("\n---\n", leaks));
        }
    }

    /** Leak reports are emitted when a new buffer is tracked; allocate a few to flush them out. */
    private static void poke() {
        for (int i = 0; i < 8; i++) {
            ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(16);
            ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
            a.release();
            b.release();
        }
    }
}
