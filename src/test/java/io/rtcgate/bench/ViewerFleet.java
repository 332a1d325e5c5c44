package io.rtcgate.bench;

import io.rtcgate.testpeers.JavaWhepViewer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's viewer fleet, run as its own process: M WHEP viewers per stream, each doing ICE, DTLS and SRTP for real
 * (BouncyCastle's DTLS client, every packet's authentication tag checked by {@code SrtpReceiver}). Prints READY when all
 * play; a first line on stdin starts the measurement window, a second (or end of input) ends it: it prints one JSON line
 * of what arrived in the window and leaves with DELETE.
 *
 * <pre>java -cp ... io.rtcgate.bench.ViewerFleet http://127.0.0.1:18889 streams viewersPerStream [streamPrefix]</pre>
 */
public final class ViewerFleet {

    private ViewerFleet() {
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/");
        int streams = Integer.parseInt(args[1]);
        int perStream = Integer.parseInt(args[2]);
        String prefix = args.length > 3 ? args[3] : "cam";
        List<JavaWhepViewer> viewers = new ArrayList<>();
        int failed = 0;
        for (int v = 0; v < perStream; v++) {
            for (int s = 0; s < streams; s++) {
                try {
                    viewers.add(JavaWhepViewer.play(base.resolve(prefix + s + "/whep"), Duration.ofSeconds(10)));
                } catch (Exception e) {
                    failed++;
                    System.err.println("viewer of " + prefix + s + " failed: " + e);
                }
            }
        }
        System.out.println("READY " + viewers.size() + " viewers, " + failed + " failed");
        System.out.flush();
        var stdin = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.US_ASCII));
        stdin.readLine(); // window starts
        long[] start = totals(viewers);
        long startNanos = System.nanoTime();
        stdin.readLine(); // window ends
        long[] end = totals(viewers);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(Locale.ROOT,
                "{\"viewers\":%d,\"failed\":%d,\"seconds\":%.1f,\"videoPackets\":%d,\"videoFrames\":%d,\"keyframes\":%d,"
                        + "\"audioPackets\":%d,\"srtpRejected\":%d,\"srtcpReceived\":%d,\"senderReports\":%d}%n",
                viewers.size(), failed, seconds, end[0] - start[0], end[1] - start[1], end[2] - start[2], end[3] - start[3],
                end[4] - start[4], end[5] - start[5], end[6] - start[6]);
        System.out.flush();
        for (JavaWhepViewer v : viewers) {
            try {
                v.delete();
            } catch (Exception e) {
                // leaving anyway
            }
            v.close();
        }
    }

    private static long[] totals(List<JavaWhepViewer> viewers) {
        long[] t = new long[7];
        for (JavaWhepViewer v : viewers) {
            t[0] += v.videoPackets();
            t[1] += v.videoFrames();
            t[2] += v.videoKeyframes();
            t[3] += v.audioPackets();
            t[4] += v.srtpRejected();
            t[5] += v.srtcpReceived();
            t[6] += v.senderReports();
        }
        return t;
    }
}
