package io.rtcgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The JSON the benchmark writes under {@code target/bench/}: one file per run and one summary per invocation. */
final class BenchJson {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchJson() {
    }

    static ObjectNode run(RunResult r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("label", r.label());
        o.put("variant", r.variant().name());
        o.put("strategy", r.variant().strategy() == null ? null : r.variant().strategy().key);
        o.put("description", r.variant().description());
        o.put("streams", r.streams());
        o.put("viewersPerStream", r.viewersPerStream());
        o.put("warmupSeconds", r.warmupSeconds());
        o.put("windowSeconds", r.windowSeconds());
        o.put("startedAt", r.startedAt().toString());
        ArrayNode jvm = o.putArray("gatewayJvmArguments");
        r.gatewayJvmArguments().forEach(jvm::add);
        ObjectNode figures = o.putObject("figures");
        for (Figure f : Figure.values()) {
            putNumber(figures, f.key, r.get(f));
        }
        ObjectNode targets = o.putObject("targets");
        for (Map.Entry<Figure, Target> e : Targets.forRun(r.viewersPerStream()).entrySet()) {
            ObjectNode t = targets.putObject(e.getKey().key);
            t.put("limit", e.getValue().limit());
            t.put("text", e.getValue().text());
            t.put("verdict", e.getValue().judge(r.get(e.getKey())).name());
        }
        if (r.fleetReport() != null) {
            o.set("fleet", r.fleetReport());
        }
        o.put("gatewayLog", r.gatewayLog());
        return o;
    }

    static ObjectNode effect(RunResult variant, Effect e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("strategy", variant.variant().strategy().key);
        o.put("seedStrategy", variant.variant().strategy().seedNumber);
        o.put("variant", variant.variant().name());
        o.put("strategyOnInVariant", variant.variant().strategyOn());
        putNumber(o, "cpuPercentPoints", e.cpuPercentPoints());
        putNumber(o, "cpuRelativePercent", e.cpuRelativePercent());
        putNumber(o, "microsPerSentPacket", e.microsPerSentPacket());
        putNumber(o, "bytesPerSentPacket", e.bytesPerSentPacket());
        putNumber(o, "rssMiB", e.rssMiB());
        putNumber(o, "liveHeapMiB", e.liveHeapMiB());
        putNumber(o, "threads", e.threads());
        putNumber(o, "datagramsPerSendOn", e.datagramsPerSendOn());
        putNumber(o, "datagramsPerSendOff", e.datagramsPerSendOff());
        o.put("seedPredicted", variant.variant().predicted());
        return o;
    }

    /** The machine the numbers come from, for BENCHMARKS.md. */
    static ObjectNode machine() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        o.put("memTotal", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        o.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        o.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        o.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return o;
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(key);
        } else {
            o.put(key, Math.round(v * 1000) / 1000.0); // the noise is far above a thousandth
        }
    }

    static void write(Path file, ObjectNode json) throws IOException {
        Files.createDirectories(file.getParent());
        MAPPER.writeValue(file.toFile(), json);
    }

    static ArrayNode array(List<String> values) {
        ArrayNode a = MAPPER.createArrayNode();
        values.forEach(a::add);
        return a;
    }
}
