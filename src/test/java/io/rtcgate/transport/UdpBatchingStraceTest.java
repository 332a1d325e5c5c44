package io.rtcgate.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Batching proven with real syscalls: {@link UdpBatchingLoad} runs in a child JVM under
 * {@code strace -f -C -e trace=sendmmsg,sendmsg,sendto}; the per-call lines give the messages each {@code sendmmsg}
 * carried, the {@code -c} summary the call counts. Without GSO every datagram of a flush must be one entry of one
 * {@code sendmmsg} (many datagrams per syscall); with GSO the same datagrams must go out in the same number of syscalls
 * but in far fewer entries — one per viewer run, so far fewer {@code udp_sendmsg} passes in the kernel.
 *
 * <p>Where strace cannot attach (no strace, or ptrace refused in a container), the test says so on stdout and falls back
 * to the mux's own send-size histogram ({@link UdpSendStats}), which counts a flush as one send call — it does not skip.
 */
@Timeout(180)
class UdpBatchingStraceTest {
    private static final int VIEWERS = 4;
    private static final int FRAMES = 50;
    private static final int PER_FRAME = VIEWERS * (UdpBatchingLoad.FULL_PACKETS + 1);
    private static final Pattern SENDMMSG_RETURN = Pattern.compile("sendmmsg(?:\\(| resumed>).*\\)\\s+=\\s+(\\d+)$");
    private static final Pattern SUMMARY_ROW = Pattern.compile(
            "^\\s*[\\d.]+\\s+[\\d.]+\\s+\\d+\\s+(\\d+)\\s+(?:\\d+\\s+)?(sendmmsg|sendmsg|sendto)\\s*$");
    private static final Pattern RESULT_FIELD = Pattern.compile("(\\w+)=([\\w.]+)");

    /** What one child run showed. */
    record Run(Map<String, String> result, int sendmmsgCalls, long sendmmsgEntries, Map<String, Long> summaryCalls,
            boolean traced) {
        long field(String name) {
            return Long.parseLong(result.get(name));
        }
    }

    @Test
    void aFlushIsOneSendmmsgOfManyDatagramsAndGsoCutsTheEntries() throws Exception {
        assumeTrue(Epoll.isAvailable(), "sendmmsg batching needs native epoll; UdpMuxNioFallbackTest covers NIO");
        Run plain = run("plain");
        long datagrams = plain.field("datagrams");
        assertEquals((long) FRAMES * PER_FRAME, datagrams);
        assertEquals(datagrams, plain.field("received"), "every datagram arrived");
        assertEquals(0, plain.field("sendErrors"));
        if (plain.traced()) {
            System.out.printf("strace, no GSO: %d datagrams in %d sendmmsg calls (%d entries): %.1f datagrams per call; "
                    + "summary %s%n", datagrams, plain.sendmmsgCalls(), plain.sendmmsgEntries(),
                    (double) datagrams / plain.sendmmsgCalls(), plain.summaryCalls());
            assertEquals(datagrams, plain.sendmmsgEntries(), "every datagram went through sendmmsg");
            assertTrue(plain.sendmmsgCalls() <= FRAMES + 2, "about one sendmmsg per flush: " + plain.sendmmsgCalls());
            assertTrue(plain.sendmmsgCalls() * 10L < datagrams, "many datagrams per sendmmsg");
            long otherSends = plain.summaryCalls().getOrDefault("sendto", 0L) + plain.summaryCalls().getOrDefault("sendmsg", 0L);
            assertTrue(otherSends < FRAMES / 10, "hardly any single-datagram sends: " + plain.summaryCalls());
        } else {
            assertTrue(plain.field("sends") * 10L < datagrams, "histogram: many datagrams per flush " + plain.result());
        }

        if (!SegmentedDatagramPacket.isSupported()) {
            System.out.println("UDP GSO unsupported here (no UDP_SEGMENT): GSO half of the batching test not run");
            return;
        }
        Run gso = run("gso");
        assertEquals(datagrams, gso.field("datagrams"));
        assertEquals(datagrams, gso.field("received"), "every GSO segment arrived as its own datagram");
        assertEquals(0, gso.field("sendErrors"));
        assertEquals((long) FRAMES * VIEWERS, gso.field("gsoSends"), "one run per viewer and frame");
        assertEquals(datagrams, gso.field("gsoSegments"));
        if (gso.traced()) {
            System.out.printf("strace, GSO: %d datagrams in %d sendmmsg calls with %d entries: %.1f datagrams per call, "
                    + "%.1f per entry; summary %s%n", datagrams, gso.sendmmsgCalls(), gso.sendmmsgEntries(),
                    (double) datagrams / gso.sendmmsgCalls(), (double) datagrams / gso.sendmmsgEntries(), gso.summaryCalls());
            assertEquals(gso.field("gsoSends"), gso.sendmmsgEntries(), "each run is one sendmmsg entry");
            assertTrue(gso.sendmmsgCalls() <= plain.sendmmsgCalls(), "no more syscalls than without GSO");
            assertTrue(gso.sendmmsgEntries() * 5 < plain.sendmmsgEntries(), "the same bytes in far fewer entries");
        }
    }

    /**
     * {@code rtcgate.tuning.batching=false}: the same load leaves as one single-datagram send call per datagram
     * ({@code sendto}/{@code sendmsg}, never a {@code sendmmsg} of several), which is what the benchmark's "batching off"
     * variant measures.
     */
    @Test
    void batchingOffIsOneSyscallPerDatagram() throws Exception {
        assumeTrue(Epoll.isAvailable(), "the epoll send path; UdpMuxBatchingSwitchTest covers NIO");
        Run unbatched = run("unbatched");
        long datagrams = unbatched.field("datagrams");
        assertEquals((long) FRAMES * PER_FRAME, datagrams);
        assertEquals(datagrams, unbatched.field("received"), "every datagram arrived");
        assertEquals(datagrams, unbatched.field("sends"), "the mux counts one send call per datagram");
        if (unbatched.traced()) {
            long singles = unbatched.summaryCalls().getOrDefault("sendto", 0L)
                    + unbatched.summaryCalls().getOrDefault("sendmsg", 0L);
            System.out.printf("strace, batching off: %d datagrams, %d sendto/sendmsg, %d sendmmsg calls (%d entries)%n",
                    datagrams, singles, unbatched.sendmmsgCalls(), unbatched.sendmmsgEntries());
            assertEquals(datagrams, singles + unbatched.sendmmsgEntries(), "every datagram in a syscall of its own kind");
            assertEquals(unbatched.sendmmsgCalls(), unbatched.sendmmsgEntries(), "no sendmmsg carried more than one");
        }
    }

    private Run run(String mode) throws IOException, InterruptedException {
        Path strace = findOnPath("strace");
        Path out = Path.of("target", "strace-" + mode + ".txt");
        Files.deleteIfExists(out); // never read a previous run's trace
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), UdpBatchingLoad.class.getName(), mode,
                String.valueOf(VIEWERS), String.valueOf(FRAMES));
        if (strace != null) {
            List<String> command = new ArrayList<>(List.of(strace.toString(), "-f", "-C", "-e", "trace=sendmmsg,sendmsg,sendto",
                    "-e", "verbose=none", "-o", out.toString()));
            command.addAll(java);
            Child child = Child.run(command);
            String trace = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
            if (child.exit == 0 && trace.contains("% time")) {
                return parse(child.stdout, trace);
            }
            // ptrace refused (container without CAP_SYS_PTRACE, seccomp) or strace broken: use the histogram instead
            System.out.println("strace could not trace the child (exit " + child.exit + "): " + child.tail()
                    + "; falling back to the send-size histogram of UdpSendStats");
        } else {
            System.out.println("strace not installed (apt-get install strace): falling back to the send-size histogram");
        }
        Child child = Child.run(java);
        assertEquals(0, child.exit, child.tail());
        return parse(child.stdout, null);
    }

    private static Run parse(String stdout, String trace) {
        Map<String, String> result = new HashMap<>();
        String line = stdout.lines().filter(l -> l.startsWith("RESULT")).findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT line in: " + stdout));
        assertTrue(!line.contains("unavailable"), line);
        Matcher m = RESULT_FIELD.matcher(line);
        while (m.find()) {
            result.put(m.group(1), m.group(2));
        }
        if (trace == null) {
            return new Run(result, 0, 0, Map.of(), false);
        }
        int calls = 0;
        long entries = 0;
        Map<String, Long> summary = new HashMap<>();
        for (String t : trace.split("\n")) {
            Matcher r = SENDMMSG_RETURN.matcher(t.trim());
            if (r.find()) {
                calls++;
                entries += Long.parseLong(r.group(1));
            }
            Matcher s = SUMMARY_ROW.matcher(t);
            if (s.find()) {
                summary.put(s.group(2), Long.parseLong(s.group(1)));
            }
        }
        assertTrue(!summary.isEmpty(), "strace -c summary lists the send calls: " + trace.lines().skip(Math.max(0,
                trace.lines().count() - 10)).toList());
        return new Run(result, calls, entries, summary, true);
    }

    private static Path findOnPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** A finished child process: exit code and output. */
    private record Child(int exit, String stdout) {
        static Child run(List<String> command) throws IOException, InterruptedException {
            Path log = Files.createTempFile(Path.of("target"), "udp-batching-child", ".log");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("child did not finish in 120 s: " + command);
                }
                return new Child(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        }

        String tail() {
            return stdout.length() > 2000 ? stdout.substring(stdout.length() - 2000) : stdout;
        }
    }
}
