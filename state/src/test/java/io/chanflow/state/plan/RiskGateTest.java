package io.chanflow.state.plan;

import io.chanflow.state.signals.Signal;
import io.chanflow.state.signals.SignalStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RiskGateTest {
    private static final String[] TYPES = {"1", "1p", "2", "2s", "3a", "3b"};

    private static Signal signal(SignalStatus status, boolean buy, double price, double score) {
        Signal s = new Signal(Signal.idOf("SPY", "1m", "bi", 1_000L, buy, "2"), "SPY", "1m", "bi", 1_000L, buy, "2",
                status, 1, "test", 2_000L, 5, price, "abc", Signal.UNSCORED, 0, 0);
        return Double.isNaN(score) ? s : s.withScore(score, 1, 1);
    }

    @Test
    void shouldNeverMakeAPlanRiskierThanTheRuleOnlyPlanForAnySignalAndVerdict() {
        Random r = new Random(7);
        List<Signal> signals = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            SignalStatus st = SignalStatus.values()[r.nextInt(3)];
            double score = r.nextInt(5) == 0 ? Double.NaN : r.nextDouble();
            Signal s = new Signal(Signal.idOf("X", "5m", "seg", i, r.nextBoolean(), TYPES[r.nextInt(6)]), "X", "5m",
                    "seg", i, r.nextBoolean(), TYPES[r.nextInt(6)], st, 1 + r.nextInt(3), "r", i + 1L, i,
                    0.01 + r.nextDouble() * 1000, "h", Signal.UNSCORED, 0, 0);
            signals.add(Double.isNaN(score) ? s : s.withScore(score, 2, 1));
        }
        for (double edge : new double[] {0, RiskGate.FAIR, RiskGate.STRONG, 1, Double.NaN}) {
            signals.add(signal(SignalStatus.CONFIRMED, true, 10, edge));
            signals.add(signal(SignalStatus.CONFIRMED, false, 10, edge));
        }
        for (Signal s : signals) {
            TradePlan rule = RiskGate.ruleOnly(s);
            for (Verdict v : Verdict.values()) {
                TradePlan p = RiskGate.plan(s, v);
                assertThat(p.noRiskierThan(rule)).as("%s with %s: %s vs rule %s", s, v, p, rule).isTrue();
            }
            assertThat(RiskGate.plan(s, Verdict.UNVALIDATED)).isEqualTo(rule);
            assertThat(RiskGate.plan(s, Verdict.APPROVE)).isEqualTo(rule);
            assertThat(RiskGate.plan(s, Verdict.VETO).action().trades()).isFalse();
        }
    }

    @Test
    void shouldFollowTheDowngradeTable() {
        assertThat(RiskGate.plan(signal(SignalStatus.CONFIRMED, true, 10, 0.7), Verdict.DOWNGRADE))
                .extracting(TradePlan::action, TradePlan::targetPosition).containsExactly(Action.BUY, 0.5);
        assertThat(RiskGate.plan(signal(SignalStatus.CONFIRMED, false, 10, 0.55), Verdict.DOWNGRADE))
                .extracting(TradePlan::action, TradePlan::targetPosition).containsExactly(Action.SELL, 0.25);
        assertThat(RiskGate.plan(signal(SignalStatus.CONFIRMED, true, 10, 0.2), Verdict.DOWNGRADE))
                .extracting(TradePlan::action, TradePlan::targetPosition).containsExactly(Action.WAIT, 0.0);
        assertThat(RiskGate.plan(signal(SignalStatus.CONFIRMED, true, 10, 0.9), Verdict.VETO))
                .extracting(TradePlan::action, TradePlan::targetPosition).containsExactly(Action.HOLD, 0.0);
    }

    @Test
    void shouldPutTheEntryZoneOnTheTradesSideAndInvalidateAtThePointsPrice() {
        TradePlan buy = RiskGate.ruleOnly(signal(SignalStatus.CONFIRMED, true, 100, 0.7));
        assertThat(buy.entryLow()).isEqualTo(100);
        assertThat(buy.entryHigh()).isCloseTo(100.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(buy.invalidation()).isEqualTo(100);
        TradePlan sell = RiskGate.ruleOnly(signal(SignalStatus.CONFIRMED, false, 100, 0.7));
        assertThat(sell.entryHigh()).isEqualTo(100);
        assertThat(sell.entryLow()).isCloseTo(99.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(RiskGate.ruleOnly(signal(SignalStatus.PROVISIONAL, true, 100, Double.NaN)).action())
                .isEqualTo(Action.WAIT);
        assertThat(RiskGate.ruleOnly(signal(SignalStatus.INVALIDATED, true, 100, Double.NaN)).action())
                .isEqualTo(Action.HOLD);
    }
}
