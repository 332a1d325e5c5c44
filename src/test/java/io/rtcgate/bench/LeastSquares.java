package io.rtcgate.bench;

/** An ordinary least-squares line through points, for the scaling runs' per-stream and per-viewer slopes. */
public record LeastSquares(double slope, double intercept) {

    /** Fits {@code y = slope * x + intercept}; needs at least two distinct x values. */
    public static LeastSquares fit(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        int n = x.length;
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += x[i] / n;
            meanY += y[i] / n;
        }
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - meanX) * (x[i] - meanX);
            sxy += (x[i] - meanX) * (y[i] - meanY);
        }
        if (n < 2 || sxx == 0) {
            throw new IllegalArgumentException("a line needs at least two distinct x values, got " + n + " point(s)");
        }
        double slope = sxy / sxx;
        return new LeastSquares(slope, meanY - slope * meanX);
    }
}
