package io.rtcgate.bench;

import io.rtcgate.testpeers.TestClips;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One measured run: camera fleet, gateway (one {@link Variant}), viewer fleet; wait for every stream online and every
 * viewer playing, warm up, force a full GC ({@code jcmd PID GC.run}) and read the live heap, then read the gateway's CPU
 * ticks and diagnostics at both ends of the window, the fleet's report and the gateway's {@code /proc} status. Every
 * process is closed when the run ends, whatever happens.
 */
final class BenchmarkRun {
    private static final Duration STARTUP_BUDGET = Duration.ofSeconds(180);

    private BenchmarkRun() {
    }

    static RunResult execute(String label, Variant variant, int streams, int viewersPerStream, int warmupSeconds,
            int windowSeconds, List<String> extraJvmFlags) throws IOException, InterruptedException {
        Instant startedAt = Instant.now();
        Duration lifetime = STARTUP_BUDGET.plus(fleetStartBudget(streams, viewersPerStream)).plusSeconds(warmupSeconds)
                .plusSeconds(windowSeconds).plusSeconds(60);
        Path clip = TestClips.videoAnnexB();
        log(label + ": " + streams + " streams × " + viewersPerStream + " viewers, " + warmupSeconds + " s warm-up, "
                + windowSeconds + " s window; " + variant.description());
        try (CameraFleetProcess cameras = CameraFleetProcess.start(streams, clip, lifetime);
                GatewayProcess gateway = GatewayProcess.start(variant, extraJvmFlags, cameras.port(), streams, viewersPerStream,
                        lifetime)) {
            gateway.awaitOnline(streams, Duration.ofSeconds(30 + streams / 2));
            log(streams + " streams online (gateway pid " + gateway.pid() + ", log " + gateway.log() + ")");
            ViewerFleetProcess fleet = null;
            try {
                if (viewersPerStream > 0) {
                    fleet = ViewerFleetProcess.start(gateway.baseUrl(), streams, viewersPerStream, testClasspath(), lifetime);
                    log(fleet.awaitReady(fleetStartBudget(streams, viewersPerStream)));
                }
                Thread.sleep(warmupSeconds * 1000L);
                gateway.requireAlive("during the warm-up");
                // the live heap with every stream and viewer in steady state; done before the window so that neither the
                // full GC's pause lands in it nor the fleet's leaving (WHEP DELETE right after the window) in the reading
                gateway.collectGarbage();
                DiagnosticsSnapshot afterGc = gateway.diagnostics();
                Thread.sleep(1000);

                if (fleet != null) {
                    fleet.startWindow();
                }
                DiagnosticsSnapshot start = gateway.diagnostics();
                long gw0 = ProcFiles.cpuTicks(gateway.pid());
                long cam0 = ProcFiles.cpuTicks(cameras.pid());
                long fleet0 = fleet == null ? -1 : ProcFiles.cpuTicks(fleet.pid());
                long t0 = System.nanoTime();
                sleepWatching(gateway, windowSeconds);
                DiagnosticsSnapshot end = gateway.diagnostics();
                long gw1 = ProcFiles.cpuTicks(gateway.pid());
                long cam1 = ProcFiles.cpuTicks(cameras.pid());
                long fleet1 = fleet == null ? -1 : ProcFiles.cpuTicks(fleet.pid());
                double wall = (System.nanoTime() - t0) / 1e9;
                ProcFiles.Status status = ProcFiles.status(gateway.pid());

                FleetResult fleetResult = fleet == null ? null : fleet.endWindow(Duration.ofSeconds(30));

                WindowMeasurement m = new WindowMeasurement(streams, viewersPerStream, wall, ProcFiles.clockTicksPerSecond(),
                        gw1 - gw0, cam1 - cam0, fleet == null ? -1 : fleet1 - fleet0, start, end, afterGc, status, fleetResult);
                return new RunResult(label, variant, streams, viewersPerStream, warmupSeconds, windowSeconds, startedAt,
                        gateway.jvmArguments(), RunFigures.compute(m), fleet == null ? null : fleet.raw(),
                        gateway.log().toString());
            } finally {
                if (fleet != null) {
                    fleet.close();
                }
            }
        }
    }

    /** Viewers start one after another (ICE, DTLS): allow 30 s plus 0.25 s each. */
    private static Duration fleetStartBudget(int streams, int viewersPerStream) {
        return Duration.ofSeconds(30).plusMillis(250L * streams * viewersPerStream);
    }

    private static void sleepWatching(GatewayProcess gateway, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(1000, Math.max(1, left / 1_000_000)));
            gateway.requireAlive("during the measurement window");
        }
    }

    /**
     * The classpath of this JVM for the fleet: surefire/failsafe put the real one in {@code surefire.test.class.path}
     * ({@code java.class.path} is then a manifest-only jar); exec:exec passes it as {@code java.class.path}.
     */
    static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    static void log(String message) {
        System.out.println("[bench] " + message);
        System.out.flush();
    }
}
