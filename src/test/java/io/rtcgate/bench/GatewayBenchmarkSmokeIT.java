package io.rtcgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark itself works: the real orchestrator at 4 streams × 2 viewers, 5 s window, against the packaged gateway
 * (failsafe runs this after package). It checks that every figure is measured and finite, that the viewers got media with
 * valid SRTP tags and no loss, that the JSON is written, and that no process outlives the run. No timing or CPU assertion:
 * the figures depend on the machine. Run alone:
 * {@code mvn -o verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=GatewayBenchmarkSmokeIT}.
 */
@Timeout(300)
class GatewayBenchmarkSmokeIT {
    /**
     * Figures every run with viewers must have measured. Not here: the fleet's loss, late and TTFF counts (checked when
     * present) and Netty's reserved direct memory, which Netty counts only when it allocates without the JDK's cleaner
     * (not on JDK 17 without --add-opens, as production runs).
     */
    private static final List<Figure> ALWAYS = List.of(Figure.GATEWAY_CPU, Figure.CPU_PER_SENT_PACKET,
            Figure.CPU_PER_RECEIVED_PACKET, Figure.LOOP_CPU_PER_SENT_PACKET, Figure.INGEST_RATE, Figure.EGRESS_RATE,
            Figure.DATAGRAMS_PER_SEND, Figure.ALLOCATION_PER_SENT_PACKET, Figure.LOOP_ALLOCATION_PER_SENT_PACKET,
            Figure.ALLOCATION_PER_RECEIVED_PACKET, Figure.LIVE_HEAP, Figure.HEAP_USED, Figure.NETTY_DIRECT, Figure.RSS,
            Figure.THREADS, Figure.VIEWERS, Figure.VIEWERS_FAILED, Figure.VIEWER_RATE, Figure.AUTH_FAILURES,
            Figure.SEND_ERRORS, Figure.LATENCY_P50, Figure.LATENCY_P95, Figure.LATENCY_P99, Figure.CAMERA_FLEET_CPU,
            Figure.VIEWER_FLEET_CPU);

    @Test
    void fourStreamsTwoViewersEachAllFiguresMeasuredNoLossValidTags() throws Exception {
        Properties p = new Properties();
        p.setProperty("bench.streams", "4");
        p.setProperty("bench.viewers", "2");
        p.setProperty("bench.warmup", "3");
        p.setProperty("bench.seconds", "5");
        p.setProperty("bench.output", "target/bench-smoke");
        GatewayBenchmark.Outcome outcome = GatewayBenchmark.run(BenchSettings.from(p));

        assertEquals(1, outcome.runs().size());
        RunResult run = outcome.runs().get(0);
        for (Figure f : ALWAYS) {
            double v = run.get(f);
            assertTrue(Double.isFinite(v) && v >= 0, f.key + " = " + v + "\n" + outcome.report());
        }
        assertEquals(8.0, run.get(Figure.VIEWERS), outcome.report());
        assertEquals(0.0, run.get(Figure.VIEWERS_FAILED), outcome.report());
        assertTrue(run.get(Figure.VIEWER_RATE) > 0, "the viewers received packets\n" + outcome.report());
        assertTrue(run.get(Figure.INGEST_RATE) > 0 && run.get(Figure.EGRESS_RATE) > 0, outcome.report());
        assertEquals(0.0, run.get(Figure.AUTH_FAILURES), "every SRTP tag valid\n" + outcome.report());
        assertEquals(0.0, run.get(Figure.SEND_ERRORS), outcome.report());
        assertTrue(run.get(Figure.LATENCY_P50) <= run.get(Figure.LATENCY_P95)
                && run.get(Figure.LATENCY_P95) <= run.get(Figure.LATENCY_P99), outcome.report());
        double loss = run.get(Figure.VIEWER_LOSS);
        assertTrue(Double.isNaN(loss) || loss == 0.0, "no loss on loopback (when the fleet counts it): " + loss);
        double late = run.get(Figure.LATE_PACKETS);
        assertTrue(Double.isNaN(late) || late >= 0, "late " + late);
        for (Figure ttff : List.of(Figure.TTFF_NEW_VIEWER_P50, Figure.TTFF_NEW_VIEWER_P95, Figure.TTFF_START_P95)) {
            double v = run.get(ttff);
            assertTrue(Double.isNaN(v) || v > 0, ttff.key + " = " + v + " (when the fleet reports it)");
        }

        assertTrue(Files.isRegularFile(outcome.summary()), "summary " + outcome.summary());
        JsonNode summary = BenchJson.MAPPER.readTree(outcome.summary().toFile());
        assertEquals(1, summary.path("runs").size());
        assertTrue(summary.path("machine").path("cores").asInt() > 0);
        JsonNode runJson = BenchJson.MAPPER.readTree(outcome.summary().resolveSibling(summary.path("runs").get(0).asText()).toFile());
        for (Figure f : Figure.values()) {
            assertTrue(runJson.path("figures").has(f.key), "run JSON has " + f.key);
        }
        assertEquals("MET", runJson.path("targets").path(Figure.AUTH_FAILURES.key).path("verdict").asText());
        assertTrue(Files.isRegularFile(outcome.summary().resolveSibling(
                outcome.summary().getFileName().toString().replace(".json", ".txt"))));

        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList(),
                "every process the benchmark started has ended");
    }
}
