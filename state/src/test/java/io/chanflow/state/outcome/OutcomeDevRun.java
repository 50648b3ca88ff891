package io.chanflow.state.outcome;

import io.chanflow.state.Bar;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Developer tool: outcome counts of a lower/higher pair of real files. Args: SYMBOL LOWER_LEVEL LOWER_FILE HIGHER_LEVEL HIGHER_FILE. */
public final class OutcomeDevRun {
    public static void main(String[] a) throws Exception {
        List<Bar> lower = TwoLevelRun.bars(a[2]);
        List<Bar> higher = TwoLevelRun.bars(a[4]);
        long t0 = System.nanoTime();
        TwoLevelRun.Result r = TwoLevelRun.run(a[0], a[1], lower, a[3], higher, OutcomeRules.defaults(a[1]), 0);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Map<TradeResult, Integer> res = new EnumMap<>(TradeResult.class);
        Map<ExitReason, Integer> why = new EnumMap<>(ExitReason.class);
        double sumRet = 0;
        int nested = 0;
        int idx = Features.NAMES.indexOf("nested");
        for (TwoLevelRun.Closed c : r.closed()) {
            TradeOutcome o = c.point().outcome();
            res.merge(o.result(), 1, Integer::sum);
            why.merge(o.exitReason(), 1, Integer::sum);
            sumRet += o.returnPct();
        }
        for (TwoLevelRun.Confirmed c : r.confirmed()) {
            nested += c.features().get(idx) > 0 ? 1 : 0;
        }
        int n = Features.NAMES.size();
        double[] mn = new double[n];
        double[] mx = new double[n];
        double[] sum = new double[n];
        java.util.Arrays.fill(mn, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(mx, Double.NEGATIVE_INFINITY);
        for (TwoLevelRun.Confirmed c : r.confirmed()) {
            for (int j = 0; j < n; j++) {
                double v = c.features().get(j);
                mn[j] = Math.min(mn[j], v);
                mx[j] = Math.max(mx[j], v);
                sum[j] += v;
            }
        }
        for (int j = 0; j < n; j++) {
            System.out.printf("  %2d %-16s min %10.4f mean %10.4f max %10.4f%n", j, Features.NAMES.get(j), mn[j],
                    sum[j] / Math.max(1, r.confirmed().size()), mx[j]);
        }
        Map<String, Integer> perPoint = new java.util.HashMap<>();
        for (TwoLevelRun.Closed c : r.closed()) {
            perPoint.merge(c.point().outcome().pointId(), 1, Integer::sum);
        }
        System.out.println("  points traded more than once: " + perPoint.values().stream().filter(v -> v > 1).count());
        System.out.printf("%s %s: %d bars, %d confirmed signals (nested %d), %d outcomes %s %s, mean return %.3f%%, "
                        + "max open %d, evictions %d, window bytes %d, %d ms%n",
                a[0], a[1], lower.size(), r.confirmed().size(), nested, r.closed().size(), res, why,
                sumRet / Math.max(1, r.closed().size()), r.maxOpen(), r.evictions(), r.windowBytes(), ms);
    }
}
