package io.rtcgate.bench;

import io.rtcgate.testpeers.PeerProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process of the benchmark that cannot outlive it: a watchdog ends it at its deadline, a JVM shutdown hook ends
 * every one still alive when the benchmark exits (normally, on failure or on Ctrl-C), and {@link #close()} ends it with
 * its descendants (SIGTERM, then SIGKILL after a grace period). Its stdout is either kept line by line (for READY and
 * JSON lines; also copied to the log) or written straight to the log; stderr always goes to the log.
 */
final class ManagedProcess implements AutoCloseable {
    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-watchdog");
        t.setDaemon(true);
        return t;
    });
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ManagedProcess p : List.copyOf(LIVE)) {
                p.close();
            }
        }, "bench-cleanup"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> stdoutLines = new CopyOnWriteArrayList<>();
    private final ScheduledFuture<?> deadline;
    private final Writer stdin;

    private ManagedProcess(String name, Process process, Path log, Duration lifetime) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        this.deadline = WATCHDOG.schedule(() -> {
            if (process.isAlive()) {
                System.err.println("[bench] " + name + " reached its " + lifetime.toSeconds() + " s deadline: stopping it");
                close();
            }
        }, lifetime.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts {@code command} with {@code extraEnv}; it is ended after {@code lifetime} at the latest.
     *
     * @param keepStdout keep stdout lines for {@link #awaitLine} (else stdout goes to the log)
     */
    static ManagedProcess start(String name, List<String> command, Map<String, String> extraEnv, Duration lifetime,
            boolean keepStdout) throws IOException {
        Path log = PeerProcesses.newLogFile("bench-" + name);
        ProcessBuilder builder = new ProcessBuilder(command).directory(PeerProcesses.projectDir().toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (!keepStdout) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        builder.environment().putAll(extraEnv);
        ManagedProcess p = new ManagedProcess(name, builder.start(), log, lifetime);
        LIVE.add(p);
        if (keepStdout) {
            Thread reader = new Thread(p::readStdout, "bench-" + name + "-stdout");
            reader.setDaemon(true);
            reader.start();
        }
        return p;
    }

    private void readStdout() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                stdoutLines.add(line);
            }
        } catch (IOException e) {
            // the process ended; the lines read so far stay
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Throws with the log's tail when the process has ended. */
    void requireAlive(String during) throws IOException {
        if (!process.isAlive()) {
            throw new IOException(name + " exited with " + process.exitValue() + " " + during + "; log " + log + ":\n"
                    + PeerProcesses.tailOf(log, 3000));
        }
    }

    /** The first stdout line matching {@code wanted}, waiting up to {@code timeout}; fails if the process ends first. */
    String awaitLine(Predicate<String> wanted, Duration timeout, String what) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : stdoutLines) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                Thread.sleep(100); // let the reader take the last lines
                for (String line : stdoutLines) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
                requireAlive("while waiting for " + what);
            }
            if (System.nanoTime() > end) {
                throw new IOException(name + ": no " + what + " within " + timeout.toSeconds() + " s; stdout " + stdoutLines
                        + "; log " + log + ":\n" + PeerProcesses.tailOf(log, 3000));
            }
            Thread.sleep(50);
        }
    }

    /** Writes one line to the process' stdin. */
    void sendLine(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Closes stdin (peers that exit at end of input). */
    void closeStdin() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** Waits up to {@code timeout} for the process to exit by itself. */
    boolean awaitExit(Duration timeout) {
        return PeerProcesses.waitFor(process, timeout);
    }

    @Override
    public void close() {
        deadline.cancel(false);
        if (process.isAlive()) {
            PeerProcesses.stopTree(process, STOP_GRACE);
        }
        LIVE.remove(this);
    }
}
