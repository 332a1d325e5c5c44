package io.rtcgate.webrtc;

import io.rtcgate.media.SingleWriterCounter;

/** One viewer's counters, written on the stream's loop, readable anywhere (see {@link SingleWriterCounter}). */
final class ViewerStats {
    final SingleWriterCounter packetsSent = new SingleWriterCounter();
    final SingleWriterCounter bytesSent = new SingleWriterCounter();
    final SingleWriterCounter srtpErrors = new SingleWriterCounter();
    final SingleWriterCounter reportsSent = new SingleWriterCounter();
    final SingleWriterCounter rtcpReceived = new SingleWriterCounter();
    final SingleWriterCounter rtcpMalformed = new SingleWriterCounter();
    final SingleWriterCounter srtcpRejected = new SingleWriterCounter();
    final SingleWriterCounter nacks = new SingleWriterCounter();
    final SingleWriterCounter nacksServed = new SingleWriterCounter();
    final SingleWriterCounter nackMisses = new SingleWriterCounter();
    final SingleWriterCounter plis = new SingleWriterCounter();
    final SingleWriterCounter firs = new SingleWriterCounter();
    final SingleWriterCounter keyframeRequestsIgnored = new SingleWriterCounter();
    final SingleWriterCounter gopReplays = new SingleWriterCounter();
    /** From the viewer's receiver reports: fraction lost (0..255), cumulative lost, jitter (90 kHz units), RTT. */
    final SingleWriterCounter fractionLost = new SingleWriterCounter();
    final SingleWriterCounter cumulativeLost = new SingleWriterCounter();
    final SingleWriterCounter jitter = new SingleWriterCounter();
    final SingleWriterCounter rttMicros = new SingleWriterCounter();
}
