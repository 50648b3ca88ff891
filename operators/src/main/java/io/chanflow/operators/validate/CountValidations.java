package io.chanflow.operators.validate;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts every validated signal by case, on the task thread right after the async operator: metrics
 * {@code chanflow.llm.<case>} and accumulators {@code llm-<case>} (the CLI summary and tests read those). Cases:
 * approved, downgraded, vetoed (valid answers), timeout, error, invalid, breakerOpen, ragUnavailable,
 * statsUnavailable, replayed, ledgerMiss, notValidated. A signal can count in several (e.g. vetoed and
 * ragUnavailable).
 */
public final class CountValidations extends RichMapFunction<ValidatedSignal, ValidatedSignal> {
    public static final String[] CASES = {"approved", "downgraded", "vetoed", "timeout", "error", "invalid",
        "breakerOpen", "ragUnavailable", "statsUnavailable", "replayed", "ledgerMiss", "notValidated"};

    private transient Map<String, Counter> metrics;
    private transient Map<String, LongCounter> accumulators;

    @Override
    public void open(OpenContext ctx) {
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("chanflow").addGroup("llm");
        metrics = new LinkedHashMap<>();
        accumulators = new LinkedHashMap<>();
        for (String c : CASES) {
            metrics.put(c, g.counter(c));
            LongCounter a = new LongCounter();
            getRuntimeContext().addAccumulator("llm-" + c, a);
            accumulators.put(c, a);
        }
    }

    @Override
    public ValidatedSignal map(ValidatedSignal v) {
        switch (v.status()) {
            case OK -> count(switch (v.verdict()) {
                case APPROVE -> "approved";
                case DOWNGRADE -> "downgraded";
                case VETO -> "vetoed";
                case UNVALIDATED -> throw new IllegalStateException("OK without a verdict: " + v);
            });
            case TIMEOUT -> count("timeout");
            case ERROR -> count("error");
            case INVALID -> count("invalid");
            case BREAKER_OPEN -> count("breakerOpen");
            case REPLAYED -> count("replayed");
            case LEDGER_MISS -> count("ledgerMiss");
            case NOT_VALIDATED -> count("notValidated");
        }
        if (v.ragUnavailable()) {
            count("ragUnavailable");
        }
        if (v.statsUnavailable()) {
            count("statsUnavailable");
        }
        return v;
    }

    private void count(String c) {
        metrics.get(c).inc();
        accumulators.get(c).add(1);
    }
}
