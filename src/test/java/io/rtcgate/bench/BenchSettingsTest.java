package io.rtcgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {

    private static BenchSettings of(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return BenchSettings.from(p);
    }

    @Test
    void defaultsAreIssue4s() {
        BenchSettings s = of();
        assertEquals(64, s.streams());
        assertEquals(1, s.viewersPerStream());
        assertEquals(15, s.warmupSeconds());
        assertEquals(60, s.windowSeconds());
        assertEquals(List.of(), s.compare());
        assertEquals("", s.scale());
        assertEquals(List.of(1, 16, 64, 256), s.scaleStreams());
        assertEquals(List.of(1, 5, 20), s.scaleViewers());
        assertEquals(64, s.scaleViewerStreams());
        assertEquals(Path.of("target/bench"), s.outputDir());
        assertEquals(1, s.repeat());
    }

    @Test
    void compareTakesKeysOrAll() {
        assertEquals(List.of(Strategy.GC, Strategy.BATCHING), of("bench.compare", " gc, batching,gc ").compare());
        assertEquals(List.of(Strategy.values()), of("bench.compare", "all").compare());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of("bench.compare", "turbo"));
        assertTrue(e.getMessage().contains("turbo") && e.getMessage().contains("packetizeonce"), e.getMessage());
    }

    @Test
    void everyStrategyHasAVariantWithAConfigKeyOrJvmFlag() {
        for (Strategy s : Strategy.values()) {
            assertTrue(!s.variants().isEmpty(), s.key);
            for (Variant v : s.variants()) {
                assertTrue(!v.jvmArguments().isEmpty(), v.name());
                assertTrue(!v.predicted().isEmpty(), v.name());
            }
        }
        assertEquals(List.of("-Drtcgate.tuning.batching=false"), Strategy.BATCHING.variants().get(0).jvmArguments());
        assertEquals(List.of("-XX:-UseSerialGC", "-XX:+UseParallelGC"), Strategy.GC.variants().get(0).jvmArguments());
    }

    @Test
    void scaleListsAndBadValuesAreRefusedWithTheKey() {
        assertEquals(List.of(1, 4), of("bench.scale", "streams", "bench.scale.streams", "1,4").scaleStreams());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of("bench.seconds", "ten")).getMessage()
                .contains("bench.seconds"));
        assertThrows(IllegalArgumentException.class, () -> of("bench.scale", "cameras"));
        assertThrows(IllegalArgumentException.class, () -> of("bench.scale.streams", "8"));
        assertThrows(IllegalArgumentException.class, () -> of("bench.scale.viewers", "0,5"));
        assertThrows(IllegalArgumentException.class, () -> of("bench.seconds", "0"));
        assertThrows(IllegalArgumentException.class, () -> of("bench.repeat", "0"));
        assertThrows(IllegalArgumentException.class, () -> of("bench.scale", "streams", "bench.compare", "gc"));
        assertEquals(List.of("-Xss512k", "-XX:+AlwaysPreTouch"), of("bench.jvm-flags", " -Xss512k  -XX:+AlwaysPreTouch").extraJvmFlags());
    }
}
