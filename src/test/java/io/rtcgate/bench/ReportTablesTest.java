package io.rtcgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTablesTest {

    private static RunResult run(int streams, int viewers, double cpu, double rss, double threads) {
        Map<Figure, Double> f = new EnumMap<>(Figure.class);
        for (Figure x : Figure.values()) {
            f.put(x, Double.NaN);
        }
        f.put(Figure.GATEWAY_CPU, cpu);
        f.put(Figure.RSS, rss);
        f.put(Figure.THREADS, threads);
        f.put(Figure.AUTH_FAILURES, 0.0);
        return new RunResult("r", Variant.BASELINE, streams, viewers, 15, 60, Instant.EPOCH, List.of(), f, null, "log");
    }

    @Test
    void runTableJudgesEachTarget() {
        String table = ReportTables.run(run(64, 1, 6.5, 120, 30));
        assertTrue(table.lines().anyMatch(l -> l.startsWith("gateway CPU") && l.contains("6.50") && l.endsWith("MISSED")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("RSS") && l.contains("120.0") && l.endsWith("met")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("viewer-side loss") && l.endsWith("not measured")), table);
        assertTrue(!table.contains("targets are set for"), "64 streams is the targets' setting");
        assertTrue(ReportTables.run(run(4, 10, 20, 120, 30)).lines()
                .anyMatch(l -> l.startsWith("gateway CPU") && l.contains("≤ 30 %") && l.endsWith("met")));
    }

    @Test
    void scalingSlopesAreLeastSquaresPerStream() {
        // CPU 1 + 0.05 * streams, RSS 100 + 0.25 * streams, threads flat at 30
        List<RunResult> steps = List.of(run(1, 1, 1.05, 100.25, 30), run(16, 1, 1.8, 104, 30), run(64, 1, 4.2, 116, 30));
        List<Double> x = List.of(1.0, 16.0, 64.0);
        Map<Figure, LeastSquares> slopes = Slopes.of(x, steps);
        assertEquals(0.05, slopes.get(Figure.GATEWAY_CPU).slope(), 1e-9);
        assertEquals(0.25, slopes.get(Figure.RSS).slope(), 1e-9);
        assertEquals(0.0, slopes.get(Figure.THREADS).slope(), 1e-9);
        assertNull(slopes.get(Figure.LIVE_HEAP), "not measured in any step");
        String table = ReportTables.scaling("stream", x, steps);
        assertTrue(table.contains("+0.0500 % of 1 core per stream"), table);
        assertTrue(table.contains("+0.2500 MiB per stream"), table);
    }

    @Test
    void tableColumnsLineUp() {
        String t = ReportTables.table(List.of(new String[] {"a", "bb"}, new String[] {"ccc", "d"}), new boolean[] {false, true});
        assertEquals("a    bb\n-------\nccc   d\n", t);
    }
}
