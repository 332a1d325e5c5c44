package io.rtcgate.bench;

/** One of issue 4's targets: the figure must not exceed {@code limit}. */
public record Target(Figure figure, double limit, String text) {

    public enum Verdict {
        MET, MISSED, NOT_MEASURED
    }

    public Verdict judge(double value) {
        if (Double.isNaN(value)) {
            return Verdict.NOT_MEASURED;
        }
        return value <= limit ? Verdict.MET : Verdict.MISSED;
    }
}
