package io.rtcgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux says about a process: CPU ticks from {@code /proc/<pid>/stat} (utime + stime, fields 14 and 15 of proc(5),
 * in {@code sysconf(_SC_CLK_TCK)} units) and resident set size and thread count from {@code /proc/<pid>/status}.
 */
public final class ProcFiles {
    /** Linux's USER_HZ where {@code getconf CLK_TCK} cannot be asked; it is 100 on every Linux ABI the JDK runs on. */
    static final long DEFAULT_CLOCK_TICKS_PER_SECOND = 100;
    private static volatile long clockTicksPerSecond;

    /** {@code VmRSS} in kB and {@code Threads}. */
    public record Status(long rssKb, int threads) {
    }

    private ProcFiles() {
    }

    /** {@code sysconf(_SC_CLK_TCK)} as {@code getconf CLK_TCK} prints it (asked once), else 100. */
    public static long clockTicksPerSecond() {
        long ticks = clockTicksPerSecond;
        if (ticks == 0) {
            ticks = DEFAULT_CLOCK_TICKS_PER_SECOND;
            try {
                String out = io.rtcgate.testpeers.PeerProcesses.runOrFail(java.util.List.of("getconf", "CLK_TCK"),
                        java.time.Duration.ofSeconds(5)).trim();
                ticks = Long.parseLong(out);
            } catch (IOException | NumberFormatException e) {
                System.err.println("[bench] getconf CLK_TCK failed (" + e.getMessage() + "); assuming 100");
            }
            clockTicksPerSecond = ticks;
        }
        return ticks;
    }

    /** user + system CPU ticks of the process (all its threads, not its children). */
    public static long cpuTicks(long pid) throws IOException {
        return cpuTicksOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
    }

    public static Status status(long pid) throws IOException {
        return statusOf(Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII));
    }

    /**
     * Parses a stat line. The command name (field 2) is in parentheses and may hold spaces or parentheses itself, so the
     * fields are counted from the last ')': field 3 (state) is the first after it, utime (14) the 12th, stime (15) the 13th.
     */
    static long cpuTicksOf(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + abbreviate(stat));
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        if (fields.length < 13) {
            throw new IllegalArgumentException("stat line has " + (fields.length + 2) + " fields, need 15: " + abbreviate(stat));
        }
        try {
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("utime/stime not numbers in " + abbreviate(stat), e);
        }
    }

    static Status statusOf(String status) {
        long rss = -1;
        int threads = -1;
        for (String line : status.split("\n")) {
            try {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).trim());
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unreadable status line: " + line, e);
            }
        }
        if (rss < 0 || threads < 0) {
            throw new IllegalArgumentException("status without VmRSS or Threads (process gone or a zombie?)");
        }
        return new Status(rss, threads);
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
