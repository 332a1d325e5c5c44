package io.rtcgate.stream;

import io.rtcgate.media.SingleWriterCounter;

/**
 * Per-stream ingest counters. Written only on the stream's event loop, read from anywhere (see {@link SingleWriterCounter}).
 * Rates (fps, bitrate) are sampled once a second by {@link #sample(long)}, also on the loop.
 */
public final class StreamStats {
    final SingleWriterCounter inboundPackets = new SingleWriterCounter();
    final SingleWriterCounter inboundBytes = new SingleWriterCounter();
    final SingleWriterCounter malformedPackets = new SingleWriterCounter();
    final SingleWriterCounter unknownPayloadType = new SingleWriterCounter();
    final SingleWriterCounter accessUnits = new SingleWriterCounter();
    final SingleWriterCounter keyframes = new SingleWriterCounter();
    final SingleWriterCounter lastKeyframeEpochMillis = new SingleWriterCounter();
    final SingleWriterCounter sourceSessions = new SingleWriterCounter();
    /** Frames per second times 100, and bits per second, over the last sample interval. */
    final SingleWriterCounter fpsTimes100 = new SingleWriterCounter();
    final SingleWriterCounter bitrate = new SingleWriterCounter();

    private long lastSampleNanos;
    private long lastSampleAccessUnits;
    private long lastSampleBytes;

    public long inboundPackets() {
        return inboundPackets.get();
    }

    public long inboundBytes() {
        return inboundBytes.get();
    }

    public long malformedPackets() {
        return malformedPackets.get();
    }

    public long unknownPayloadType() {
        return unknownPayloadType.get();
    }

    public long accessUnits() {
        return accessUnits.get();
    }

    public long keyframes() {
        return keyframes.get();
    }

    /** Wall-clock time of the last keyframe, 0 if none yet. */
    public long lastKeyframeEpochMillis() {
        return lastKeyframeEpochMillis.get();
    }

    /** How many times a source (camera session or publisher) has attached. */
    public long sourceSessions() {
        return sourceSessions.get();
    }

    public double fps() {
        return fpsTimes100.get() / 100.0;
    }

    public long bitrate() {
        return bitrate.get();
    }

    /** Updates the rates; call on the stream's loop, about once a second. */
    void sample(long nowNanos) {
        long units = accessUnits.get();
        long bytes = inboundBytes.get();
        if (lastSampleNanos != 0) {
            long elapsed = nowNanos - lastSampleNanos;
            if (elapsed > 0) {
                fpsTimes100.set((units - lastSampleAccessUnits) * 100_000_000_000L / elapsed);
                bitrate.set((bytes - lastSampleBytes) * 8_000_000_000L / elapsed);
            }
        }
        lastSampleNanos = nowNanos;
        lastSampleAccessUnits = units;
        lastSampleBytes = bytes;
    }

    void clearRates() {
        fpsTimes100.set(0);
        bitrate.set(0);
        lastSampleNanos = 0;
    }
}
