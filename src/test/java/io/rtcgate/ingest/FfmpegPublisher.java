package io.rtcgate.ingest;

import io.rtcgate.testpeers.PeerProcesses;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real ffmpeg publishing a looped clip with {@code -c copy -f rtsp} to an RTSP URL over TCP or UDP, logging to
 * {@code target/peer-logs/}. Closing stops it (SIGTERM, then SIGKILL).
 */
final class FfmpegPublisher implements AutoCloseable {
    final Process process;
    final Path log;

    private FfmpegPublisher(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Loops {@code clip} forever to {@code url} with {@code -rtsp_transport transport} ("tcp" or "udp"). */
    static FfmpegPublisher start(Path clip, String url, String transport) throws IOException {
        return start(List.of("ffmpeg", "-hide_banner", "-loglevel", "info", "-nostdin", "-re", "-stream_loop", "-1",
                "-i", clip.toString(), "-c", "copy", "-f", "rtsp", "-rtsp_transport", transport, url), "ffmpeg-publish");
    }

    static FfmpegPublisher start(List<String> command, String logPrefix) throws IOException {
        Path log = PeerProcesses.newLogFile(logPrefix);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new FfmpegPublisher(process, log);
    }

    /** Waits for the process to end by itself; returns its exit code, or null at the deadline. */
    Integer awaitExit(Duration timeout) {
        return PeerProcesses.waitFor(process, timeout) ? process.exitValue() : null;
    }

    String logTail() {
        return PeerProcesses.tailOf(log, 3000);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            PeerProcesses.stopTree(process, Duration.ofSeconds(3));
        }
    }
}
