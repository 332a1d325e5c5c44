package io.rtcgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcgate.testpeers.PeerProcesses;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway under test, started the way production starts it: {@code java @src/main/jvm/production.args <variant flags>
 * -jar target/quarkus-app/quarkus-run.jar} (the {@code prod} profile), with the diagnostics endpoint on, no offer rate
 * limit, session limits raised to fit the fleet, every port on 127.0.0.1 and the cameras as
 * {@code RTCGATE_STREAMS_CAM<i>_SOURCE} pulled over TCP. It runs under {@code timeout(1)}, so even a benchmark killed with
 * SIGKILL leaves no gateway behind; {@link #pid()} is the JVM's own pid (what {@code /proc} and {@code jcmd} need).
 */
final class GatewayProcess implements AutoCloseable {
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final Path PRODUCTION_ARGS = Path.of("src/main/jvm/production.args");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ManagedProcess process;
    private final long javaPid;
    private final int httpPort;
    private final List<String> jvmArguments;

    private GatewayProcess(ManagedProcess process, long javaPid, int httpPort, List<String> jvmArguments) {
        this.process = process;
        this.javaPid = javaPid;
        this.httpPort = httpPort;
        this.jvmArguments = jvmArguments;
    }

    static GatewayProcess start(Variant variant, List<String> extraJvmFlags, int cameraPort, int streams, int viewersPerStream,
            Duration lifetime) throws IOException, InterruptedException {
        Path project = PeerProcesses.projectDir();
        if (!Files.isRegularFile(project.resolve(JAR))) {
            throw new IOException(project.resolve(JAR) + " is missing: run 'mvn -B package -DskipTests' first (the bench "
                    + "profile and the smoke IT run after package)");
        }
        int httpPort = PeerProcesses.freeLocalPort();
        int rtspPort = PeerProcesses.freeLocalPort();
        int udpPort = freeUdpPort();
        int sessions = streams * Math.max(1, viewersPerStream) + 64; // + room for time-to-first-frame probes
        List<String> jvm = new ArrayList<>();
        jvm.add("@" + PRODUCTION_ARGS);
        jvm.addAll(variant.jvmFlags());
        jvm.addAll(extraJvmFlags);
        jvm.addAll(List.of("-Drtcgate.diagnostics.enabled=true", "-Drtcgate.webrtc.max-offers-per-second-per-client=0",
                "-Drtcgate.webrtc.max-sessions=" + Math.max(500, sessions),
                "-Drtcgate.webrtc.max-sessions-per-stream=" + Math.max(200, viewersPerStream + 16),
                "-Drtcgate.limits.max-streams=" + Math.max(256, streams), "-Drtcgate.drain-timeout=1s"));
        variant.config().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> jvm.add("-D" + e.getKey() + "=" + e.getValue()));
        List<String> command = new ArrayList<>(List.of("timeout", "--kill-after=10", Long.toString(lifetime.toSeconds()),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm);
        command.addAll(List.of("-jar", JAR.toString()));

        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("RTCGATE_RTSP_HOST", "127.0.0.1");
        env.put("RTCGATE_RTSP_PORT", Integer.toString(rtspPort));
        env.put("RTCGATE_WEBRTC_UDP_HOST", "127.0.0.1");
        env.put("RTCGATE_WEBRTC_UDP_PORT", Integer.toString(udpPort));
        for (int i = 0; i < streams; i++) {
            env.put("RTCGATE_STREAMS_CAM" + i + "_SOURCE", "rtsp://127.0.0.1:" + cameraPort + "/cam" + i);
            env.put("RTCGATE_STREAMS_CAM" + i + "_TRANSPORT", "tcp");
        }
        ManagedProcess p = ManagedProcess.start("gateway-" + variant.name(), command, env,
                lifetime.plusSeconds(20), false);
        try {
            long javaPid = childJavaPid(p);
            GatewayProcess gateway = new GatewayProcess(p, javaPid, httpPort, List.copyOf(jvm));
            gateway.awaitDiagnostics(Duration.ofSeconds(90));
            return gateway;
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** The JVM that {@code timeout} started. */
    private static long childJavaPid(ManagedProcess wrapper) throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            Optional<ProcessHandle> child = wrapper.process().children().findFirst();
            if (child.isPresent()) {
                return child.get().pid();
            }
            wrapper.requireAlive("before starting java");
            Thread.sleep(20);
        }
        throw new IOException("timeout(1) started no java process within 10 s");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    long pid() {
        return javaPid;
    }

    List<String> jvmArguments() {
        return jvmArguments;
    }

    Path log() {
        return process.log();
    }

    void requireAlive(String during) throws IOException {
        process.requireAlive(during);
    }

    JsonNode diagnosticsJson() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/diagnostics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /v1/diagnostics answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    DiagnosticsSnapshot diagnostics() throws IOException, InterruptedException {
        return DiagnosticsSnapshot.of(diagnosticsJson());
    }

    private void awaitDiagnostics(Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            process.requireAlive("during start-up");
            try {
                diagnosticsJson();
                return;
            } catch (IOException e) {
                if (System.nanoTime() > end) {
                    throw new IOException("gateway not answering /v1/diagnostics within " + timeout.toSeconds() + " s; log "
                            + log() + ":\n" + PeerProcesses.tailOf(log(), 3000), e);
                }
            }
            Thread.sleep(200);
        }
    }

    /** Waits until {@code streams} streams are online (the cameras pulled and their first access units parsed). */
    void awaitOnline(int streams, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        int online = 0;
        while (System.nanoTime() < end) {
            process.requireAlive("while waiting for the streams");
            online = diagnostics().onlineStreams();
            if (online >= streams) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException(online + " of " + streams + " streams online after " + timeout.toSeconds() + " s; log " + log()
                + ":\n" + PeerProcesses.tailOf(log(), 3000));
    }

    /** A full collection in the gateway ({@code jcmd PID GC.run}), so the heap in use is the live heap. */
    void collectGarbage() throws IOException {
        PeerProcesses.runOrFail(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(javaPid), "GC.run"), Duration.ofSeconds(30));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
