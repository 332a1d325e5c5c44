package io.rtcgate.ingest.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * First handler of an RTSP-over-TCP pipeline, in front of Netty's {@code RtspDecoder}: separates {@code $}-framed
 * binary data (RFC 2326 §10.12: {@code '$' channel(1) length(2, big-endian) data(length)}) from RTSP text messages.
 *
 * <p>At each message boundary:
 * <ul>
 * <li>{@code '$'}: once the whole frame is buffered, its payload goes to the {@link InterleavedFrameListener} as a
 * retained slice of the cumulation buffer (no copy, no wrapper object; with a pooled allocator the slice object itself
 * is recycled). Zero-length frames are counted and dropped.</li>
 * <li>An RTSP start line ({@code METHOD uri RTSP/x.y} or {@code RTSP/x.y nnn reason}): the header block is buffered up
 * to its empty line ({@code CRLF CRLF}, also bare {@code LF LF}) within {@code maxHeaderBytes}, then
 * {@code Content-Length} body bytes (at most {@code maxBodyBytes}); the complete message is passed on as one retained
 * slice, so {@code RtspDecoder} always sees whole messages.</li>
 * <li>Anything else is garbage: skipped up to the next {@code '$'} or uppercase letter that could start a message,
 * counted in {@link #garbageBytes()}, with one WARN line per burst (and at most one per 10 s).</li>
 * </ul>
 * A header block or body over its limit is counted in {@link #oversizedMessages()}; with {@link OversizePolicy#CLOSE}
 * (default) a {@link TooLongFrameException} is fired and the connection closed, with {@link OversizePolicy#DISCARD}
 * the message is skipped. A message whose Content-Length is not a number is dropped and counted in
 * {@link #malformedMessages()}.
 *
 * <p>Buffer ownership: this handler owns the cumulation (released by {@link ByteToMessageDecoder}, also on close, so a
 * truncated frame at close is released with it and counted in {@link #truncatedBytes()}). Every frame slice belongs
 * to the listener; every message slice belongs to the next inbound handler.
 *
 * <p>Cumulator: the default {@link ByteToMessageDecoder#MERGE_CUMULATOR} is the right one here. Slices must be
 * contiguous for cheap RTP parsing downstream; when a read lands on an empty cumulation MERGE uses the read buffer as
 * is (zero copy), and when outstanding slices hold a reference (refCnt &gt; 1) it copies the unread tail into a new
 * buffer instead of writing into or compacting the shared one, so slices already delivered never change.
 * COMPOSITE_CUMULATOR would hand out slices spanning components (non-contiguous, slower to read, and a component
 * object per read). Counters are written on the event loop only; other threads may read slightly stale values.
 */
public final class InterleavedFrameDemuxer extends ByteToMessageDecoder {

    /** What to do when a header block or body exceeds its limit. */
    public enum OversizePolicy {
        /** Fire a {@link TooLongFrameException}, drop all further input and close the connection. */
        CLOSE,
        /** Skip the message (a too-long header block is treated like garbage) and carry on. */
        DISCARD
    }

    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(InterleavedFrameDemuxer.class);
    private static final long GARBAGE_WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int FRAME_HEADER_BYTES = 4;
    private static final int MAX_START_TOKEN = 32;

    /** Start-line scanner phases. */
    private static final int PHASE_TOKEN = 0;
    private static final int PHASE_STATUS_CODE = 1;
    private static final int PHASE_REASON = 2;
    private static final int PHASE_URI = 3;
    private static final int PHASE_VERSION = 4;
    private static final int PHASE_LINE_END = 5;

    private static final int LINE_INCOMPLETE = 0;
    private static final int LINE_INVALID = -1;
    private static final int LINE_TOO_LONG = -2;

    private static final byte[] RTSP_SLASH = {'R', 'T', 'S', 'P', '/'};
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final InterleavedFrameListener listener;
    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final OversizePolicy oversizePolicy;

    // State of the text message at the reader index, as offsets relative to it (stable while it is pending, also
    // when the cumulation is reallocated or compacted).
    private int linePhase;
    private int lineScan;
    private int phaseStart;
    private int startLineEnd;
    private int headerScan;
    private int headerEnd;
    private int contentLength;

    private long discardRemaining;
    private boolean closed;
    private boolean inGarbageBurst;
    private long lastGarbageWarnNanos;
    private long burstStartGarbage;

    private long frames;
    private long frameBytes;
    private long emptyFrames;
    private long rtspMessages;
    private long garbageBytes;
    private long oversizedMessages;
    private long malformedMessages;
    private long truncatedBytes;

    public InterleavedFrameDemuxer(InterleavedFrameListener listener) {
        this(listener, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_BODY_BYTES, OversizePolicy.CLOSE);
    }

    public InterleavedFrameDemuxer(InterleavedFrameListener listener, int maxHeaderBytes, int maxBodyBytes,
            OversizePolicy oversizePolicy) {
        this.listener = Objects.requireNonNull(listener, "listener");
        if (maxHeaderBytes < 64 || maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxHeaderBytes must be >= 64 and maxBodyBytes >= 0");
        }
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.oversizePolicy = Objects.requireNonNull(oversizePolicy, "oversizePolicy");
        resetMessageState();
        // MERGE_CUMULATOR (the default) is kept on purpose: see the class comment.
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (closed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            if (discardRemaining > 0) {
                int n = (int) Math.min(discardRemaining, in.readableBytes());
                in.skipBytes(n);
                discardRemaining -= n;
                continue;
            }
            int start = in.readerIndex();
            if (in.getByte(start) == '$' && lineScan == 0) {
                if (!decodeFrame(in, start)) {
                    return;
                }
                continue;
            }
            int outcome = decodeTextMessage(ctx, in, start, out);
            if (outcome != CONTINUE) {
                // One message per call: ByteToMessageDecoder fires it before calling again, which keeps text
                // messages and frames (delivered directly to the listener) in wire order.
                return;
            }
        }
    }

    /** Returns false when the frame is not complete yet. */
    private boolean decodeFrame(ByteBuf in, int start) {
        int readable = in.readableBytes();
        if (readable < FRAME_HEADER_BYTES) {
            return false;
        }
        int length = in.getUnsignedShort(start + 2);
        if (readable < FRAME_HEADER_BYTES + length) {
            return false;
        }
        endGarbageBurst();
        int channel = in.getUnsignedByte(start + 1);
        if (length == 0) {
            emptyFrames++;
            in.skipBytes(FRAME_HEADER_BYTES);
            return true;
        }
        ByteBuf frame = in.retainedSlice(start + FRAME_HEADER_BYTES, length);
        in.skipBytes(FRAME_HEADER_BYTES + length);
        frames++;
        frameBytes += length;
        listener.onInterleavedFrame(channel, frame);
        return true;
    }

    private static final int CONTINUE = 0;
    private static final int WAIT = 1;
    private static final int EMITTED = 2;

    private int decodeTextMessage(ChannelHandlerContext ctx, ByteBuf in, int start, List<Object> out) {
        int readable = in.readableBytes();
        if (startLineEnd < 0) {
            int line = scanStartLine(in, start, readable);
            if (line == LINE_INCOMPLETE) {
                return WAIT;
            }
            if (line == LINE_INVALID) {
                skipGarbage(ctx, in, start, readable);
                return CONTINUE;
            }
            if (line == LINE_TOO_LONG) {
                return oversized(ctx, in, "RTSP start line exceeds " + maxHeaderBytes + " bytes", -1);
            }
            startLineEnd = line;
            headerScan = line;
        }
        if (headerEnd < 0) {
            int end = scanHeaderEnd(in, start, readable);
            if (end == LINE_INCOMPLETE) {
                if (readable >= maxHeaderBytes) {
                    return oversized(ctx, in, "RTSP header block exceeds " + maxHeaderBytes + " bytes", -1);
                }
                return WAIT;
            }
            headerEnd = end;
            long length = contentLength(in, start);
            if (length == -1) {
                malformedMessages++;
                LOG.warnf("%s: dropping RTSP message with an invalid Content-Length (%d header bytes)",
                        ctx.channel().remoteAddress(), headerEnd);
                in.skipBytes(headerEnd);
                resetMessageState();
                return CONTINUE;
            }
            if (length > maxBodyBytes) {
                return oversized(ctx, in, "RTSP body of " + length + " bytes exceeds " + maxBodyBytes + " bytes",
                        headerEnd + length);
            }
            contentLength = (int) length;
        }
        int total = headerEnd + contentLength;
        if (readable < total) {
            return WAIT;
        }
        endGarbageBurst();
        out.add(in.retainedSlice(start, total));
        in.skipBytes(total);
        rtspMessages++;
        resetMessageState();
        return EMITTED;
    }

    /**
     * Scans (resumably) the start line: {@code RTSP/d.d SP 3DIGIT [SP reason] CRLF} or
     * {@code METHOD SP uri SP RTSP/d.d CRLF} (RFC 2326 §6.1, §7.1). Returns the offset after its LF, or a LINE_ code.
     */
    private int scanStartLine(ByteBuf in, int start, int readable) {
        int limit = Math.min(readable, maxHeaderBytes);
        for (int i = lineScan; i < limit; i++) {
            int c = in.getByte(start + i) & 0xFF;
            switch (linePhase) {
                case PHASE_TOKEN -> {
                    if (c == ' ') {
                        int next = acceptStartToken(in, start, i);
                        if (next < 0) {
                            return LINE_INVALID;
                        }
                        linePhase = next;
                        phaseStart = i + 1;
                    } else if (i >= MAX_START_TOKEN || !isStartTokenChar(c) || (i == 0 && (c < 'A' || c > 'Z'))) {
                        return LINE_INVALID;
                    }
                }
                case PHASE_STATUS_CODE -> {
                    int k = i - phaseStart;
                    if (k < 3) {
                        if (c < '0' || c > '9') {
                            return LINE_INVALID;
                        }
                    } else if (c == ' ' || c == '\t') {
                        linePhase = PHASE_REASON;
                    } else if (c == '\r') {
                        linePhase = PHASE_LINE_END;
                    } else if (c == '\n') {
                        return i + 1;
                    } else {
                        return LINE_INVALID;
                    }
                }
                case PHASE_REASON -> {
                    if (c == '\n') {
                        return i + 1;
                    } else if (c == '\r') {
                        linePhase = PHASE_LINE_END;
                    } else if (c < 0x20 && c != '\t' || c == 0x7F) {
                        return LINE_INVALID;
                    }
                }
                case PHASE_URI -> {
                    if (c == ' ') {
                        if (i == phaseStart) {
                            return LINE_INVALID;
                        }
                        linePhase = PHASE_VERSION;
                        phaseStart = i + 1;
                    } else if (c < 0x21 || c > 0x7E) {
                        return LINE_INVALID;
                    }
                }
                case PHASE_VERSION -> {
                    int k = i - phaseStart;
                    boolean ok;
                    if (k < RTSP_SLASH.length) {
                        ok = c == RTSP_SLASH[k];
                    } else if (k == 5 || k == 7) {
                        ok = c >= '0' && c <= '9';
                    } else if (k == 6) {
                        ok = c == '.';
                    } else if (c == '\r') {
                        linePhase = PHASE_LINE_END;
                        ok = true;
                    } else if (c == '\n') {
                        return i + 1;
                    } else {
                        ok = false;
                    }
                    if (!ok) {
                        return LINE_INVALID;
                    }
                }
                default -> { // PHASE_LINE_END
                    return c == '\n' ? i + 1 : LINE_INVALID;
                }
            }
            lineScan = i + 1;
        }
        return readable >= maxHeaderBytes ? LINE_TOO_LONG : LINE_INCOMPLETE;
    }

    /** The phase after the first token, or -1 if it is neither {@code RTSP/d.d} nor a method name. */
    private static int acceptStartToken(ByteBuf in, int start, int length) {
        if (length == 8 && matches(in, start, RTSP_SLASH) && isDigit(in.getByte(start + 5))
                && in.getByte(start + 6) == '.' && isDigit(in.getByte(start + 7))) {
            return PHASE_STATUS_CODE;
        }
        for (int i = 0; i < length; i++) {
            byte c = in.getByte(start + i);
            if (!((c >= 'A' && c <= 'Z') || c == '_' || c == '-')) {
                return -1;
            }
        }
        return PHASE_URI;
    }

    /** Scans (resumably) for the empty line ending the header block; returns the offset after it or 0. */
    private int scanHeaderEnd(ByteBuf in, int start, int readable) {
        int limit = Math.min(readable, maxHeaderBytes);
        int i = headerScan;
        // headerScan always sits at the start of a line (just after an LF)
        while (i < limit) {
            byte c = in.getByte(start + i);
            if (c == '\n') {
                return i + 1;
            }
            if (c == '\r') {
                if (i + 1 >= limit) {
                    break;
                }
                if (in.getByte(start + i + 1) == '\n') {
                    return i + 2;
                }
            }
            int lineFeed = in.indexOf(start + i, start + limit, (byte) '\n');
            if (lineFeed < 0) {
                break;
            }
            i = lineFeed - start + 1;
            headerScan = i;
        }
        return LINE_INCOMPLETE;
    }

    /**
     * The Content-Length of the header block (0 when absent), or -1 when a value is not a decimal number or two values
     * disagree.
     */
    private long contentLength(ByteBuf in, int start) {
        long result = -2;
        int i = startLineEnd;
        while (i < headerEnd) {
            int lineFeed = in.indexOf(start + i, start + headerEnd, (byte) '\n');
            int lineEnd = lineFeed < 0 ? headerEnd : lineFeed - start;
            if (lineEnd - i > CONTENT_LENGTH.length && matchesIgnoreCase(in, start + i, CONTENT_LENGTH)) {
                int j = i + CONTENT_LENGTH.length;
                while (j < lineEnd && isBlank(in.getByte(start + j))) {
                    j++;
                }
                if (j < lineEnd && in.getByte(start + j) == ':') {
                    long value = parseDecimal(in, start, j + 1, lineEnd);
                    if (value < 0 || (result >= 0 && result != value)) {
                        return -1;
                    }
                    result = value;
                }
            }
            i = lineEnd + 1;
        }
        return result == -2 ? 0 : result;
    }

    private static long parseDecimal(ByteBuf in, int start, int from, int to) {
        int i = from;
        while (i < to && isBlank(in.getByte(start + i))) {
            i++;
        }
        int end = to;
        while (end > i && (isBlank(in.getByte(start + end - 1)) || in.getByte(start + end - 1) == '\r')) {
            end--;
        }
        if (i == end || end - i > 10) {
            return -1;
        }
        long value = 0;
        for (int k = i; k < end; k++) {
            byte c = in.getByte(start + k);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Skips from {@code start} to the next byte that could start a frame or message. */
    private void skipGarbage(ChannelHandlerContext ctx, ByteBuf in, int start, int readable) {
        int skip = 1;
        while (skip < readable) {
            byte c = in.getByte(start + skip);
            if (c == '$' || (c >= 'A' && c <= 'Z')) {
                break;
            }
            skip++;
        }
        in.skipBytes(skip);
        garbageBytes += skip;
        resetMessageState();
        if (!inGarbageBurst) {
            inGarbageBurst = true;
            burstStartGarbage = garbageBytes - skip;
            long now = System.nanoTime();
            if (lastGarbageWarnNanos == 0 || now - lastGarbageWarnNanos >= GARBAGE_WARN_INTERVAL_NANOS) {
                lastGarbageWarnNanos = now;
                LOG.warnf("%s: skipping bytes that are neither an interleaved frame nor an RTSP message "
                        + "(first byte 0x%02x); further garbage in this burst is not logged",
                        ctx.channel().remoteAddress(), in.getByte(start) & 0xFF);
            }
        }
    }

    private void endGarbageBurst() {
        if (inGarbageBurst) {
            inGarbageBurst = false;
            if (LOG.isDebugEnabled()) {
                LOG.debugf("garbage burst ended after %d bytes", garbageBytes - burstStartGarbage);
            }
        }
    }

    private int oversized(ChannelHandlerContext ctx, ByteBuf in, String what, long messageLength) {
        oversizedMessages++;
        if (oversizePolicy == OversizePolicy.CLOSE) {
            LOG.warnf("%s: %s; closing the connection", ctx.channel().remoteAddress(), what);
            closed = true;
            in.skipBytes(in.readableBytes());
            resetMessageState();
            ctx.fireExceptionCaught(new TooLongFrameException(what));
            ctx.close();
            return WAIT;
        }
        LOG.warnf("%s: %s; discarding it", ctx.channel().remoteAddress(), what);
        if (messageLength >= 0) {
            discardRemaining = messageLength;
        } else {
            // header block without an end in sight: skip what was scanned and resynchronise like after garbage
            in.skipBytes(Math.min(maxHeaderBytes, in.readableBytes()));
        }
        resetMessageState();
        return CONTINUE;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (in.isReadable()) {
            decode(ctx, in, out);
        }
        if (in.isReadable()) { // dropped with the cumulation when the channel goes inactive
            int left = in.readableBytes();
            truncatedBytes += left;
            LOG.debugf("%s: connection closed with %d bytes of an incomplete frame or message",
                    ctx.channel().remoteAddress(), left);
            in.skipBytes(left);
            resetMessageState();
        }
    }

    private void resetMessageState() {
        linePhase = PHASE_TOKEN;
        lineScan = 0;
        phaseStart = 0;
        startLineEnd = -1;
        headerScan = 0;
        headerEnd = -1;
        contentLength = 0;
    }

    private static boolean isStartTokenChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '/' || c == '.';
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t';
    }

    private static boolean matches(ByteBuf in, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (in.getByte(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code expected} must be lowercase ASCII. */
    private static boolean matchesIgnoreCase(ByteBuf in, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            byte c = in.getByte(at + i);
            if (c >= 'A' && c <= 'Z') {
                c = (byte) (c + ('a' - 'A'));
            }
            if (c != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Payload bytes of all frames delivered (zero-length frames excluded). */
    public long frameBytes() {
        return frameBytes;
    }

    /** Frames delivered to the listener. */
    public long frames() {
        return frames;
    }

    /** Zero-length frames dropped. */
    public long emptyFrames() {
        return emptyFrames;
    }

    /** Complete RTSP messages passed on. */
    public long rtspMessages() {
        return rtspMessages;
    }

    /** Bytes skipped as neither frame nor message. */
    public long garbageBytes() {
        return garbageBytes;
    }

    /** Header blocks or bodies over their limit. */
    public long oversizedMessages() {
        return oversizedMessages;
    }

    /** Messages dropped for an invalid Content-Length. */
    public long malformedMessages() {
        return malformedMessages;
    }

    /** Bytes of an incomplete frame or message left when the connection closed. */
    public long truncatedBytes() {
        return truncatedBytes;
    }
}
