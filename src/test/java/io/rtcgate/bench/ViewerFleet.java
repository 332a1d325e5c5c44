package io.rtcgate.bench;

import io.rtcgate.testpeers.JavaWhepViewer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's viewer fleet, run as its own process: M WHEP viewers per stream, each doing ICE, DTLS and SRTP for real
 * (BouncyCastle's DTLS client, every packet's authentication tag checked by {@code SrtpReceiver}), started
 * {@value #START_PARALLELISM} at a time. Prints {@code READY <n> viewers, <f> failed} when all play; a first line on
 * stdin starts the measurement window, a second (or end of input) ends it. Then, with the fleet still playing, it starts
 * PROBES more viewers one after another on streams spread over the fleet, each until its first whole keyframe, and
 * deletes them: the time to first frame a new viewer sees in steady state. Last it prints one JSON line and the fleet
 * leaves with DELETE.
 *
 * <p>The JSON line: packet counts of the window ({@code videoPackets}, ...), and from the viewers' sequence accounting
 * ({@link FleetCounters}) over the window {@code expectedPackets}, {@code lostPackets}, {@code latePackets},
 * {@code duplicatePackets}, {@code authFailures} and {@code lossPercent} (null when nothing was expected);
 * {@code startTtffMs} (every fleet viewer, from its offer to its first whole keyframe at start-up) and
 * {@code probeTtffMs}, each {@code {"count":n,"p50":ms,"p95":ms,"max":ms}} with nearest-rank percentiles (null values
 * when count is 0).
 *
 * <pre>java -cp ... io.rtcgate.bench.ViewerFleet http://127.0.0.1:18889 streams viewersPerStream [streamPrefix [probes]]</pre>
 */
public final class ViewerFleet {
    /** Viewers starting at the same time: each start is an HTTP round trip, a key pair and a DTLS handshake. */
    static final int START_PARALLELISM = 8;
    static final int DEFAULT_PROBES = 5;
    private static final Duration PLAY_TIMEOUT = Duration.ofSeconds(10);
    /** A probe that has no whole keyframe this long after playing counts as failed (the GOP is 1 s). */
    private static final Duration PROBE_FIRST_FRAME_TIMEOUT = Duration.ofSeconds(5);

    private ViewerFleet() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ViewerFleet baseUrl streams viewersPerStream [streamPrefix [probes]]");
            System.exit(2);
        }
        URI base = URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/");
        int streams = Integer.parseInt(args[1]);
        int perStream = Integer.parseInt(args[2]);
        String prefix = args.length > 3 ? args[3] : "cam";
        int probes = args.length > 4 ? Integer.parseInt(args[4]) : DEFAULT_PROBES;

        ExecutorService pool = Executors.newFixedThreadPool(START_PARALLELISM, r -> {
            Thread t = new Thread(r, "viewer-fleet-start");
            t.setDaemon(true);
            return t;
        });
        long fleetStartNanos = System.nanoTime();
        List<Future<JavaWhepViewer>> starts = new ArrayList<>();
        for (int v = 0; v < perStream; v++) {
            for (int s = 0; s < streams; s++) {
                URI endpoint = whep(base, prefix, s);
                starts.add(pool.submit(() -> JavaWhepViewer.play(endpoint, PLAY_TIMEOUT)));
            }
        }
        List<JavaWhepViewer> viewers = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < starts.size(); i++) {
            try {
                viewers.add(starts.get(i).get());
            } catch (ExecutionException e) {
                failed++;
                System.err.println("viewer of " + prefix + (i % streams) + " failed: " + e.getCause());
            }
        }
        System.err.printf(Locale.ROOT, "started %d viewers in %.1f s%n", viewers.size(),
                (System.nanoTime() - fleetStartNanos) / 1e9);
        System.out.println("READY " + viewers.size() + " viewers, " + failed + " failed");
        System.out.flush();

        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        stdin.readLine(); // window starts
        FleetCounters start = FleetCounters.of(viewers);
        long startNanos = System.nanoTime();
        stdin.readLine(); // window ends
        FleetCounters window = FleetCounters.of(viewers).minus(start);
        double seconds = (System.nanoTime() - startNanos) / 1e9;

        Percentiles startTtff = Percentiles.of(viewers.stream().mapToLong(JavaWhepViewer::ttffNanos)
                .filter(ttff -> ttff >= 0).toArray());
        Percentiles probeTtff = Percentiles.of(probe(base, prefix, streams, probes));

        System.out.printf(Locale.ROOT,
                "{\"viewers\":%d,\"failed\":%d,\"seconds\":%.1f,\"videoPackets\":%d,\"videoFrames\":%d,\"keyframes\":%d,"
                        + "\"audioPackets\":%d,\"srtpRejected\":%d,\"srtcpReceived\":%d,\"senderReports\":%d,"
                        + "\"expectedPackets\":%d,\"lostPackets\":%d,\"latePackets\":%d,\"duplicatePackets\":%d,"
                        + "\"authFailures\":%d,\"lossPercent\":%s,\"startTtffMs\":%s,\"probeTtffMs\":%s}%n",
                viewers.size(), failed, seconds, window.videoPackets(), window.videoFrames(), window.keyframes(),
                window.audioPackets(), window.srtpRejected(), window.srtcpReceived(), window.senderReports(),
                window.expectedPackets(), window.lostPackets(), window.latePackets(), window.duplicatePackets(),
                window.authFailures(), jsonNumber(window.lossPercent(), 4), millisJson(startTtff),
                millisJson(probeTtff));
        System.out.flush();

        List<Future<?>> leaving = new ArrayList<>();
        for (JavaWhepViewer v : viewers) {
            leaving.add(pool.submit(() -> leave(v)));
        }
        for (Future<?> f : leaving) {
            f.get();
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }

    private static URI whep(URI base, String prefix, int stream) {
        return base.resolve(prefix + stream + "/whep");
    }

    /**
     * Starts {@code count} viewers one after another on streams spread evenly over {@code 0..streams-1}, each until its
     * first whole keyframe (or a timeout), then deletes it; the TTFFs of those that got one, in nanoseconds.
     */
    private static long[] probe(URI base, String prefix, int streams, int count) throws InterruptedException {
        long[] ttffs = new long[count];
        int measured = 0;
        for (int i = 0; i < count; i++) {
            int stream = (int) ((long) i * streams / count);
            JavaWhepViewer viewer;
            try {
                viewer = JavaWhepViewer.play(whep(base, prefix, stream), PLAY_TIMEOUT);
            } catch (Exception e) {
                System.err.println("probe viewer of " + prefix + stream + " failed: " + e);
                continue;
            }
            long deadline = System.nanoTime() + PROBE_FIRST_FRAME_TIMEOUT.toNanos();
            while (viewer.ttffNanos() < 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long ttff = viewer.ttffNanos();
            if (ttff >= 0) {
                ttffs[measured++] = ttff;
                System.err.printf(Locale.ROOT, "probe %d on %s%d: first whole keyframe after %.1f ms: %s%n", i, prefix,
                        stream, ttff / 1e6, viewer);
            } else {
                System.err.println("probe viewer of " + prefix + stream + " saw no whole keyframe within "
                        + PROBE_FIRST_FRAME_TIMEOUT + ": " + viewer);
            }
            leave(viewer);
        }
        return Arrays.copyOf(ttffs, measured);
    }

    private static void leave(JavaWhepViewer viewer) {
        try {
            viewer.delete();
        } catch (Exception e) {
            // leaving anyway: the gateway expires the session by consent freshness
        } finally {
            viewer.close();
        }
    }

    /** {@code {"count":n,"p50":x,"p95":x,"max":x}} in milliseconds, with null figures when there are no values. */
    static String millisJson(Percentiles nanos) {
        if (nanos.count() == 0) {
            return "{\"count\":0,\"p50\":null,\"p95\":null,\"max\":null}";
        }
        return String.format(Locale.ROOT, "{\"count\":%d,\"p50\":%s,\"p95\":%s,\"max\":%s}", nanos.count(),
                jsonNumber(nanos.percentile(50) / 1e6, 2), jsonNumber(nanos.percentile(95) / 1e6, 2),
                jsonNumber(nanos.max() / 1e6, 2));
    }

    /** A JSON number with {@code decimals} decimals, or null for NaN and infinities (JSON has no such numbers). */
    static String jsonNumber(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
