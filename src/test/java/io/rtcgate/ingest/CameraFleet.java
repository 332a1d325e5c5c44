package io.rtcgate.ingest;

import io.rtcgate.testpeers.GstRtspServerProcess;

/** The real cameras (GStreamer RTSP servers) a pull test runs against, handed to the test by {@link CameraFleetResource}. */
public record CameraFleet(GstRtspServerProcess open, GstRtspServerProcess withDigest, ScriptedRtspCamera scripted) {
}
