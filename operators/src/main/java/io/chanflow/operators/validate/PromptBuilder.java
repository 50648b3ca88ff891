package io.chanflow.operators.validate;

import io.chanflow.operators.llm.ClosedTrade;
import io.chanflow.operators.llm.SessionStats;
import io.chanflow.state.outcome.Features;
import io.chanflow.state.signals.Signal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Fills a {@link PromptTemplates} user template for one request. The text depends only on its inputs (fixed
 * formats, {@link Locale#ROOT}, UTC times, inputs in the given order), so the same request, neighbours and stats
 * always give the same bytes.
 *
 * <p>Placeholders: {@code {{point}}} (id, symbol, level, scope, side, type, status, revision, price, times),
 * {@code {{feature_schema}}}, {@code {{features}}} ({@code name = value}, one per line, schema 1 names),
 * {@code {{score}}} (the ensemble's P(win) and model version), {@code {{similar_trades}}} (null: "unavailable"),
 * {@code {{session_stats}}} (null: "unavailable").
 */
public final class PromptBuilder {
    private PromptBuilder() {
    }

    public static String user(PromptTemplates t, ValidationRequest r, List<ClosedTrade> similar, SessionStats stats) {
        return t.user()
                .replace("{{point}}", point(r.signal()))
                .replace("{{feature_schema}}", Integer.toString(r.featureSchemaVersion()))
                .replace("{{features}}", features(r.features(), r.featureSchemaVersion()))
                .replace("{{score}}", score(r.signal()))
                .replace("{{similar_trades}}", similar(similar))
                .replace("{{session_stats}}", stats(stats));
    }

    static String point(Signal s) {
        return String.format(Locale.ROOT, "id: %s%nsymbol: %s, level: %s, scope: %s%nside: %s, type: %s, status: %s,"
                        + " revision %d%nprice: %s%npoint time: %s, confirmed by the bar starting %s",
                s.id(), s.symbol(), s.level(), "seg".equals(s.scope()) ? "seg (segment)" : s.scope() + " (stroke)",
                s.buy() ? "BUY" : "SELL", s.type(), s.status(), s.revision(), num(s.price()),
                Instant.ofEpochMilli(s.pointTime()), Instant.ofEpochMilli(s.causeTime()));
    }

    static String features(double[] f, int schema) {
        if (f == null) {
            return "unavailable";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < f.length; i++) {
            String name = schema == Features.SCHEMA_VERSION && i < Features.NAMES.size() ? Features.NAMES.get(i)
                    : "f" + i;
            b.append(i == 0 ? "" : "\n").append(name).append(" = ").append(num(f[i]));
        }
        return b.toString();
    }

    static String score(Signal s) {
        return s.scored()
                ? String.format(Locale.ROOT, "ensemble P(win) = %.4f (model version %d)", s.score(), s.modelVersion())
                : "not scored (model version " + s.modelVersion() + ")";
    }

    static String similar(List<ClosedTrade> trades) {
        if (trades == null) {
            return "unavailable (trade memory not reachable)";
        }
        if (trades.isEmpty()) {
            return "none found";
        }
        StringBuilder b = new StringBuilder();
        int i = 1;
        for (ClosedTrade t : trades) {
            b.append(i == 1 ? "" : "\n").append(String.format(Locale.ROOT, "%d. %s %s types %s: %s, return %+.4f %%,"
                            + " closed %s", i, t.symbol(), t.level(), String.join(",", t.types()), t.result(),
                    t.returnPct(), Instant.ofEpochMilli(t.closedAt())));
            i++;
        }
        return b.toString();
    }

    static String stats(SessionStats s) {
        if (s == null) {
            return "unavailable (session statistics not reachable)";
        }
        if (s.isEmpty()) {
            return "no trades closed yet in session " + s.day();
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "session %s: %d trades, %d wins, %d losses, total return %+.4f %%, regime %s", s.day(), s.trades(),
                s.wins(), s.losses(), s.sumReturnPct(), s.regime().isEmpty() ? "unknown" : s.regime()));
        for (SessionStats.TypeStats t : s.byType().values()) {
            b.append(String.format(Locale.ROOT, "%ntype %s: %d trades, win rate %.2f, return %+.4f %%, streak %+d",
                    t.type(), t.trades(), t.winRate(), t.sumReturnPct(), t.streak()));
        }
        return b.toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
