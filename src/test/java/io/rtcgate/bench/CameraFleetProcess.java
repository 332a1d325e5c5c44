package io.rtcgate.bench;

import io.rtcgate.testpeers.PeerProcesses;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's camera fleet: one {@code src/test/peers/rtsp_server.py} process (GStreamer's gst-rtsp-server on
 * 127.0.0.1) serving {@code /cam0 .. /cam(N-1)}, each mount its own pipeline looping the same pre-encoded H.264 clip in
 * real time, pulled by the gateway over RTSP/TCP. It prints READY once listening and exits when its stdin closes, so it
 * also dies with the benchmark.
 */
final class CameraFleetProcess implements AutoCloseable {
    private final ManagedProcess process;
    private final int port;

    private CameraFleetProcess(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static CameraFleetProcess start(int streams, Path clip, Duration lifetime) throws IOException, InterruptedException {
        int port = PeerProcesses.freeLocalPort();
        List<String> command = List.of(PeerProcesses.PYTHON, PeerProcesses.peerScriptsDir().resolve("rtsp_server.py").toString(),
                "--port", Integer.toString(port), "--protocols", "both", "--count", Integer.toString(streams), "--clip",
                clip.toAbsolutePath().toString(), "--exit-on-stdin-eof");
        ManagedProcess p = ManagedProcess.start("cameras", command, Map.of(), lifetime, true);
        try {
            p.awaitLine(line -> line.startsWith("READY"), Duration.ofSeconds(30), "READY from the camera fleet");
        } catch (IOException | InterruptedException e) {
            p.close();
            throw e;
        }
        return new CameraFleetProcess(p, port);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.closeStdin();
        process.close();
    }
}
