package io.rtcgate.bench;

/**
 * What a seed strategy measurably does: the figures with the strategy on minus with it off, taken from the baseline and
 * one variant run ({@link Variant#strategyOn()} says which of the two has it on). Negative CPU and memory deltas are
 * savings.
 */
public record Effect(double cpuPercentPoints, double cpuRelativePercent, double microsPerSentPacket, double bytesPerSentPacket,
        double rssMiB, double liveHeapMiB, double threads, double datagramsPerSendOn, double datagramsPerSendOff) {

    public static Effect of(RunResult baseline, RunResult variant) {
        boolean variantOn = variant.variant().strategyOn();
        RunResult on = variantOn ? variant : baseline;
        RunResult off = variantOn ? baseline : variant;
        return new Effect(on.get(Figure.GATEWAY_CPU) - off.get(Figure.GATEWAY_CPU),
                BenchFigures.relativeChangePercent(off.get(Figure.GATEWAY_CPU), on.get(Figure.GATEWAY_CPU)),
                on.get(Figure.CPU_PER_SENT_PACKET) - off.get(Figure.CPU_PER_SENT_PACKET),
                on.get(Figure.ALLOCATION_PER_SENT_PACKET) - off.get(Figure.ALLOCATION_PER_SENT_PACKET),
                on.get(Figure.RSS) - off.get(Figure.RSS), on.get(Figure.LIVE_HEAP) - off.get(Figure.LIVE_HEAP),
                on.get(Figure.THREADS) - off.get(Figure.THREADS), on.get(Figure.DATAGRAMS_PER_SEND),
                off.get(Figure.DATAGRAMS_PER_SEND));
    }
}
