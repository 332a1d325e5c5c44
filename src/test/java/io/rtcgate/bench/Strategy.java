package io.rtcgate.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The seed plan's tuning strategies (/work/shared/seed/performance-tuning-plan.md) as gateway switches, each with the
 * variants that {@code -Dbench.compare=KEY,...} measures against the baseline and the effect the seed predicted
 * (for MediaMTX at 64 streams, 36.95 % CPU, 28.31 MB in use). Strategy 5 (a goroutine worker pool) has no switch here:
 * the gateway always runs fixed event loops; the threads figure of every run reports it.
 */
public enum Strategy {
    BATCHING("batching", "1", "packet batching (one sendmmsg per read cycle)", "CPU −10..−15 %", List.of(
            new Spec("batching-off", false, "one send per datagram", List.of(), Map.of("rtcgate.tuning.batching", "false")))),
    GSO("gso", "1+", "UDP GSO (kernel segmentation of runs to one viewer)", "not in the seed (extends 1)", List.of(
            new Spec("gso-off", false, "rtcgate.webrtc.gso=false", List.of(), Map.of("rtcgate.webrtc.gso", "false")))),
    SRTP("srtp", "2", "SRTP AEAD_AES_128_GCM instead of AES_CM_128_HMAC_SHA1_80", "CPU −3..−5 %", List.of(
            new Spec("srtp-cm-sha1-80", false, "AES_CM_128_HMAC_SHA1_80 only", List.of(),
                    Map.of("rtcgate.webrtc.srtp-profiles", "AES_CM_128_HMAC_SHA1_80")),
            new Spec("srtp-gcm-256", false, "AEAD_AES_256_GCM only (effect: GCM-128 over GCM-256)", List.of(),
                    Map.of("rtcgate.webrtc.srtp-profiles", "AEAD_AES_256_GCM"), "not in the seed"))),
    POOLED("pooled", "3", "pooled ingest buffers", "memory −8..−10 MB, CPU −2..−3 %", List.of(
            new Spec("unpooled-ingest", false, "unpooled ingest buffers", List.of(),
                    Map.of("rtcgate.tuning.pooled-ingest-buffers", "false")))),
    NAL_REUSE("nalreuse", "4", "NAL assembly buffer reuse", "memory −0.5 MB, CPU −0.5..−1 %", List.of(
            new Spec("no-nal-reuse", false, "a new NAL buffer per fragmented unit", List.of(),
                    Map.of("rtcgate.tuning.reuse-nal-buffer", "false")))),
    PACKETIZE_ONCE("packetizeonce", "7", "packetize once per stream, not per viewer (zero-copy fan-out)",
            "CPU −3..−5 %, memory −2 MB", List.of(
            new Spec("packetize-per-viewer", false, "packetize for each viewer", List.of(),
                    Map.of("rtcgate.tuning.packetize-once", "false")))),
    GC("gc", "6", "GC choice and heap (the seed's GOGC: memory for CPU)", "CPU −1..−2 %, memory +5..+10 MB", List.of(
            new Spec("gc-parallel", true, "ParallelGC instead of SerialGC", List.of("-XX:-UseSerialGC", "-XX:+UseParallelGC"),
                    Map.of()),
            new Spec("gc-g1", true, "G1 instead of SerialGC", List.of("-XX:-UseSerialGC", "-XX:+UseG1GC"), Map.of()),
            new Spec("gc-serial-big-heap", true, "SerialGC with -Xms256m -Xmx512m", List.of("-Xms256m", "-Xmx512m"),
                    Map.of())));

    /** What a variant changes; see {@link Variant}. */
    record Spec(String name, boolean strategyOn, String description, List<String> jvmFlags, Map<String, String> config,
            String predicted) {
        Spec(String name, boolean strategyOn, String description, List<String> jvmFlags, Map<String, String> config) {
            this(name, strategyOn, description, jvmFlags, config, null);
        }
    }

    public final String key;
    /** The seed's strategy number. */
    public final String seedNumber;
    public final String title;
    /** The seed's "Expected Impact". */
    public final String predicted;
    private final List<Spec> specs;

    Strategy(String key, String seedNumber, String title, String predicted, List<Spec> specs) {
        this.key = key;
        this.seedNumber = seedNumber;
        this.title = title;
        this.predicted = predicted;
        this.specs = specs;
    }

    public List<Variant> variants() {
        List<Variant> out = new ArrayList<>();
        for (Spec s : specs) {
            out.add(new Variant(s.name(), this, s.strategyOn(), s.description(), s.predicted() != null ? s.predicted() : predicted,
                    s.jvmFlags(), s.config()));
        }
        return out;
    }

    /**
     * The strategies named in a {@code bench.compare} value: comma-separated keys, or {@code all}. Unknown keys are an
     * error that lists the known ones.
     */
    public static List<Strategy> parseList(String value) {
        Set<Strategy> out = new LinkedHashSet<>();
        if (value == null || value.isBlank()) {
            return List.of();
        }
        for (String part : value.split(",")) {
            String key = part.trim().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                continue;
            }
            if (key.equals("all")) {
                out.addAll(List.of(values()));
                continue;
            }
            Strategy found = null;
            for (Strategy s : values()) {
                if (s.key.equals(key)) {
                    found = s;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown strategy '" + key + "' in bench.compare; known: all, "
                        + String.join(", ", List.of(values()).stream().map(s -> s.key).toList()));
            }
            out.add(found);
        }
        return List.copyOf(out);
    }
}
