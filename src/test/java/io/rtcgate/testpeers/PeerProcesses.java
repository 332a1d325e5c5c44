package io.rtcgate.testpeers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process plumbing shared by the test peers: project paths, log files, bounded command runs,
 * free ports and killing a process tree. Everything here is test-only.
 */
public final class PeerProcesses {

    /** Python with PyGObject; a pyenv python on PATH usually has no {@code gi}. */
    public static final String PYTHON = System.getProperty("rtcgate.peers.python", "/usr/bin/python3");

    private static final AtomicLong LOG_SEQUENCE = new AtomicLong();

    private PeerProcesses() {
    }

    /** The Maven project directory (surefire sets {@code basedir}; otherwise the working directory). */
    public static Path projectDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    /** {@code src/test/peers}, where the peer scripts live. */
    public static Path peerScriptsDir() {
        return projectDir().resolve("src/test/peers");
    }

    /** A fresh, unique log file under {@code target/peer-logs/}. */
    public static Path newLogFile(String prefix) {
        Path dir = projectDir().resolve("target/peer-logs");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve(prefix + "-" + ProcessHandle.current().pid() + "-" + LOG_SEQUENCE.incrementAndGet()
                + ".log");
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago (bind port 0, read, close). */
    public static int freeLocalPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    /**
     * True when some socket LISTENs on TCP {@code port} (Linux {@code /proc/net/tcp}). Unlike a probe connect, this
     * does not use up a one-shot listener such as {@code ffmpeg -rtsp_flags listen}.
     */
    public static boolean isListening(int port) {
        String localPort = String.format(":%04X ", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] fields = line.trim().split("\\s+");
                    // fields: sl local_address rem_address st ...; st 0A = LISTEN
                    if (fields.length > 3 && (fields[1] + " ").endsWith(localPort) && "0A".equals(fields[3])) {
                        return true;
                    }
                }
            } catch (IOException e) {
                // table absent (no IPv6): try the next one
            }
        }
        return false;
    }

    /** Outcome of {@link #run}. {@code timedOut} means the command was killed at the deadline. */
    public record CommandResult(int exitCode, String stdout, String stderr, boolean timedOut) {
    }

    /**
     * Runs a command to completion, at most {@code timeout}; output goes through temp files so a chatty
     * process can never block on a full pipe.
     */
    public static CommandResult run(List<String> command, Duration timeout) throws IOException {
        Path out = Files.createTempFile("peer-cmd", ".out");
        Path err = Files.createTempFile("peer-cmd", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            boolean finished = waitFor(process, timeout);
            if (!finished) {
                stopTree(process, Duration.ofSeconds(2));
            }
            return new CommandResult(finished ? process.exitValue() : -1, read(out),
                    read(err), !finished);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Like {@link #run} but fails with the command's stderr unless it exits 0 in time. */
    public static String runOrFail(List<String> command, Duration timeout) throws IOException {
        CommandResult result = run(command, timeout);
        if (result.timedOut() || result.exitCode() != 0) {
            throw new IOException("command " + (result.timedOut() ? "timed out" : "failed with " + result.exitCode())
                    + ": " + String.join(" ", command) + "\n" + tail(result.stderr(), 4000));
        }
        return result.stdout();
    }

    /**
     * Ends a process and its descendants: SIGTERM to all, wait up to {@code grace}, then SIGKILL what is left.
     * Returns the process' exit code (or -1 if it had to be killed and did not report one).
     */
    public static int stopTree(Process process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        if (!waitFor(process, grace)) {
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return waitFor(process, Duration.ofSeconds(5)) ? process.exitValue() : -1;
    }

    /** Waits for exit; returns false at the deadline. Interrupts are restored and end the wait. */
    public static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The last {@code maxChars} of a log file, or a note why it cannot be read. */
    public static String tailOf(Path file, int maxChars) {
        try {
            return tail(read(file), maxChars);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** Reads a whole file as UTF-8, replacing malformed bytes (tools sometimes print binary junk). */
    public static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    static String tail(String text, int maxChars) {
        return text.length() <= maxChars ? text : "..." + text.substring(text.length() - maxChars);
    }
}
