package io.rtcgate.testpeers;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes a clip to an RTSP server with ANNOUNCE/RECORD, as a camera or encoder pushing to the gateway would:
 * {@code ffmpeg -re -stream_loop -1 -i clip.mkv -c copy -f rtsp -rtsp_transport tcp|udp URL}.
 * Loops forever at real time with no re-encoding (takes a Matroska clip: {@code -stream_loop} fails on raw .264).
 * SPS/PPS travel in the SDP ({@code sprop-parameter-sets}), not in-band, as ffmpeg's RTP muxer does with avcC input.
 *
 * <pre>{@code
 * try (FfmpegPublisher pub = FfmpegPublisher.start(TestClips.opusMkv(),
 *         RtspUrls.withCredentials(gatewayUrl, "u", "p"), RtspTransport.TCP)) {
 *     ...; pub.isAlive();
 * }
 * }</pre>
 * ffmpeg's stderr ({@code -loglevel warning}) goes to {@link #logFile()} under {@code target/peer-logs/}.
 */
public final class FfmpegPublisher implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final Process process;
    private final Path logFile;
    private final List<String> command;

    private FfmpegPublisher(List<String> command, Path logFile) throws IOException {
        this.command = command;
        this.logFile = logFile;
        this.process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
    }

    /** Starts publishing {@code mkv} to {@code url} (credentials, if any, in the URL's userinfo). */
    public static FfmpegPublisher start(Path mkv, URI url, RtspTransport transport) throws IOException {
        return start(mkv, url, transport, List.of());
    }

    /** As {@link #start(Path, URI, RtspTransport)} with extra output options placed before {@code -f rtsp}. */
    public static FfmpegPublisher start(Path mkv, URI url, RtspTransport transport, List<String> outputOptions)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-nostats",
                "-loglevel", "warning", "-re", "-stream_loop", "-1", "-i", mkv.toAbsolutePath().toString(),
                "-map", "0", "-c", "copy"));
        command.addAll(outputOptions);
        command.addAll(List.of("-f", "rtsp", "-rtsp_transport", transport.toolName(), url.toString()));
        return new FfmpegPublisher(List.copyOf(command), PeerProcesses.newLogFile("ffmpeg-publisher"));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code once ended; throws if still running. */
    public int exitCode() {
        return process.exitValue();
    }

    public Path logFile() {
        return logFile;
    }

    public List<String> command() {
        return command;
    }

    /** SIGTERM (ffmpeg sends TEARDOWN and exits), SIGKILL after 3 s. Returns the exit code. */
    public int stop() {
        return PeerProcesses.stopTree(process, STOP_GRACE);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return "FfmpegPublisher" + command;
    }
}
