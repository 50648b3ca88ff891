package io.chanflow.state.outcome;

import io.chanflow.state.bars.BarLevel;

/**
 * How the trade that follows one confirmed buy/sell point is judged, per level.
 *
 * <p>Default horizons, in bars of the level, aim at "the next move of about the same size" rather
 * than one calendar span: a stroke of the level typically lasts 5 to 15 bars, so the horizon
 * covers a few strokes, and it shrinks on the slow levels where a bar already spans a lot.
 *
 * <table>
 *   <caption>default horizon per level</caption>
 *   <tr><th>level</th><th>bars</th><th>about</th></tr>
 *   <tr><td>1m</td><td>60</td><td>1 hour</td></tr>
 *   <tr><td>5m</td><td>48</td><td>4 hours (about a session)</td></tr>
 *   <tr><td>15m</td><td>32</td><td>8 hours (about 1.2 sessions)</td></tr>
 *   <tr><td>30m</td><td>26</td><td>2 sessions</td></tr>
 *   <tr><td>60m</td><td>20</td><td>3 sessions</td></tr>
 *   <tr><td>day</td><td>20</td><td>4 weeks</td></tr>
 *   <tr><td>week</td><td>12</td><td>a quarter</td></tr>
 *   <tr><td>month</td><td>6</td><td>half a year</td></tr>
 * </table>
 *
 * @param horizonBars bars of the level followed after the entry bar before the trade closes at a
 *                    bar's close with {@link ExitReason#HORIZON}
 * @param targetR the target distance as a multiple of the initial risk |entry - stop|
 * @param flatPct a return (in %) with |return| at or below this is FLAT; above is WIN, below the
 *                negative is LOSS
 * @param maxOpenTrades open trades kept per symbol and level; opening one more closes the oldest
 *                      with {@link ExitReason#EVICTED}
 * @param fallbackRiskPct the initial risk, in % of the entry, used when the point's price is not
 *                        strictly on the losing side of the entry (zero or negative risk)
 */
public record OutcomeRules(int horizonBars, double targetR, double flatPct, int maxOpenTrades,
                           double fallbackRiskPct) {
    public static final double DEFAULT_TARGET_R = 2.0;
    public static final double DEFAULT_FLAT_PCT = 0.05;
    public static final int DEFAULT_MAX_OPEN_TRADES = 64;
    public static final double DEFAULT_FALLBACK_RISK_PCT = 0.1;

    public OutcomeRules {
        if (horizonBars < 1) {
            throw new IllegalArgumentException("horizonBars must be >= 1, got " + horizonBars);
        }
        if (!(targetR > 0) || Double.isInfinite(targetR)) {
            throw new IllegalArgumentException("targetR must be a positive finite number, got " + targetR);
        }
        if (!(flatPct >= 0) || Double.isInfinite(flatPct)) {
            throw new IllegalArgumentException("flatPct must be a finite number >= 0, got " + flatPct);
        }
        if (maxOpenTrades < 1 || maxOpenTrades > 4096) {
            throw new IllegalArgumentException("maxOpenTrades must be in [1, 4096], got " + maxOpenTrades);
        }
        if (!(fallbackRiskPct > 0) || fallbackRiskPct >= 100) {
            throw new IllegalArgumentException("fallbackRiskPct must be in (0, 100), got " + fallbackRiskPct);
        }
    }

    /** The defaults of {@code level} (see the table above). */
    public static OutcomeRules defaults(BarLevel level) {
        int horizon = switch (level) {
            case M1 -> 60;
            case M5 -> 48;
            case M15 -> 32;
            case M30 -> 26;
            case M60, DAY -> 20;
            case WEEK -> 12;
            case MONTH -> 6;
        };
        return new OutcomeRules(horizon, DEFAULT_TARGET_R, DEFAULT_FLAT_PCT, DEFAULT_MAX_OPEN_TRADES,
                DEFAULT_FALLBACK_RISK_PCT);
    }

    /** The defaults of the level labelled {@code label} ({@code 1m 5m 15m 30m 60m day week month}). */
    public static OutcomeRules defaults(String label) {
        return defaults(BarLevel.ofLabel(label));
    }

    /** The option keys {@link #with(String, String)} accepts. */
    public static final java.util.List<String> KEYS = java.util.List.of("horizon_bars", "target_r", "flat_pct",
            "max_open_trades", "fallback_risk_pct");

    /**
     * These rules with one option changed ({@code key} in {@link #KEYS}, value as text).
     *
     * @throws IllegalArgumentException naming the key for an unknown key or a bad value
     */
    public OutcomeRules with(String key, String value) {
        String v = value == null ? "" : value.strip();
        try {
            return switch (key) {
                case "horizon_bars" -> withHorizonBars(Integer.parseInt(v));
                case "target_r" -> withTargetR(Double.parseDouble(v));
                case "flat_pct" -> withFlatPct(Double.parseDouble(v));
                case "max_open_trades" -> withMaxOpenTrades(Integer.parseInt(v));
                case "fallback_risk_pct" -> new OutcomeRules(horizonBars, targetR, flatPct, maxOpenTrades,
                        Double.parseDouble(v));
                default -> throw new IllegalArgumentException("unknown outcome option '" + key + "' (known: "
                        + String.join(", ", KEYS) + ")");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("outcome option " + key + "='" + v + "': not a number", e);
        }
    }

    public OutcomeRules withHorizonBars(int v) {
        return new OutcomeRules(v, targetR, flatPct, maxOpenTrades, fallbackRiskPct);
    }

    public OutcomeRules withTargetR(double v) {
        return new OutcomeRules(horizonBars, v, flatPct, maxOpenTrades, fallbackRiskPct);
    }

    public OutcomeRules withFlatPct(double v) {
        return new OutcomeRules(horizonBars, targetR, v, maxOpenTrades, fallbackRiskPct);
    }

    public OutcomeRules withMaxOpenTrades(int v) {
        return new OutcomeRules(horizonBars, targetR, flatPct, v, fallbackRiskPct);
    }

    /** WIN, LOSS or FLAT of a signed return in %. */
    public TradeResult judge(double returnPct) {
        if (returnPct > flatPct) {
            return TradeResult.WIN;
        }
        return returnPct < -flatPct ? TradeResult.LOSS : TradeResult.FLAT;
    }
}
