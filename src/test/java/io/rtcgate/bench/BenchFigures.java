package io.rtcgate.bench;

/**
 * The arithmetic behind the benchmark's figures, kept apart so it can be checked by hand. Every method returns NaN
 * where the figure does not exist (nothing counted, no time passed) instead of dividing by zero.
 */
public final class BenchFigures {
    public static final double MIB = 1024.0 * 1024.0;

    private BenchFigures() {
    }

    /** CPU use as a percentage of one core: {@code ticks / ticksPerSecond} CPU seconds over {@code wallSeconds}. */
    public static double cpuPercentOfOneCore(long cpuTicks, long ticksPerSecond, double wallSeconds) {
        if (ticksPerSecond <= 0 || !(wallSeconds > 0)) {
            return Double.NaN;
        }
        return 100.0 * cpuTicks / ticksPerSecond / wallSeconds;
    }

    /** CPU seconds from clock ticks ({@code /proc/<pid>/stat} counts in {@code sysconf(_SC_CLK_TCK)} units). */
    public static double cpuSeconds(long cpuTicks, long ticksPerSecond) {
        return ticksPerSecond <= 0 ? Double.NaN : (double) cpuTicks / ticksPerSecond;
    }

    /** Microseconds of CPU per event (packet). */
    public static double microsPer(double cpuSeconds, long events) {
        return events <= 0 ? Double.NaN : cpuSeconds * 1e6 / events;
    }

    public static double perSecond(long events, double wallSeconds) {
        return wallSeconds > 0 ? events / wallSeconds : Double.NaN;
    }

    /** {@code numerator / denominator}, e.g. bytes per packet or datagrams per send call. */
    public static double ratio(long numerator, long denominator) {
        return denominator <= 0 ? Double.NaN : (double) numerator / denominator;
    }

    public static double mebibytes(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / MIB;
    }

    /** Lost over expected, in percent. */
    public static double lossPercent(long lost, long expected) {
        return expected <= 0 ? Double.NaN : 100.0 * Math.max(0, lost) / expected;
    }

    /** How much {@code value} differs from {@code base}, in percent of {@code base}. */
    public static double relativeChangePercent(double base, double value) {
        return base == 0 || Double.isNaN(base) || Double.isNaN(value) ? Double.NaN : 100.0 * (value - base) / Math.abs(base);
    }
}
