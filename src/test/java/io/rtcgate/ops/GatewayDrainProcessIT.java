package io.rtcgate.ops;

import io.rtcgate.testsupport.Poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.rtcgate.testpeers.FfmpegPublisher;
import io.rtcgate.testpeers.JavaWhepViewer;
import io.rtcgate.testpeers.PeerProcesses;
import io.rtcgate.testpeers.RtspTransport;
import io.rtcgate.testpeers.TestClips;
import io.rtcgate.webrtc.dtls.DtlsCertificate;
import io.rtcgate.webrtc.ice.IceCredentials;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM on the real, packaged gateway ({@code target/quarkus-app/quarkus-run.jar}, started with {@code java -jar} as a
 * child process, everything on 127.0.0.1 with free ports given by environment variables), with ffmpeg publishing and a
 * Java WHEP viewer playing.
 *
 * <p>It is a failsafe integration test ({@code *IT}): it runs in {@code mvn verify} after {@code package}, so the jar it
 * starts is always the one just built from this checkout — no stale jar, no Maven started from inside Maven (which would
 * rewrite {@code target/} under the running test JVM). Run alone:
 * {@code mvn -o verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=GatewayDrainProcessIT}.
 */
@Timeout(180)
class GatewayDrainProcessIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String STREAM = "drain";
    private static final java.util.regex.Pattern DRAINING_TRUE = java.util.regex.Pattern.compile("\"draining\"\\s*:\\s*true");

    private Process gateway;
    private FfmpegPublisher ffmpeg;
    private JavaWhepViewer viewer;
    private Path log;
    private int httpPort;
    private int rtspPort;

    @AfterEach
    void cleanUp() {
        if (viewer != null) {
            viewer.close();
        }
        if (ffmpeg != null) {
            ffmpeg.close();
        }
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly();
        }
    }

    @Test
    void sigtermDrainsViewersKeepPlayingNewOffersGet503ThenByeAndExitZero() throws Exception {
        // long enough for every check below to run while the drain lasts, on a busy machine too
        startGateway("8s");
        startPlayback();
        assertEquals(200, get("/q/health/ready").statusCode(), "ready before SIGTERM");

        long sigterm = System.nanoTime();
        gateway.destroy(); // SIGTERM on Linux

        awaitTrue(Duration.ofSeconds(5), () -> {
            HttpResponse<String> ready = getQuietly("/q/health/ready");
            return ready != null && ready.statusCode() == 503 && DRAINING_TRUE.matcher(ready.body()).find();
        }, "readiness DOWN with draining=true right after SIGTERM");
        HttpResponse<String> refused = postOffer();
        assertEquals(503, refused.statusCode(), "a new WHEP offer while draining: " + refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "503 carries Retry-After");
        assertEquals(200, get("/q/health/live").statusCode(), "still live while draining");

        long before = viewer.videoPackets();
        awaitTrue(Duration.ofSeconds(5), () -> viewer.videoPackets() > before,
                "the viewer keeps receiving video during the drain (" + before + " packets before)");
        assertEquals(0, viewer.byes(), "no BYE before the drain ends");
        assertTrue(ffmpeg.isAlive(), "the publisher keeps publishing during the drain");

        assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway exits after the drain timeout; log " + log);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
        assertEquals(0, gateway.exitValue(), "exit code after a drain; log " + log);
        assertTrue(tookMillis >= 7900, "the drain lasted the 8 s drain timeout (viewer and publisher stayed): " + tookMillis);
        awaitTrue(Duration.ofSeconds(10), () -> viewer.byes() > 0, "the viewer got an RTCP BYE when the drain ended");
        String output = Files.readString(log);
        assertTrue(output.contains("drain over after") && output.contains("drain timeout"), "log says why the drain ended");
    }

    @Test
    void secondSigtermEndsTheDrainAtOnce() throws Exception {
        startGateway("60s");
        startPlayback();

        long sigterm = System.nanoTime();
        gateway.destroy();
        awaitTrue(Duration.ofSeconds(20), () -> {
            HttpResponse<String> ready = getQuietly("/q/health/ready");
            return ready != null && ready.statusCode() == 503;
        }, "readiness DOWN after the first SIGTERM");
        Thread.sleep(500);
        assertTrue(gateway.isAlive(), "still draining (60 s timeout)");
        gateway.destroy();

        assertTrue(gateway.waitFor(15, TimeUnit.SECONDS), "the second SIGTERM ends the drain; log " + log);
        assertEquals(0, gateway.exitValue(), "exit code; log " + log);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
        assertTrue(tookMillis < 15_000, "ended well before the 60 s drain timeout: " + tookMillis);
        awaitTrue(Duration.ofSeconds(10), () -> viewer.byes() > 0, "the viewer got an RTCP BYE");
        assertTrue(Files.readString(log).contains("second SIGTERM"), "log says why the drain ended");
    }

    @Test
    void theDrainEndsAsSoonAsTheViewerAndThePublisherHaveLeft() throws Exception {
        startGateway("60s");
        startPlayback();

        long sigterm = System.nanoTime();
        gateway.destroy();
        awaitTrue(Duration.ofSeconds(20), () -> {
            HttpResponse<String> ready = getQuietly("/q/health/ready");
            return ready != null && ready.statusCode() == 503;
        }, "readiness DOWN after SIGTERM");
        assertEquals(200, viewer.delete(), "the viewer leaves by WHEP DELETE during the drain");
        Thread.sleep(500);
        assertTrue(gateway.isAlive(), "the publisher is still there, so the drain goes on");
        ffmpeg.close();

        assertTrue(gateway.waitFor(15, TimeUnit.SECONDS), "the drain ends once nobody is left; log " + log);
        assertEquals(0, gateway.exitValue(), "exit code; log " + log);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
        assertTrue(tookMillis < 15_000, "ended well before the 60 s drain timeout: " + tookMillis);
        assertTrue(Files.readString(log).contains("no viewer or publisher left"), "log says why the drain ended");
    }

    // ---- helpers ----

    private void startGateway(String drainTimeout) throws Exception {
        Path jar = PeerProcesses.projectDir().resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: this test runs in 'mvn verify' after 'package'");
        }
        httpPort = freeTcpPort();
        rtspPort = freeTcpPort();
        int udpPort = freeUdpPort();
        log = PeerProcesses.newLogFile("gateway-drain");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("RTCGATE_RTSP_HOST", "127.0.0.1");
        env.put("RTCGATE_RTSP_PORT", Integer.toString(rtspPort));
        env.put("RTCGATE_WEBRTC_UDP_HOST", "127.0.0.1");
        env.put("RTCGATE_WEBRTC_UDP_PORT", Integer.toString(udpPort));
        env.put("RTCGATE_DRAIN_TIMEOUT", drainTimeout);
        env.put("RTCGATE_EVENT_LOOP_THREADS", "2");
        gateway = builder.start();
        awaitTrue(START_TIMEOUT, () -> {
            if (!gateway.isAlive()) {
                fail("the gateway exited with " + gateway.exitValue() + " during start-up; log " + log);
            }
            HttpResponse<String> started = getQuietly("/q/health/started");
            return started != null && started.statusCode() == 200;
        }, "/q/health/started UP; log " + log);
    }

    private void startPlayback() throws Exception {
        ffmpeg = FfmpegPublisher.start(TestClips.videoMkv(), URI.create("rtsp://127.0.0.1:" + rtspPort + "/" + STREAM),
                RtspTransport.TCP);
        awaitTrue(Duration.ofSeconds(20), () -> {
            HttpResponse<String> s = getQuietly("/v1/streams/" + STREAM);
            return s != null && s.statusCode() == 200 && s.body().contains("\"online\":true");
        }, "stream online with ffmpeg publishing; ffmpeg log " + ffmpeg.logFile());
        viewer = JavaWhepViewer.play(URI.create("http://127.0.0.1:" + httpPort + "/" + STREAM + "/whep"),
                Duration.ofSeconds(15));
        awaitTrue(Duration.ofSeconds(10), () -> viewer.videoPackets() > 0, "the viewer receives video: " + viewer);
    }

    private HttpResponse<String> postOffer() throws IOException, InterruptedException {
        String offer = JavaWhepViewer.chromiumOffer(IceCredentials.random(),
                DtlsCertificate.generate(new SecureRandom()).sha256Fingerprint());
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/" + STREAM + "/whep"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(offer)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getQuietly(String path) {
        try {
            return get(path);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void awaitTrue(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        Poll.await(what, timeout, condition);
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }
}
