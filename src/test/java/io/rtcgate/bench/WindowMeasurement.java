package io.rtcgate.bench;

/**
 * The raw readings of one measurement window: gateway diagnostics at its start and end and after a forced GC, CPU ticks of
 * the three processes over the window ({@code -1} when not read), the gateway's {@code /proc} status at the end and the
 * viewer fleet's report ({@code null} without viewers). {@link RunFigures} turns them into figures.
 */
public record WindowMeasurement(int streams, int viewersPerStream, double wallSeconds, long ticksPerSecond, long gatewayTicks,
        long cameraFleetTicks, long viewerFleetTicks, DiagnosticsSnapshot start, DiagnosticsSnapshot end,
        DiagnosticsSnapshot afterGc, ProcFiles.Status gatewayStatus, FleetResult fleet) {
}
