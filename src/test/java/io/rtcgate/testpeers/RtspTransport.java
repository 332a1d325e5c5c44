package io.rtcgate.testpeers;

/** RTSP lower transport for RTP: interleaved in the TCP control connection, or separate UDP ports (RFC 2326 §12.39). */
public enum RtspTransport {
    TCP, UDP;

    /** The spelling ffmpeg ({@code -rtsp_transport}) and GStreamer ({@code protocols=}) both accept. */
    public String toolName() {
        return name().toLowerCase();
    }
}
