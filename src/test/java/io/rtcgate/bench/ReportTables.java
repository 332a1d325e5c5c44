package io.rtcgate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The printed tables: one run with its targets, a comparison of strategies, a scaling series. */
public final class ReportTables {

    private ReportTables() {
    }

    /** Every figure of a run with issue 4's target and verdict beside it. */
    public static String run(RunResult r) {
        Map<Figure, Target> targets = Targets.forRun(r.viewersPerStream());
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %d streams × %d viewers, %d s window after %d s warm-up (%s)%n", r.label(),
                r.streams(), r.viewersPerStream(), r.windowSeconds(), r.warmupSeconds(), r.variant().description()));
        if (r.streams() != Targets.STREAMS) {
            out.append("(targets are set for " + Targets.STREAMS + " streams; shown for orientation)\n");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"figure", "value", "unit", "target", "verdict"});
        for (Figure f : Figure.values()) {
            double v = r.get(f);
            Target t = targets.get(f);
            rows.add(new String[] {f.label, f.format(v), f.unit, t == null ? "" : t.text(), t == null ? "" : verdict(t.judge(v))});
        }
        out.append(table(rows, new boolean[] {false, true, false, false, false}));
        return out.toString();
    }

    static String verdict(Target.Verdict v) {
        return switch (v) {
            case MET -> "met";
            case MISSED -> "MISSED";
            case NOT_MEASURED -> "not measured";
        };
    }

    /** Each variant's measured effect (strategy on minus off) beside the seed's prediction. */
    public static String comparison(RunResult baseline, List<RunResult> variants, Map<String, String> failedVariants) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"seed #", "strategy", "variant", "Δ CPU pts", "Δ CPU rel", "Δ µs/sent", "Δ B/sent", "Δ RSS MiB",
            "Δ live heap MiB", "Δ threads", "dgrams/send on|off", "seed predicted"});
        for (RunResult v : variants) {
            Effect e = Effect.of(baseline, v);
            Strategy s = v.variant().strategy();
            rows.add(new String[] {s.seedNumber, s.key, v.variant().name(), signed(e.cpuPercentPoints(), 2),
                signed(e.cpuRelativePercent(), 0) + (Double.isNaN(e.cpuRelativePercent()) ? "" : " %"),
                signed(e.microsPerSentPacket(), 2), signed(e.bytesPerSentPacket(), 1), signed(e.rssMiB(), 1),
                signed(e.liveHeapMiB(), 1), signed(e.threads(), 0),
                Figure.DATAGRAMS_PER_SEND.format(e.datagramsPerSendOn()) + " | "
                        + Figure.DATAGRAMS_PER_SEND.format(e.datagramsPerSendOff()), v.variant().predicted()});
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Effect of each strategy (with it on minus off; negative = saving), baseline "
                + "%s CPU %% of 1 core, %s µs/sent packet, %s B/sent packet, RSS %s MiB, live heap %s MiB, %s threads%n",
                Figure.GATEWAY_CPU.format(baseline.get(Figure.GATEWAY_CPU)),
                Figure.CPU_PER_SENT_PACKET.format(baseline.get(Figure.CPU_PER_SENT_PACKET)),
                Figure.ALLOCATION_PER_SENT_PACKET.format(baseline.get(Figure.ALLOCATION_PER_SENT_PACKET)),
                Figure.RSS.format(baseline.get(Figure.RSS)), Figure.LIVE_HEAP.format(baseline.get(Figure.LIVE_HEAP)),
                Figure.THREADS.format(baseline.get(Figure.THREADS))));
        out.append(table(rows, new boolean[] {false, false, false, true, true, true, true, true, true, true, true, false}));
        for (Map.Entry<String, String> f : failedVariants.entrySet()) {
            String reason = f.getValue();
            // the gateway's own words are in the log's tail: keep the first lines that say what went wrong
            String shortReason = reason.lines().filter(l -> !l.isBlank()).limit(3).reduce((a, b) -> a + " | " + b.trim()).orElse("");
            out.append("variant ").append(f.getKey()).append(" did not run: ").append(shortReason).append('\n');
        }
        out.append("Seed strategy 5 (worker pool): no switch, the gateway always runs fixed event loops; see the threads "
                + "figure (target ≤ 48, flat).\n");
        return out.toString();
    }

    /** A scaling series: the figures per step and least-squares slopes per unit of {@code axis}. */
    public static String scaling(String axis, List<Double> x, List<RunResult> steps) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {axis, "streams", "viewers/stream", "CPU % 1 core", "µs/sent", "RSS MiB", "live heap MiB",
            "heap used MiB", "threads", "loss %"});
        for (int i = 0; i < steps.size(); i++) {
            RunResult r = steps.get(i);
            rows.add(new String[] {String.format(Locale.ROOT, "%.0f", x.get(i)), Integer.toString(r.streams()),
                Integer.toString(r.viewersPerStream()), Figure.GATEWAY_CPU.format(r.get(Figure.GATEWAY_CPU)),
                Figure.CPU_PER_SENT_PACKET.format(r.get(Figure.CPU_PER_SENT_PACKET)), Figure.RSS.format(r.get(Figure.RSS)),
                Figure.LIVE_HEAP.format(r.get(Figure.LIVE_HEAP)), Figure.HEAP_USED.format(r.get(Figure.HEAP_USED)),
                Figure.THREADS.format(r.get(Figure.THREADS)), Figure.VIEWER_LOSS.format(r.get(Figure.VIEWER_LOSS))});
        }
        StringBuilder out = new StringBuilder(table(rows, new boolean[] {true, true, true, true, true, true, true, true, true, true}));
        for (Map.Entry<Figure, LeastSquares> e : Slopes.of(x, steps).entrySet()) {
            LeastSquares line = e.getValue();
            out.append(String.format(Locale.ROOT, "slope %-22s %+.4f %s per %s (intercept %.2f)%n", e.getKey().label,
                    line == null ? Double.NaN : line.slope(), e.getKey().unit, axis, line == null ? Double.NaN : line.intercept()));
        }
        return out.toString();
    }

    static String signed(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%+." + decimals + "f", v);
    }

    /** Columns padded to their widest cell; {@code right[i]} right-aligns column i. */
    static String table(List<String[]> rows, boolean[] right) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = rows.get(r)[c];
                String pad = " ".repeat(width[c] - cell.length());
                line.append(right[c] ? pad + cell : cell + pad).append(c < columns - 1 ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = 0;
                for (int w : width) {
                    total += w + 2;
                }
                out.append("-".repeat(total - 2)).append('\n');
            }
        }
        return out.toString();
    }
}
