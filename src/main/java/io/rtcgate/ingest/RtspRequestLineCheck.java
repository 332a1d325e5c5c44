package io.rtcgate.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Checks the first line of every RTSP text message before Netty's RtspDecoder sees it, because that decoder silently
 * drops a first line that does not have three parts (so garbage would get no answer at all). A request line must be
 * {@code Method SP Request-URI SP RTSP-Version} (RFC 2326 §6.1) with a token method and {@code RTSP/d.d}; a status line
 * ({@code RTSP/1.0 200 OK}) passes on, for the session to ignore. Anything else is answered {@code 400}, counted as
 * malformed, and the connection is closed.
 *
 * <p>Sits after the interleaved-frame demuxer, which hands down one whole message per ByteBuf. Passes the buffer on
 * unchanged, or releases it when rejecting.
 */
final class RtspRequestLineCheck extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(RtspRequestLineCheck.class);
    private static final byte[] BAD_REQUEST =
            "RTSP/1.0 400 Bad Request\r\nServer: rtcgate\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_METHOD_LENGTH = 32;

    private final RtspServerStats stats;
    private boolean rejected;

    RtspRequestLineCheck(RtspServerStats stats) {
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf message)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (rejected) {
            message.release();
            return;
        }
        String problem = problem(message);
        if (problem == null) {
            ctx.fireChannelRead(message);
            return;
        }
        message.release();
        rejected = true;
        stats.malformedRequests.increment();
        LOG.infof("RTSP client %s: %s; closing", ctx.channel().remoteAddress(), problem);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(BAD_REQUEST)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Null when the message starts with a well-formed request or status line, else what is wrong with it. */
    static String problem(ByteBuf message) {
        int start = message.readerIndex();
        int end = message.writerIndex();
        while (start < end && (message.getByte(start) == '\r' || message.getByte(start) == '\n')) {
            start++;
        }
        int lineEnd = start;
        while (lineEnd < end && message.getByte(lineEnd) != '\r' && message.getByte(lineEnd) != '\n') {
            lineEnd++;
        }
        if (lineEnd == start) {
            return "empty message";
        }
        int firstSpace = indexOf(message, start, lineEnd, (byte) ' ');
        int lastSpace = lastIndexOf(message, start, lineEnd, (byte) ' ');
        if (startsWith(message, start, lineEnd, "RTSP/")) {
            return firstSpace > start ? null : "malformed status line";
        }
        if (firstSpace < 0 || lastSpace == firstSpace) {
            return "malformed request line (want: METHOD URL RTSP/1.0)";
        }
        if (firstSpace - start > MAX_METHOD_LENGTH) {
            return "method name too long";
        }
        for (int i = start; i < firstSpace; i++) {
            byte b = message.getByte(i);
            if (!(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_' || b == '-')) {
                return "malformed method name";
            }
        }
        for (int i = firstSpace + 1; i < lastSpace; i++) {
            byte b = message.getByte(i);
            if (b <= ' ' || b >= 0x7f) {
                return "malformed request URL";
            }
        }
        int version = lastSpace + 1;
        if (lineEnd - version != 8 || !startsWith(message, version, lineEnd, "RTSP/") || !isDigit(message.getByte(version + 5))
                || message.getByte(version + 6) != '.' || !isDigit(message.getByte(version + 7))) {
            return "malformed RTSP version";
        }
        return null;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean startsWith(ByteBuf buf, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (buf.getByte(from + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(ByteBuf buf, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (buf.getByte(i) == value) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(ByteBuf buf, int from, int to, byte value) {
        for (int i = to - 1; i >= from; i--) {
            if (buf.getByte(i) == value) {
                return i;
            }
        }
        return -1;
    }
}
