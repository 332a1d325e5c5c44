package io.rtcgate.testsupport;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Test allocator that remembers every buffer it hands out, so a test can count allocations and assert deterministically
 * that all of them (input, cumulations, copies) were released — the leak detector only reports after a GC.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {
    private final UnpooledByteBufAllocator delegate = new UnpooledByteBufAllocator(true, false, false);
    private final List<ByteBuf> allocated = new ArrayList<>();

    /** {@link #buffer()} hands out direct buffers. */
    public TrackingAllocator() {
        this(true);
    }

    /** @param preferDirect whether {@link #buffer()} hands out direct buffers (heap ones otherwise) */
    public TrackingAllocator(boolean preferDirect) {
        super(preferDirect);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf buf = delegate.heapBuffer(initialCapacity, maxCapacity);
        allocated.add(buf);
        return buf;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf buf = delegate.directBuffer(initialCapacity, maxCapacity);
        allocated.add(buf);
        return buf;
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** A direct buffer holding {@code bytes}, counted like any other. */
    public ByteBuf copyOf(byte[] bytes) {
        ByteBuf buf = directBuffer(Math.max(1, bytes.length));
        buf.writeBytes(bytes);
        return buf;
    }

    /** Buffers handed out so far. */
    public int allocations() {
        return allocated.size();
    }

    /** Buffers not yet released (refCnt &gt; 0). */
    public long outstanding() {
        return allocated.stream().filter(b -> b.refCnt() > 0).count();
    }

    /** The largest capacity any handed-out buffer has now. */
    public int maxCapacitySeen() {
        return allocated.stream().mapToInt(ByteBuf::capacity).max().orElse(0);
    }
}
