package org.j386.bench.compare;

import java.util.Arrays;

/** Minimum, median and maximum of a few samples (the median of an even count: the mean of the middle two). */
record Stats(double min, double median, double max) {
    static Stats of(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("Stats.of: no samples");
        }
        double[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new Stats(s[0], median, s[n - 1]);
    }
}
