package io.rtcgate.ingest;

import io.rtcgate.ingest.rtsp.ServerAuthenticator;
import io.rtcgate.ops.GatewayConfig.PublisherConflict;
import io.rtcgate.stream.StreamRegistry;
import io.rtcgate.transport.MediaEventLoops;

/**
 * What every publisher connection of one {@link RtspPublishServer} shares.
 *
 * @param authenticator checks ANNOUNCE, SETUP and RECORD; null when no publish credentials are configured
 * @param sessionTimeoutSeconds announced in {@code Session: id;timeout=n} (RFC 2326 §12.37); a session with neither a
 *        request nor an RTP/RTCP packet for this long is closed
 */
record PublishServerContext(
        StreamRegistry registry,
        MediaEventLoops loops,
        RtspServerStats stats,
        PublisherConflict conflictPolicy,
        ServerAuthenticator authenticator,
        int sessionTimeoutSeconds) {
}
