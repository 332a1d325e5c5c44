package io.rtcgate.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtcgate.testpeers.PeerProcesses;
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
 * {@link BenchSettings}: one configuration (default 64 streams × 1 viewer); {@code -Dbench.compare=...}: the baseline and
 * each strategy's variants back to back, with each strategy's effect beside the seed's prediction; {@code -Dbench.scale=...}:
 * a streams or viewers series with slopes. With {@code -Dbench.repeat=N} every configuration runs N times, round robin,
 * and the reports use each figure's median.
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

    /** One configuration to measure: a label, a gateway variant, the fleet sizes. */
    private record Job(String label, Variant variant, int streams, int viewersPerStream) {
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
        Path dir = s.outputDir().isAbsolute() ? s.outputDir() : PeerProcesses.projectDir().resolve(s.outputDir());
        ObjectNode summary = BenchJson.MAPPER.createObjectNode();
        summary.set("machine", BenchJson.machine());
        summary.put("command", command(s));
        summary.put("repeat", s.repeat());
        ArrayNode runFiles = summary.putArray("runs");
        ObjectNode failures = summary.putObject("failedRuns");

        List<Job> jobs = jobs(s);
        boolean several = jobs.size() > 1 || s.repeat() > 1;
        Map<Job, List<RunResult>> results = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        List<RunResult> all = new ArrayList<>();
        for (int round = 1; round <= s.repeat(); round++) {
            for (Job job : jobs) {
                if (failed.containsKey(job.label())) {
                    continue; // it failed in an earlier round: it will again
                }
                String label = s.repeat() > 1 ? job.label() + "-r" + round : job.label();
                try {
                    RunResult r = BenchmarkRun.execute(label, job.variant(), job.streams(), job.viewersPerStream(),
                            s.warmupSeconds(), s.windowSeconds(), s.extraJvmFlags());
                    Path file = dir.resolve(stamp + "-" + label + ".json");
                    BenchJson.write(file, BenchJson.run(r));
                    runFiles.add(file.getFileName().toString());
                    BenchmarkRun.log("wrote " + file);
                    if (several) { // progress; the final report follows at the end
                        System.out.print(ReportTables.run(r));
                    }
                    results.computeIfAbsent(job, j -> new ArrayList<>()).add(r);
                    all.add(r);
                } catch (IOException e) {
                    if (job.variant() == Variant.BASELINE) {
                        throw e; // nothing to compare against
                    }
                    // e.g. a config key this gateway does not know: the other variants still run
                    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                    BenchmarkRun.log(job.label() + " failed: " + reason);
                    failed.put(job.label(), reason);
                    failures.put(job.label(), reason);
                }
            }
        }

        StringBuilder report = new StringBuilder();
        if (!s.scale().isEmpty()) {
            boolean byStreams = s.scale().equals("streams");
            List<Double> x = new ArrayList<>();
            List<RunResult> steps = new ArrayList<>();
            for (Map.Entry<Job, List<RunResult>> e : results.entrySet()) {
                Job job = e.getKey();
                x.add((double) (byStreams ? job.streams() : job.streams() * job.viewersPerStream()));
                steps.add(Medians.of(e.getValue()));
            }
            String axis = byStreams ? "stream" : "viewer";
            report.append(ReportTables.scaling(axis, x, steps));
            ObjectNode slopes = summary.putObject("slopes");
            slopes.put("per", axis);
            for (Map.Entry<Figure, LeastSquares> e : Slopes.of(x, steps).entrySet()) {
                BenchJson.putNumber(slopes, e.getKey().key, e.getValue() == null ? Double.NaN : e.getValue().slope());
            }
        } else {
            List<RunResult> medians = new ArrayList<>();
            results.values().forEach(runs -> medians.add(Medians.of(runs)));
            RunResult baseline = medians.get(0);
            report.append(ReportTables.run(baseline));
            summary.set("baseline", BenchJson.run(baseline));
            if (!s.compare().isEmpty()) {
                List<RunResult> variants = medians.subList(1, medians.size());
                ArrayNode effects = summary.putArray("effects");
                for (RunResult v : variants) {
                    effects.add(BenchJson.effect(v, Effect.of(baseline, v)));
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
        return new Outcome(List.copyOf(all), report.toString(), summaryFile);
    }

    private static List<Job> jobs(BenchSettings s) {
        List<Job> jobs = new ArrayList<>();
        if (s.scale().equals("streams")) {
            for (int streams : s.scaleStreams()) {
                jobs.add(new Job("scale-streams-" + streams + "x1", Variant.BASELINE, streams, 1));
            }
        } else if (s.scale().equals("viewers")) {
            for (int viewers : s.scaleViewers()) {
                jobs.add(new Job("scale-viewers-" + s.scaleViewerStreams() + "x" + viewers, Variant.BASELINE,
                        s.scaleViewerStreams(), viewers));
            }
        } else {
            jobs.add(new Job("baseline", Variant.BASELINE, s.streams(), s.viewersPerStream()));
            for (Strategy strategy : s.compare()) {
                for (Variant v : strategy.variants()) {
                    jobs.add(new Job(v.name(), v, s.streams(), s.viewersPerStream()));
                }
            }
        }
        return jobs;
    }

    private static String command(BenchSettings s) {
        return "mvn -B -Pbench verify -Dbench.streams=" + s.streams() + " -Dbench.viewers=" + s.viewersPerStream()
                + " -Dbench.warmup=" + s.warmupSeconds() + " -Dbench.seconds=" + s.windowSeconds()
                + (s.repeat() > 1 ? " -Dbench.repeat=" + s.repeat() : "")
                + (s.compare().isEmpty() ? "" : " -Dbench.compare=" + String.join(",", s.compare().stream().map(x -> x.key).toList()))
                + (s.scale().isEmpty() ? "" : " -Dbench.scale=" + s.scale() + " -Dbench.scale.streams="
                        + join(s.scaleStreams()) + " -Dbench.scale.viewers=" + join(s.scaleViewers())
                        + " -Dbench.scale.viewer-streams=" + s.scaleViewerStreams())
                + (s.extraJvmFlags().isEmpty() ? "" : " -Dbench.jvm-flags=\"" + String.join(" ", s.extraJvmFlags()) + "\"");
    }

    private static String join(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }
}
