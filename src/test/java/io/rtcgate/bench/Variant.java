package io.rtcgate.bench;

import java.util.List;
import java.util.Map;

/**
 * One gateway configuration to measure: extra JVM flags and config keys (passed as {@code -Dkey=value}) on top of the
 * production flags. {@code strategyOn} says whether the seed strategy under test is on in this variant (then its effect
 * is this variant minus the baseline) or off (the baseline minus this variant); {@code predicted} is the seed's word on it.
 */
public record Variant(String name, Strategy strategy, boolean strategyOn, String description, String predicted,
        List<String> jvmFlags, Map<String, String> config) {

    /** The production configuration as shipped. */
    public static final Variant BASELINE = new Variant("baseline", null, true, "production flags and defaults", "", List.of(),
            Map.of());

    /** The JVM arguments this variant adds: its flags, then its config as system properties. */
    public List<String> jvmArguments() {
        List<String> out = new java.util.ArrayList<>(jvmFlags);
        config.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.add("-D" + e.getKey() + "=" + e.getValue()));
        return out;
    }
}
