package io.rtcgate.ingest;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import org.jboss.logging.Logger;

/**
 * Joins an RTSP request and its body into one FullHttpRequest, like Netty's HttpObjectAggregator, but answers a body
 * over the limit in RTSP terms: {@code RTSP/1.0 413} with the request's CSeq, counted as malformed, then closes the
 * connection (the rest of the body would otherwise be read as requests).
 */
final class RtspBodyAggregator extends HttpObjectAggregator {
    private static final Logger LOG = Logger.getLogger(RtspBodyAggregator.class);
    private final RtspServerStats stats;

    RtspBodyAggregator(int maxBodyBytes, RtspServerStats stats) {
        super(maxBodyBytes);
        this.stats = stats;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        stats.malformedRequests.increment();
        LOG.infof("RTSP client %s: body over %d bytes; closing", ctx.channel().remoteAddress(), maxContentLength());
        FullHttpResponse response = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0,
                RtspResponseStatuses.REQUEST_ENTITY_TOO_LARGE, Unpooled.EMPTY_BUFFER);
        String cseq = oversized.headers().get(RtspHeaderNames.CSEQ);
        if (cseq != null) {
            response.headers().set(RtspHeaderNames.CSEQ, cseq);
        }
        response.headers().setInt(RtspHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
