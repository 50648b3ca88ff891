package io.chanflow.state.plan;

import io.chanflow.state.signals.Signal;
import io.chanflow.state.signals.SignalStatus;

import java.util.Locale;

/**
 * The deterministic final plan of a signal revision from the rules, its ensemble score and the
 * LLM's verdict. <b>Veto-only</b>: the verdict can keep or lower the rule-only plan, never raise it.
 *
 * <h2>Rule-only plan</h2>
 * <table>
 *   <caption>rule-only plan by signal status and score</caption>
 *   <tr><th>status</th><th>action</th><th>target position</th></tr>
 *   <tr><td>CONFIRMED, score &gt;= {@value #STRONG}</td><td>BUY (buy point) / SELL (sell point)</td><td>1.0</td></tr>
 *   <tr><td>CONFIRMED, score in [{@value #FAIR}, {@value #STRONG})</td><td>BUY / SELL</td><td>0.5</td></tr>
 *   <tr><td>CONFIRMED, score &lt; {@value #FAIR} or unscored</td><td>BUY / SELL</td><td>0.25</td></tr>
 *   <tr><td>PROVISIONAL</td><td>WAIT</td><td>0</td></tr>
 *   <tr><td>INVALIDATED</td><td>HOLD</td><td>0</td></tr>
 * </table>
 * Entry zone: from the point's price to {@value #ENTRY_BAND} (fraction) beyond it on the trade's side
 * (above for a buy, below for a sell). Invalidation: the point's price.
 *
 * <h2>Verdicts</h2>
 * <table>
 *   <caption>what a verdict does to the rule-only plan</caption>
 *   <tr><th>verdict</th><th>BUY/SELL with position p</th><th>HOLD/WAIT</th></tr>
 *   <tr><td>APPROVE, UNVALIDATED</td><td>unchanged</td><td>unchanged</td></tr>
 *   <tr><td>DOWNGRADE</td><td>p/2 if p/2 &gt;= {@value #MIN_POSITION}, else WAIT with 0</td><td>unchanged</td></tr>
 *   <tr><td>VETO</td><td>HOLD with 0</td><td>unchanged</td></tr>
 * </table>
 * Entry zone and invalidation never change. So for every signal and verdict the plan is never
 * riskier than the rule-only plan ({@link TradePlan#noRiskierThan}).
 */
public final class RiskGate {
    /** Score from which a confirmed point gets the full position. */
    public static final double STRONG = 0.6;
    /** Score from which a confirmed point gets half the position. */
    public static final double FAIR = 0.5;
    /** The smallest position a downgrade may leave; below it the plan turns into WAIT. */
    public static final double MIN_POSITION = 0.25;
    /** The width of the entry zone as a fraction of the point's price. */
    public static final double ENTRY_BAND = 0.005;

    private RiskGate() {
    }

    /** The plan the rules alone give (the verdict UNVALIDATED). */
    public static TradePlan ruleOnly(Signal s) {
        String point = (s.buy() ? "B " : "S ") + s.type();
        double p = s.price();
        double low = s.buy() ? p : p * (1 - ENTRY_BAND);
        double high = s.buy() ? p * (1 + ENTRY_BAND) : p;
        if (s.status() == SignalStatus.PROVISIONAL) {
            return new TradePlan(Action.WAIT, point, low, high, p, 0,
                    "The point is not confirmed yet: wait for its confirmation.");
        }
        if (s.status() == SignalStatus.INVALIDATED) {
            return new TradePlan(Action.HOLD, point, low, high, p, 0,
                    "The point no longer exists: nothing new to do.");
        }
        double size = !s.scored() || s.score() < FAIR ? MIN_POSITION : s.score() < STRONG ? 0.5 : 1.0;
        Action a = s.buy() ? Action.BUY : Action.SELL;
        return new TradePlan(a, point, low, high, p, size, String.format(Locale.ROOT,
                "Confirmed %s point of type %s%s: %s %s of a full position, invalid beyond %s.",
                s.buy() ? "buy" : "sell", s.type(), s.scored() ? String.format(Locale.ROOT, " with score %.2f",
                        s.score()) : " (not scored)", a == Action.BUY ? "buy" : "sell", fraction(size), num(p)));
    }

    /** The final plan: the rule-only plan kept or lowered by {@code verdict}. */
    public static TradePlan plan(Signal s, Verdict verdict) {
        TradePlan rule = ruleOnly(s);
        if (!rule.action().trades() || verdict == Verdict.APPROVE || verdict == Verdict.UNVALIDATED) {
            return rule;
        }
        if (verdict == Verdict.VETO) {
            return new TradePlan(Action.HOLD, rule.buyPoint(), rule.entryLow(), rule.entryHigh(), rule.invalidation(),
                    0, "The validator vetoed this point: stand aside.");
        }
        double half = rule.targetPosition() / 2;
        if (half < MIN_POSITION) {
            return new TradePlan(Action.WAIT, rule.buyPoint(), rule.entryLow(), rule.entryHigh(), rule.invalidation(),
                    0, "The validator downgraded an already small position: wait for a better point.");
        }
        return new TradePlan(rule.action(), rule.buyPoint(), rule.entryLow(), rule.entryHigh(), rule.invalidation(),
                half, String.format(Locale.ROOT, "The validator downgraded this point: %s %s instead of %s.",
                rule.action() == Action.BUY ? "buy" : "sell", fraction(half), fraction(rule.targetPosition())));
    }

    private static String fraction(double f) {
        return f == 1 ? "all" : f == 0.5 ? "half" : f == 0.25 ? "a quarter" : String.format(Locale.ROOT, "%.2f", f);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
