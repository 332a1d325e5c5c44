package io.rtcgate.testpeers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An RTSP server that accepts ONE publisher (ANNOUNCE/SETUP/RECORD) and decodes what it receives:
 * {@code ffmpeg -rtsp_flags listen -i rtsp://127.0.0.1:PORT/NAME -t SECONDS -f null -}.
 * Used to check publishers independently of the gateway. ffmpeg's listener only takes a SETUP whose Transport
 * says {@code mode=record}; GStreamer's rtspclientsink (1.22) does not, so pair it with ffmpeg publishers only.
 */
public final class FfmpegRecordReceiver implements AutoCloseable {

    private final Process process;
    private final Path progress;
    private final Path logFile;
    private final int port;
    private final String mount;

    private FfmpegRecordReceiver(int port, String mount, RtspTransport transport, Duration duration)
            throws IOException {
        this.port = port;
        this.mount = mount;
        this.progress = Files.createTempFile("ffmpeg-receiver", ".progress");
        this.logFile = PeerProcesses.newLogFile("ffmpeg-receiver");
        this.process = new ProcessBuilder(List.of("ffmpeg", "-hide_banner", "-nostdin", "-nostats",
                "-loglevel", "warning", "-rtsp_flags", "listen", "-rtsp_transport", transport.toolName(),
                "-i", RtspUrls.local(port, mount).toString(), "-t", Long.toString(duration.toSeconds()),
                "-map", "0:v:0", "-f", "null", "-", "-progress", "pipe:1"))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(progress.toFile())
                .redirectError(logFile.toFile())
                .start();
    }

    /** Starts ffmpeg listening on a free port; call {@link #awaitListening} before starting the publisher. */
    public static FfmpegRecordReceiver listen(String mount, RtspTransport transport, Duration duration)
            throws IOException {
        return new FfmpegRecordReceiver(PeerProcesses.freeLocalPort(), mount, transport, duration);
    }

    /** Blocks until ffmpeg listens (or fails if it exits or {@code timeout} passes). */
    public FfmpegRecordReceiver awaitListening(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!PeerProcesses.isListening(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("ffmpeg receiver not listening on " + port + ": "
                        + PeerProcesses.tailOf(logFile, 2000));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return this;
    }

    public java.net.URI url() {
        return RtspUrls.local(port, mount);
    }

    /** Waits until ffmpeg has received {@code duration} (or {@code timeout} passes) and reports what it decoded. */
    public RtspStreamProbe.DecodeResult await(Duration timeout) throws IOException {
        boolean finished = PeerProcesses.waitFor(process, timeout);
        int exit = finished ? process.exitValue() : PeerProcesses.stopTree(process, Duration.ofSeconds(2));
        return RtspStreamProbe.parseDecode(PeerProcesses.read(progress), PeerProcesses.read(logFile), exit);
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            PeerProcesses.stopTree(process, Duration.ofSeconds(2));
        }
        Files.deleteIfExists(progress);
    }
}
