package io.rtcgate.ingest.rtsp;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Test allocator that remembers every buffer it hands out, so a test can assert deterministically that all of them
 * (input, cumulations, copies) were released — the leak detector only reports after a GC.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> allocated = new ArrayList<>();

    TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf buf = UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
        allocated.add(buf);
        return buf;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf buf = UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
        allocated.add(buf);
        return buf;
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    ByteBuf copyOf(byte[] bytes) {
        ByteBuf buf = directBuffer(Math.max(1, bytes.length));
        buf.writeBytes(bytes);
        return buf;
    }

    /** Buffers not yet released (refCnt &gt; 0). */
    long unreleased() {
        return allocated.stream().filter(b -> b.refCnt() > 0).count();
    }

    int allocatedCount() {
        return allocated.size();
    }
}
