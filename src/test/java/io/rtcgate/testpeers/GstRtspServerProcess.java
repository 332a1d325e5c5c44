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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real RTSP server for tests: {@code src/test/peers/rtsp_server.py} (GStreamer's gst-rtsp-server) on a free
 * 127.0.0.1 port, each mount looping a raw Annex-B H.264 clip forever in real time with continuous RTP
 * sequence numbers and timestamps.
 *
 * <pre>{@code
 * try (GstRtspServerProcess server = GstRtspServerProcess.builder()
 *         .mount("cam", TestClips.videoAnnexB())      // rtsp://127.0.0.1:PORT/cam
 *         .count(64, TestClips.videoAnnexB())         // and /cam0 .. /cam63
 *         .credentials("alice", "secret")             // Digest; .basicCredentials(..) for Basic
 *         .start()) {
 *     URI url = server.urlWithCredentials("cam");
 *     server.restart();                               // same port, new pipelines (reconnect tests)
 * }
 * }</pre>
 *
 * The server's stderr goes to {@link #logFile()} under {@code target/peer-logs/}. The script exits when its stdin
 * closes, so it also dies with this JVM. {@link #close()} ends the whole process tree.
 */
public final class GstRtspServerProcess implements AutoCloseable {

    /** Which lower transports the server offers in SETUP. */
    public enum Offered {
        TCP, UDP, BOTH
    }

    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final List<String> command;
    private final int port;
    private final Duration readyTimeout;
    private final String user;
    private final String password;
    private final Path logFile;
    private final Map<String, Integer> receivedFrames = new ConcurrentHashMap<>();
    private Process process;

    private GstRtspServerProcess(Builder builder, int port) {
        this.port = port;
        this.readyTimeout = builder.readyTimeout;
        this.user = builder.user;
        this.password = builder.password;
        this.logFile = PeerProcesses.newLogFile("gst-rtsp-server-" + port);
        List<String> cmd = new ArrayList<>(List.of(PeerProcesses.PYTHON,
                PeerProcesses.peerScriptsDir().resolve("rtsp_server.py").toString(),
                "--port", Integer.toString(port), "--protocols", builder.offered.name().toLowerCase(),
                "--exit-on-stdin-eof"));
        cmd.addAll(builder.mountArgs);
        if (builder.user != null) {
            cmd.addAll(List.of("--user", builder.user, "--password", builder.password, "--auth", builder.authMethod));
        }
        if (builder.stopAfter != null) {
            cmd.addAll(List.of("--stop-after", Double.toString(builder.stopAfter.toMillis() / 1000.0)));
        }
        this.command = List.copyOf(cmd);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return port;
    }

    /** {@code rtsp://127.0.0.1:PORT/mount}, without credentials. */
    public URI url(String mount) {
        return RtspUrls.local(port, mount);
    }

    /** The URL with the configured user and password in it (as ffmpeg and GStreamer clients take them). */
    public URI urlWithCredentials(String mount) {
        if (user == null) {
            throw new IllegalStateException("server has no credentials configured");
        }
        return RtspUrls.withCredentials(url(mount), user, password);
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Stops the server (SIGTERM, then SIGKILL after 3 s). Connected clients see the connection close. */
    public synchronized void stop() {
        if (process != null) {
            PeerProcesses.stopTree(process, STOP_GRACE);
            process = null;
        }
    }

    /** Stops and starts again on the same port (fresh pipelines, new RTP SSRC/sequence/timestamp bases). */
    public synchronized void restart() throws IOException {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void launch() throws IOException {
        Process started = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        process = started;
        CompletableFuture<String> ready = new CompletableFuture<>();
        receivedFrames.clear();
        Thread reader = new Thread(() -> drainStdout(started, ready), "gst-rtsp-server-stdout-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            stop();
            throw new IOException("gst rtsp server on port " + port + " not READY within " + readyTimeout
                    + " (" + e.getMessage() + "); command: " + String.join(" ", command) + "\nstderr:\n"
                    + PeerProcesses.tailOf(logFile, 4000), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IOException("interrupted while waiting for the gst rtsp server", e);
        }
    }

    /**
     * Frames received so far on a {@link Builder#recordMount RECORD mount} (reported once a second by the script,
     * so up to 1 s old); 0 before anything arrived.
     */
    public int receivedFrames(String mount) {
        return receivedFrames.getOrDefault("/" + RtspUrls.stripSlash(mount), 0);
    }

    private void drainStdout(Process process, CompletableFuture<String> ready) {
        try (BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = stdout.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    ready.complete(line);
                } else if (line.startsWith("RECEIVED ")) {
                    recordReport(line);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IOException("server stdout closed before READY (exit code "
                + (PeerProcesses.waitFor(process, Duration.ofSeconds(2)) ? process.exitValue() : "?") + ")"));
    }

    /** {@code RECEIVED /name frames=N}. */
    private void recordReport(String line) {
        String[] words = line.split(" ");
        if (words.length == 3 && words[2].startsWith("frames=")) {
            try {
                receivedFrames.put(words[1], Integer.parseInt(words[2].substring("frames=".length())));
            } catch (NumberFormatException ignored) {
                // malformed report line: keep the previous count
            }
        }
    }

    /** Configuration; {@link #start()} picks a free port and waits for READY. */
    public static final class Builder {
        private final List<String> mountArgs = new ArrayList<>();
        private Offered offered = Offered.BOTH;
        private String user;
        private String password;
        private String authMethod = "digest";
        private Duration stopAfter;
        private Duration readyTimeout = Duration.ofSeconds(20);

        private Builder() {
        }

        /** Serves {@code clip} (raw Annex-B .264) at {@code /name}. Repeatable. */
        public Builder mount(String name, Path clip) {
            mountArgs.addAll(List.of("--mount", "/" + RtspUrls.stripSlash(name) + "=" + clip.toAbsolutePath()));
            return this;
        }

        /**
         * Accepts a publisher (ANNOUNCE/RECORD) of H.264 at {@code /name}; {@link #receivedFrames} counts what arrives.
         * A receiver for checking publishers such as {@link GstPublisher}.
         */
        public Builder recordMount(String name) {
            mountArgs.addAll(List.of("--record-mount", "/" + RtspUrls.stripSlash(name)));
            return this;
        }

        /** Serves {@code n} mounts {@code /cam0 .. /cam(n-1)}, each looping {@code clip}, in one process. */
        public Builder count(int n, Path clip) {
            if (n <= 0) {
                throw new IllegalArgumentException("count must be positive: " + n);
            }
            mountArgs.addAll(List.of("--count", Integer.toString(n), "--clip", clip.toAbsolutePath().toString()));
            return this;
        }

        public Builder offered(Offered transports) {
            this.offered = transports;
            return this;
        }

        /** Requires Digest authentication (RFC 2617 via gst_rtsp_auth_add_digest). */
        public Builder credentials(String user, String password) {
            return auth(user, password, "digest");
        }

        /** Requires Basic authentication. */
        public Builder basicCredentials(String user, String password) {
            return auth(user, password, "basic");
        }

        private Builder auth(String user, String password, String method) {
            this.user = user;
            this.password = password;
            this.authMethod = method;
            return this;
        }

        /** The server exits by itself after this long (fault tests). */
        public Builder stopAfter(Duration duration) {
            this.stopAfter = duration;
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        public GstRtspServerProcess start() throws IOException {
            if (mountArgs.isEmpty()) {
                throw new IllegalStateException("no mount: call mount(..), count(..) or recordMount(..)");
            }
            GstRtspServerProcess server = new GstRtspServerProcess(this, PeerProcesses.freeLocalPort());
            server.launch();
            return server;
        }
    }
}
