package io.rtcgate.testpeers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes a looping raw Annex-B clip with GStreamer's {@code rtspclientsink} (ANNOUNCE/RECORD) via
 * {@code src/test/peers/rtsp_publisher.py}. A plain {@code gst-launch-1.0} line cannot do it: h264parse gives
 * only DTS on a raw stream and the script's pad probe copies them into PTS. Unlike {@link FfmpegPublisher},
 * SPS/PPS also travel in-band (before each IDR of the clip).
 *
 * <pre>{@code
 * try (GstPublisher pub = GstPublisher.start(TestClips.videoAnnexB(), url, RtspTransport.UDP, "u", "p")) { ... }
 * }</pre>
 * Note: ffmpeg's {@code -rtsp_flags listen} rejects rtspclientsink's SETUP (no {@code mode=record}); the gst
 * server's {@link GstRtspServerProcess.Builder#recordMount} accepts it.
 */
public final class GstPublisher implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final Path logFile;

    private GstPublisher(List<String> command, Path logFile) throws IOException {
        this.logFile = logFile;
        this.process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        CompletableFuture<String> playing = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("PUBLISHING ")) {
                        playing.complete(line);
                    }
                }
            } catch (IOException e) {
                playing.completeExceptionally(e);
            }
            playing.completeExceptionally(new IOException("publisher exited before PLAYING"));
        }, "gst-publisher-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            playing.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            stop();
            throw new IOException("gst publisher did not start (" + e.getMessage() + "): "
                    + String.join(" ", command) + "\n" + PeerProcesses.tailOf(logFile, 4000), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IOException("interrupted", e);
        }
    }

    public static GstPublisher start(Path annexB, URI url, RtspTransport transport) throws IOException {
        return start(annexB, url, transport, null, null);
    }

    /** {@code url} without userinfo; {@code user}/{@code password} (nullable) go to rtspclientsink's user-id/user-pw. */
    public static GstPublisher start(Path annexB, URI url, RtspTransport transport, String user, String password)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(PeerProcesses.PYTHON,
                PeerProcesses.peerScriptsDir().resolve("rtsp_publisher.py").toString(),
                "--clip", annexB.toAbsolutePath().toString(), "--url", url.toString(),
                "--protocols", transport.toolName(), "--exit-on-stdin-eof"));
        if (user != null) {
            command.addAll(List.of("--user", user, "--password", password == null ? "" : password));
        }
        return new GstPublisher(List.copyOf(command), PeerProcesses.newLogFile("gst-publisher"));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGTERM, SIGKILL after 3 s. Returns the exit code (1 after a pipeline error). */
    public int stop() {
        return PeerProcesses.stopTree(process, Duration.ofSeconds(3));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }
}
