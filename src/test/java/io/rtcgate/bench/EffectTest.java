package io.rtcgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectTest {

    static RunResult run(Variant v, double cpu, double microsPerSent, double bytesPerSent, double rss, double liveHeap,
            double threads, double datagramsPerSend) {
        Map<Figure, Double> f = new EnumMap<>(Figure.class);
        f.put(Figure.GATEWAY_CPU, cpu);
        f.put(Figure.CPU_PER_SENT_PACKET, microsPerSent);
        f.put(Figure.ALLOCATION_PER_SENT_PACKET, bytesPerSent);
        f.put(Figure.RSS, rss);
        f.put(Figure.LIVE_HEAP, liveHeap);
        f.put(Figure.THREADS, threads);
        f.put(Figure.DATAGRAMS_PER_SEND, datagramsPerSend);
        return new RunResult(v.name(), v, 64, 1, 15, 60, Instant.EPOCH, List.of(), f, null, "gateway.log");
    }

    @Test
    void aStrategyOffInTheVariantSavesWhatTheVariantCostsMore() {
        Variant off = Strategy.BATCHING.variants().get(0);
        RunResult baseline = run(Variant.BASELINE, 4.0, 3.0, 6.0, 150, 12, 30, 8.0);
        RunResult variant = run(off, 5.0, 3.75, 6.0, 151, 12, 30, 1.0);
        Effect e = Effect.of(baseline, variant);
        assertEquals(-1.0, e.cpuPercentPoints(), 1e-9); // batching on (baseline) minus off
        assertEquals(-20.0, e.cpuRelativePercent(), 1e-9); // 4 vs 5: −20 % of the off figure
        assertEquals(-0.75, e.microsPerSentPacket(), 1e-9);
        assertEquals(0.0, e.bytesPerSentPacket(), 1e-9);
        assertEquals(-1.0, e.rssMiB(), 1e-9);
        assertEquals(8.0, e.datagramsPerSendOn(), 1e-9);
        assertEquals(1.0, e.datagramsPerSendOff(), 1e-9);
    }

    @Test
    void aStrategyOnInTheVariantIsTheVariantMinusTheBaseline() {
        Variant g1 = Strategy.GC.variants().get(1);
        assertEquals("gc-g1", g1.name());
        RunResult baseline = run(Variant.BASELINE, 4.0, 3.0, 6.0, 150, 12, 30, 8.0);
        RunResult variant = run(g1, 3.0, 2.5, 7.0, 190, 20, 36, 8.0);
        Effect e = Effect.of(baseline, variant);
        assertEquals(-1.0, e.cpuPercentPoints(), 1e-9);
        assertEquals(-25.0, e.cpuRelativePercent(), 1e-9);
        assertEquals(40.0, e.rssMiB(), 1e-9);
        assertEquals(8.0, e.liveHeapMiB(), 1e-9);
        assertEquals(6.0, e.threads(), 1e-9);
        assertEquals(1.0, e.bytesPerSentPacket(), 1e-9);
    }

    @Test
    void comparisonTablePrintsMeasuredBesidePredicted() {
        RunResult baseline = run(Variant.BASELINE, 4.0, 3.0, 6.0, 150, 12, 30, 8.0);
        RunResult variant = run(Strategy.BATCHING.variants().get(0), 5.0, 3.75, 6.0, 151, 12, 30, 1.0);
        String table = ReportTables.comparison(baseline, List.of(variant),
                Map.of("gc-g1", "gateway-gc-g1 exited with 1 during start-up; log x:\nUnrecognized VM option"));
        assertTrue(table.contains("batching-off"), table);
        assertTrue(table.contains("-1.00"), table);
        assertTrue(table.contains("-20 %"), table);
        assertTrue(table.contains("CPU −10..−15 %"), table);
        assertTrue(table.contains("8.00 | 1.00"), table);
        assertTrue(table.contains("variant gc-g1 did not run: gateway-gc-g1 exited with 1 during start-up; log x: | Unrecognized VM option"),
                table);
    }
}
