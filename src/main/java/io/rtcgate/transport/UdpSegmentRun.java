package io.rtcgate.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/**
 * A run of equal-size datagrams to one address, for UDP GSO: the sender writes each datagram straight into the run's
 * buffer, back to back, and the run goes to the socket as one {@code SegmentedDatagramPacket} whose segment size is the
 * datagram size; the kernel cuts it into the datagrams ({@code UDP_SEGMENT}, Linux 4.18+). Kernel rule: every segment
 * has the segment size except the last, which may be shorter — so a shorter datagram joins a run and ends it, a longer
 * one starts a new run.
 *
 * <p>A run ends when the sender calls {@link #finish()} (the end of an access unit), when a datagram cannot join it, when
 * it is full ({@link #MAX_SEGMENTS}, {@link #MAX_RUN_BYTES}), and at the latest when the loop flushes
 * ({@link UdpMux#flush}). No timer, no added latency: a run only collects what the current read cycle writes anyway.
 *
 * <p>Use: {@code ByteBuf b = run.append(to, length, room); write exactly length bytes at b's writer index; run.commit();}
 * — or write nothing and call {@link #commit()} anyway (a failed encryption), which leaves the run as it was.
 *
 * <p>Ownership: the run owns its buffer until it is written to the mux, which then owns it (Netty releases it once
 * sent). {@link #close()} releases an unsent buffer. One run per destination, used on one event loop only; no locks.
 * A run buffer is one pooled direct buffer of {@link #MAX_RUN_BYTES} (the size the allocator's thread cache still keeps),
 * allocated only for a run, not per packet; a run of one datagram is sent as a plain datagram.
 */
public final class UdpSegmentRun implements AutoCloseable {
    /** {@code UDP_MAX_SEGMENTS} of Linux before 6.9 (later kernels allow 128). */
    public static final int MAX_SEGMENTS = 64;
    /** Bytes of one run: within the 64 KiB a GSO send may carry, and cached by Netty's per-thread pool. */
    public static final int MAX_RUN_BYTES = 32 * 1024;

    private final UdpMux mux;
    private final EventLoop loop;
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private ByteBuf buffer;
    private InetSocketAddress to;
    private int segmentSize;
    private int segments;
    /** A segment shorter than the segment size went in: nothing more may join. */
    private boolean ended;
    private boolean registered;
    // the datagram being appended
    private int appendStart = -1;
    private int appendLength;

    UdpSegmentRun(UdpMux mux, EventLoop loop) {
        this.mux = mux;
        this.loop = loop;
    }

    /** Whether a datagram of {@code length} bytes to {@code to}, needing {@code room} writable bytes, would join the open run. */
    public boolean accepts(InetSocketAddress to, int length, int room) {
        return buffer != null && !ended && segments < MAX_SEGMENTS && length <= segmentSize && length > 0
                && buffer.writableBytes() >= room && to.equals(this.to);
    }

    /**
     * The buffer to write the next datagram to {@code to} into, at its writer index: the open run's if the datagram can
     * join it ({@link #accepts}), else — after the open run is sent — a new run's.
     *
     * @param length the datagram's exact size
     * @param room   writable bytes the writer needs ({@code >= length}; an encrypter may need scratch room beyond it)
     */
    public ByteBuf append(InetSocketAddress to, int length, int room) {
        if (appendStart >= 0) {
            throw new IllegalStateException("append without commit");
        }
        if (length <= 0 || room < length) {
            throw new IllegalArgumentException("length " + length + ", room " + room);
        }
        if (!accepts(to, length, room)) {
            finish();
            buffer = alloc.directBuffer(Math.max(MAX_RUN_BYTES, room), Math.max(MAX_RUN_BYTES, room));
            this.to = to;
            segmentSize = length;
            segments = 0;
            ended = false;
            if (!registered) {
                registered = true;
                mux.sendState().register(this);
            }
        }
        appendStart = buffer.writerIndex();
        appendLength = length;
        return buffer;
    }

    /**
     * Counts what was written since {@link #append} as the run's next datagram; nothing written means nothing happened.
     *
     * @throws IllegalStateException if the writer wrote a different number of bytes than it announced
     */
    public void commit() {
        if (appendStart < 0) {
            throw new IllegalStateException("commit without append");
        }
        int written = buffer.writerIndex() - appendStart;
        int announced = appendLength;
        appendStart = -1;
        if (written == 0) {
            if (segments == 0) {
                release();
            }
            return;
        }
        if (written != announced) {
            buffer.writerIndex(buffer.writerIndex() - written);
            throw new IllegalStateException("announced " + announced + " bytes, wrote " + written);
        }
        segments++;
        if (written < segmentSize) {
            ended = true;
        }
    }

    /** Sends the open run, if any: one datagram as a plain one, more as one GSO send. */
    public void finish() {
        if (buffer == null) {
            return;
        }
        if (appendStart >= 0) {
            throw new IllegalStateException("finish between append and commit");
        }
        ByteBuf run = buffer;
        buffer = null;
        if (segments == 0) {
            run.release();
        } else if (segments == 1) {
            mux.write(loop, run, to);
        } else {
            mux.writeSegmented(loop, run, segmentSize, segments, to);
        }
        segments = 0;
    }

    /** From {@link UdpMux#flush}: the loop's list of open runs is being cleared. */
    void finishFromFlush() {
        registered = false;
        if (appendStart < 0) {
            finish();
        }
    }

    /** Datagrams in the open run. */
    public int segments() {
        return segments;
    }

    /** Releases an unsent run (the destination went away). */
    @Override
    public void close() {
        appendStart = -1;
        release();
    }

    private void release() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
        segments = 0;
    }
}
