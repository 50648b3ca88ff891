package io.chanflow.state.ml;

import java.util.SplittableRandom;

/** Seeded synthetic streams for the learner tests: every call with the same seed gives the same examples. */
final class Streams {

    /** One labelled example. */
    record Example(double[] x, boolean y) {
    }

    /** A concept: draws the next example from the random source. */
    @FunctionalInterface
    interface Concept {
        Example next(SplittableRandom r);
    }

    private Streams() {
    }

    /** y = x0 + x1 > 0 on the square [-1, 1]^2, with a margin: |x0 + x1| >= 0.1. */
    static Example diagonal(SplittableRandom r) {
        while (true) {
            double a = r.nextDouble(-1, 1);
            double b = r.nextDouble(-1, 1);
            if (Math.abs(a + b) >= 0.1) {
                return new Example(new double[] {a, b}, a + b > 0);
            }
        }
    }

    /** y = (x0 > 0) xor (x1 > 0) on the square [-1, 1]^2: a linear model can do no better than chance. */
    static Example xor(SplittableRandom r) {
        double a = r.nextDouble(-1, 1);
        double b = r.nextDouble(-1, 1);
        return new Example(new double[] {a, b}, (a > 0) ^ (b > 0));
    }

    /** {@code d} features uniform on [-1, 1]; y = x0 + x1 > 0 with margin 0.1, the rest is noise. */
    static Concept diagonalIn(int d) {
        return r -> {
            Example e = diagonal(r);
            double[] x = new double[d];
            x[0] = e.x()[0];
            x[1] = e.x()[1];
            for (int j = 2; j < d; j++) {
                x[j] = r.nextDouble(-1, 1);
            }
            return new Example(x, e.y());
        };
    }

    /**
     * Prequential accuracy of {@code learner} on {@code n} examples of {@code concept}: every
     * example is predicted, then learned; the score counts the last {@code last} predictions.
     */
    static double prequentialAccuracy(Learner learner, Concept concept, long seed, int n, int last) {
        SplittableRandom r = new SplittableRandom(seed);
        int right = 0;
        for (int i = 0; i < n; i++) {
            Example e = concept.next(r);
            boolean predicted = learner.predict(e.x()) >= 0.5;
            if (i >= n - last && predicted == e.y()) {
                right++;
            }
            learner.learn(e.x(), e.y());
        }
        return (double) right / last;
    }
}
