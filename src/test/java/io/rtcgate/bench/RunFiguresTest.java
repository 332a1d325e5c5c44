package io.rtcgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunFiguresTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DiagnosticsSnapshot diag(String json) throws IOException {
        return DiagnosticsSnapshot.of(JSON.readTree(json));
    }

    private static String gateway(long inbound, long datagrams, long sends, long loopCpu, long loopAlloc, long allAlloc,
            String latencyCounts, long afterGc) {
        return "{\"inboundPackets\":" + inbound + ",\"accessUnits\":0,\"streams\":4,\"onlineStreams\":4,\"jvmThreads\":31,"
                + "\"heapUsedBytes\":20971520,\"nettyDirectBytes\":4194304,\"direct\":{\"platformUsedBytes\":16777216},"
                + "\"loopThreads\":[{\"name\":\"rtcgate-loop-0\",\"cpuNanos\":" + (loopCpu / 2) + ",\"allocatedBytes\":" + (loopAlloc / 2)
                + "},{\"name\":\"rtcgate-loop-1\",\"cpuNanos\":" + (loopCpu - loopCpu / 2) + ",\"allocatedBytes\":"
                + (loopAlloc - loopAlloc / 2) + "}],"
                + "\"udp\":{\"datagrams\":" + datagrams + ",\"sends\":" + sends + ",\"sendErrors\":0},"
                + "\"allThreads\":{\"count\":31,\"cpuNanos\":5,\"allocatedBytes\":" + allAlloc + "},"
                + "\"heap\":{\"usedBytes\":20971520,\"afterLastGcBytes\":" + afterGc + ",\"committedBytes\":1,\"maxBytes\":2},"
                + "\"latency\":{\"count\":0,\"lowerBoundsNanos\":[0,1000,2000,4000],\"counts\":" + latencyCounts + "}}";
    }

    @Test
    void figuresOfAWindowByHand() throws IOException {
        DiagnosticsSnapshot start = diag(gateway(1_000, 2_000, 500, 1_000_000_000L, 1_000, 10_000, "[0,0,0,0]", -1));
        DiagnosticsSnapshot end = diag(gateway(13_000, 14_000, 2_000, 1_024_000_000L, 25_000, 106_000, "[0,10,10,0]", -1));
        DiagnosticsSnapshot afterGc = diag(gateway(13_000, 14_000, 2_000, 0, 0, 0, "[0,10,10,0]", 8L * 1024 * 1024));
        FleetResult fleet = FleetResult.of(JSON.readTree("{\"viewers\":8,\"failed\":0,\"seconds\":60.0,\"videoPackets\":11000,"
                + "\"audioPackets\":1000,\"srtpRejected\":0,\"lostPackets\":3,\"expectedPackets\":12000,"
                + "\"startTtffMs\":{\"count\":8,\"p50\":120,\"p95\":180,\"max\":200},"
                + "\"probeTtffMs\":{\"count\":3,\"p50\":90,\"p95\":110,\"max\":110}}"));
        WindowMeasurement m = new WindowMeasurement(4, 2, 60.0, 100, 30, 60, -1, start, end, afterGc,
                new ProcFiles.Status(102_400, 30), fleet);

        Map<Figure, Double> f = RunFigures.compute(m);

        assertEquals(0.5, f.get(Figure.GATEWAY_CPU), 1e-9); // 0.3 CPU s / 60 s
        assertEquals(25.0, f.get(Figure.CPU_PER_SENT_PACKET), 1e-9); // 0.3 s / 12_000 datagrams
        assertEquals(25.0, f.get(Figure.CPU_PER_RECEIVED_PACKET), 1e-9); // 0.3 s / 12_000 RTP packets in
        assertEquals(2.0, f.get(Figure.LOOP_CPU_PER_SENT_PACKET), 1e-9); // 24 ms / 12_000
        assertEquals(200.0, f.get(Figure.INGEST_RATE), 1e-9);
        assertEquals(200.0, f.get(Figure.EGRESS_RATE), 1e-9);
        assertEquals(8.0, f.get(Figure.DATAGRAMS_PER_SEND), 1e-9); // 12_000 / 1_500
        assertEquals(8.0, f.get(Figure.ALLOCATION_PER_SENT_PACKET), 1e-9); // 96_000 B / 12_000
        assertEquals(2.0, f.get(Figure.LOOP_ALLOCATION_PER_SENT_PACKET), 1e-9); // 24_000 B / 12_000
        assertEquals(8.0, f.get(Figure.LIVE_HEAP), 1e-9);
        assertEquals(20.0, f.get(Figure.HEAP_USED), 1e-9);
        assertEquals(4.0, f.get(Figure.NETTY_DIRECT), 1e-9);
        assertEquals(16.0, f.get(Figure.NETTY_DIRECT_RESERVED), 1e-9);
        assertEquals(100.0, f.get(Figure.RSS), 1e-9);
        assertEquals(30.0, f.get(Figure.THREADS), 1e-9); // /proc wins over the JVM's count
        // window histogram [0,10,10,0]: P50 = rank 10 = top of [1000,2000); P95 = rank 19 = 2000 + 2000 * 9/10; P99 = rank 20
        assertEquals(2.0, f.get(Figure.LATENCY_P50), 1e-9);
        assertEquals(3.8, f.get(Figure.LATENCY_P95), 1e-9);
        assertEquals(4.0, f.get(Figure.LATENCY_P99), 1e-9);
        assertEquals(8.0, f.get(Figure.VIEWERS));
        assertEquals(0.0, f.get(Figure.VIEWERS_FAILED));
        assertEquals(200.0, f.get(Figure.VIEWER_RATE), 1e-9); // 12_000 packets / 60 s
        assertEquals(0.025, f.get(Figure.VIEWER_LOSS), 1e-9); // 3 / 12_000
        assertEquals(0.0, f.get(Figure.AUTH_FAILURES)); // srtpRejected when the fleet has no authFailures
        assertEquals(90.0, f.get(Figure.TTFF_NEW_VIEWER_P50));
        assertEquals(110.0, f.get(Figure.TTFF_NEW_VIEWER_P95));
        assertEquals(180.0, f.get(Figure.TTFF_START_P95));
        assertEquals(1.0, f.get(Figure.CAMERA_FLEET_CPU), 1e-9);
        assertTrue(Double.isNaN(f.get(Figure.VIEWER_FLEET_CPU)), "not read");
        assertTrue(Double.isNaN(f.get(Figure.LATE_PACKETS)), "the fleet did not report late packets");
        assertEquals(Figure.values().length, f.size(), "every figure has a value or NaN");
    }

    @Test
    void anOlderGatewayAndNoViewersLeaveThoseFiguresUnmeasured() throws IOException {
        String old = "{\"inboundPackets\":%d,\"jvmThreads\":20,\"heapUsedBytes\":1048576,\"nettyDirectBytes\":0,\"loopThreads\":[]}";
        WindowMeasurement m = new WindowMeasurement(1, 0, 10.0, 100, 10, -1, -1, diag(String.format(old, 0)),
                diag(String.format(old, 500)), null, null, null);
        Map<Figure, Double> f = RunFigures.compute(m);
        assertEquals(1.0, f.get(Figure.GATEWAY_CPU), 1e-9);
        assertEquals(50.0, f.get(Figure.INGEST_RATE), 1e-9);
        assertEquals(200.0, f.get(Figure.CPU_PER_RECEIVED_PACKET), 1e-9); // 0.1 s / 500
        assertTrue(Double.isNaN(f.get(Figure.CPU_PER_SENT_PACKET)), "nothing sent");
        assertTrue(Double.isNaN(f.get(Figure.ALLOCATION_PER_SENT_PACKET)));
        assertTrue(Double.isNaN(f.get(Figure.LATENCY_P95)));
        assertTrue(Double.isNaN(f.get(Figure.LIVE_HEAP)));
        assertTrue(Double.isNaN(f.get(Figure.VIEWER_LOSS)));
        assertEquals(20.0, f.get(Figure.THREADS), 1e-9); // the JVM's count without /proc
    }

    @Test
    void fleetLossPrefersItsOwnFigure() throws IOException {
        FleetResult own = FleetResult.of(JSON.readTree("{\"lostPackets\":3,\"expectedPackets\":12000,\"lossPercent\":0.5,\"authFailures\":2,\"srtpRejected\":0}"));
        assertEquals(0.5, own.loss(), 1e-9);
        assertEquals(2, own.authenticationFailures());
        FleetResult none = FleetResult.of(JSON.readTree("{\"viewers\":1}"));
        assertTrue(Double.isNaN(none.loss()));
        assertEquals(-1, none.authenticationFailures());
        assertTrue(Double.isNaN(none.probeTtffMs().p95()));
    }
}
