package io.rtcgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The viewer fleet ({@link ViewerFleet}) as its own JVM on the test classpath: it prints READY once every viewer plays;
 * {@link #startWindow()} and {@link #endWindow()} write the two stdin lines that bound the measurement window, after which
 * it prints one JSON line and leaves (WHEP DELETE). Closing its stdin also ends it.
 */
final class ViewerFleetProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManagedProcess process;
    private String readyLine;
    private JsonNode raw;

    private ViewerFleetProcess(ManagedProcess process) {
        this.process = process;
    }

    static ViewerFleetProcess start(String gatewayBase, int streams, int viewersPerStream, String classpath, Duration lifetime)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath, ViewerFleet.class.getName(), gatewayBase,
                Integer.toString(streams), Integer.toString(viewersPerStream)));
        return new ViewerFleetProcess(ManagedProcess.start("viewers", command, Map.of(), lifetime, true));
    }

    /** Waits for READY; returns the line (viewers playing, failed). */
    String awaitReady(Duration timeout) throws IOException, InterruptedException {
        readyLine = process.awaitLine(line -> line.startsWith("READY"), timeout, "READY from the viewer fleet");
        return readyLine;
    }

    void startWindow() throws IOException {
        process.sendLine("start");
    }

    /** Ends the window and returns the fleet's JSON report. */
    FleetResult endWindow(Duration timeout) throws IOException, InterruptedException {
        process.sendLine("stop");
        String line = process.awaitLine(l -> l.startsWith("{"), timeout, "the viewer fleet's JSON line");
        raw = JSON.readTree(line);
        return FleetResult.of(raw);
    }

    /** The fleet's JSON as printed (null before {@link #endWindow}). */
    JsonNode raw() {
        return raw;
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
        if (!process.awaitExit(Duration.ofSeconds(10))) {
            process.close();
        }
        process.close();
    }
}
