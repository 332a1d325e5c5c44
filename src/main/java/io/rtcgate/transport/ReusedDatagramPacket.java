package io.rtcgate.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A {@link DatagramPacket} envelope that its event loop reuses, so that queueing a datagram allocates no envelope
 * object. Netty's epoll {@code sendmmsg} path accepts only {@code DatagramPacket}s and reads them through
 * {@link #content()} and {@link #recipient()}, which this subclass answers from mutable fields (the fields of
 * {@code DefaultAddressedEnvelope} are final and unused here).
 *
 * <p>Life: {@link #of} takes an envelope from the calling thread's free list (or makes one) and puts the datagram in it;
 * the envelope owns the content. When Netty has sent (or failed) the datagram it releases the envelope, which releases
 * the content and, once that reached zero references, goes back to the free list of the thread that made it — only if
 * that is the releasing thread, else it is left to the GC. Use it only where the same thread writes and releases:
 * {@link UdpMux#write} on a loop's own epoll socket. At most {@value #MAX_FREE} envelopes wait per thread.
 *
 * <p>{@link #copy()}, {@link #duplicate()}, {@link #retainedDuplicate()} and {@link #replace} return plain
 * {@code DatagramPacket}s.
 */
final class ReusedDatagramPacket extends DatagramPacket {
    static final int MAX_FREE = 1024;
    private static final InetSocketAddress NOWHERE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** One thread's free envelopes. */
    static final class FreeList {
        private final Thread owner = Thread.currentThread();
        private final ReusedDatagramPacket[] free = new ReusedDatagramPacket[MAX_FREE];
        private int count;
        private long created;

        /** Envelopes made by this thread so far (for tests and diagnostics). */
        long created() {
            return created;
        }

        int available() {
            return count;
        }
    }

    private static final FastThreadLocal<FreeList> FREE = new FastThreadLocal<>() {
        @Override
        protected FreeList initialValue() {
            return new FreeList();
        }
    };

    private final FreeList home;
    private ByteBuf content;
    private InetSocketAddress recipient;

    private ReusedDatagramPacket(FreeList home) {
        super(Unpooled.EMPTY_BUFFER, NOWHERE);
        this.home = home;
    }

    /** An envelope holding {@code content} (ownership passes to it) for {@code recipient}. */
    static ReusedDatagramPacket of(ByteBuf content, InetSocketAddress recipient) {
        FreeList list = FREE.get();
        ReusedDatagramPacket packet;
        if (list.count > 0) {
            packet = list.free[--list.count];
            list.free[list.count] = null;
        } else {
            packet = new ReusedDatagramPacket(list);
            list.created++;
        }
        packet.content = content;
        packet.recipient = recipient;
        return packet;
    }

    /** The calling thread's free list. */
    static FreeList freeList() {
        return FREE.get();
    }

    @Override
    public ByteBuf content() {
        ByteBuf c = content;
        if (c == null) {
            throw new IllegalStateException("datagram envelope already released");
        }
        return c;
    }

    @Override
    public InetSocketAddress recipient() {
        return recipient;
    }

    @Override
    public InetSocketAddress sender() {
        return null;
    }

    @Override
    public int refCnt() {
        ByteBuf c = content;
        return c == null ? 0 : c.refCnt();
    }

    @Override
    public DatagramPacket retain() {
        content().retain();
        return this;
    }

    @Override
    public DatagramPacket retain(int increment) {
        content().retain(increment);
        return this;
    }

    @Override
    public DatagramPacket touch() {
        content().touch();
        return this;
    }

    @Override
    public DatagramPacket touch(Object hint) {
        content().touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return release(1);
    }

    @Override
    public boolean release(int decrement) {
        boolean freed = content().release(decrement);
        if (freed) {
            content = null;
            recipient = null;
            FreeList list = home;
            if (list.owner == Thread.currentThread() && list.count < MAX_FREE) {
                list.free[list.count++] = this;
            }
        }
        return freed;
    }

    @Override
    public DatagramPacket copy() {
        return new DatagramPacket(content().copy(), recipient);
    }

    @Override
    public DatagramPacket duplicate() {
        return new DatagramPacket(content().duplicate(), recipient);
    }

    @Override
    public DatagramPacket retainedDuplicate() {
        return new DatagramPacket(content().retainedDuplicate(), recipient);
    }

    @Override
    public DatagramPacket replace(ByteBuf replacement) {
        return new DatagramPacket(replacement, recipient);
    }

    @Override
    public String toString() {
        return "ReusedDatagramPacket(=> " + recipient + ", " + content + ")";
    }
}
