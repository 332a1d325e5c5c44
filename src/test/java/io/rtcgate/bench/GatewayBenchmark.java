package io.rtcgate.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 4's benchmark: the gateway as its own JVM with the production flags, a camera fleet and a viewer fleet in other
 * processes; prints a table and writes JSON under {@code target/bench/} (one file per run, one summary). Three modes from
 * {@link BenchSettings}: one run (default 64 streams × 1 viewer); {@code -Dbench.compare=...}: the baseline then each
 * strategy's variants back to back, with each strategy's effect beside the seed's prediction; {@code -Dbench.scale=...}:
 * a streams or viewers series with slopes.
 *
 * <pre>mvn -B -Pbench verify [-Dbench.streams=64 -Dbench.viewers=1 -Dbench.seconds=60 -Dbench.compare=all]</pre>
 *
 * Needs {@code target/quarkus-app} (package) and the test classes; the bench profile runs it after package.
 */
public final class GatewayBenchmark {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** What an invocation produced: every run in order, the printed report and the summary file. */
    public record Outcome(List<RunResult> runs, String report, Path summary) {
    }

    private GatewayBenchmark() {
    }

    public static void main(String[] args) {
        try {
            Outcome outcome = run(BenchSettings.from(System.getProperties()));
            System.out.println("summary: " + outcome.summary());
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("bench failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    public static Outcome run(BenchSettings s) throws IOException, InterruptedException {
        String stamp = LocalDateTime.now().format(STAMP);
        Path dir = s.outputDir().isAbsolute() ? s.outputDir()
                : io.rtcgate.testpeers.PeerProcesses.projectDir().resolve(s.outputDir());
        ObjectNode summary = BenchJson.MAPPER.createObjectNode();
        summary.set("machine", BenchJson.machine());
        summary.put("command", "mvn -B -Pbench verify -Dbench.streams=" + s.streams() + " -Dbench.viewers="
                + s.viewersPerStream() + " -Dbench.warmup=" + s.warmupSeconds() + " -Dbench.seconds=" + s.windowSeconds()
                + (s.compare().isEmpty() ? "" : " -Dbench.compare=" + String.join(",", s.compare().stream().map(x -> x.key).toList()))
                + (s.scale().isEmpty() ? "" : " -Dbench.scale=" + s.scale()));
        ArrayNode runFiles = summary.putArray("runs");
        List<RunResult> runs = new ArrayList<>();
        StringBuilder report = new StringBuilder();

        if (!s.scale().isEmpty()) {
            boolean byStreams = s.scale().equals("streams");
            List<Integer> steps = byStreams ? s.scaleStreams() : s.scaleViewers();
            List<Double> x = new ArrayList<>();
            for (int step : steps) {
                int streams = byStreams ? step : s.scaleViewerStreams();
                int viewers = byStreams ? 1 : step;
                RunResult r = measure(s, dir, stamp, "scale-" + s.scale() + "-" + streams + "x" + viewers, Variant.BASELINE,
                        streams, viewers, runFiles, true);
                runs.add(r);
                x.add((double) (byStreams ? streams : streams * viewers));
            }
            String axis = byStreams ? "stream" : "viewer";
            report.append(ReportTables.scaling(axis, x, runs));
            ObjectNode slopes = summary.putObject("slopes");
            slopes.put("per", axis);
            for (Map.Entry<Figure, LeastSquares> e : Slopes.of(x, runs).entrySet()) {
                BenchJson.putNumber(slopes, e.getKey().key, e.getValue() == null ? Double.NaN : e.getValue().slope());
            }
        } else {
            RunResult baseline = measure(s, dir, stamp, "baseline", Variant.BASELINE, s.streams(), s.viewersPerStream(), runFiles,
                    !s.compare().isEmpty());
            runs.add(baseline);
            report.append(ReportTables.run(baseline));
            if (!s.compare().isEmpty()) {
                List<RunResult> variants = new ArrayList<>();
                Map<String, String> failed = new LinkedHashMap<>();
                ArrayNode effects = summary.putArray("effects");
                ObjectNode failures = summary.putObject("failedVariants");
                for (Strategy strategy : s.compare()) {
                    for (Variant v : strategy.variants()) {
                        try {
                            RunResult r = measure(s, dir, stamp, v.name(), v, s.streams(), s.viewersPerStream(), runFiles, true);
                            variants.add(r);
                            runs.add(r);
                            effects.add(BenchJson.effect(r, Effect.of(baseline, r)));
                        } catch (IOException e) { // e.g. a config key this gateway does not know: the others still run
                            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                            BenchmarkRun.log(v.name() + " failed: " + reason);
                            failed.put(v.name(), reason);
                            failures.put(v.name(), reason);
                        }
                    }
                }
                report.append('\n').append(ReportTables.comparison(baseline, variants, failed));
            }
        }
        summary.put("report", report.toString());
        Path summaryFile = dir.resolve(stamp + "-summary.json");
        BenchJson.write(summaryFile, summary);
        Files.writeString(dir.resolve(stamp + "-summary.txt"), report, StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(report);
        return new Outcome(List.copyOf(runs), report.toString(), summaryFile);
    }

    private static RunResult measure(BenchSettings s, Path dir, String stamp, String label, Variant v, int streams, int viewers,
            ArrayNode runFiles, boolean printTable) throws IOException, InterruptedException {
        RunResult r = BenchmarkRun.execute(label, v, streams, viewers, s.warmupSeconds(), s.windowSeconds(), s.extraJvmFlags());
        Path file = dir.resolve(stamp + "-" + label + ".json");
        BenchJson.write(file, BenchJson.run(r));
        runFiles.add(file.getFileName().toString());
        BenchmarkRun.log("wrote " + file);
        if (printTable) { // one of several runs: its table now, the comparison or series at the end
            System.out.print(ReportTables.run(r));
        }
        return r;
    }
}
