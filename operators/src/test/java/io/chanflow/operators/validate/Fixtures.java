package io.chanflow.operators.validate;

import io.chanflow.operators.chan.SignalEvent;
import io.chanflow.operators.llm.ClosedTrade;
import io.chanflow.operators.llm.TradeResult;
import io.chanflow.state.outcome.Features;
import io.chanflow.state.signals.Signal;
import io.chanflow.state.signals.SignalStatus;

import java.time.LocalDate;
import java.util.List;

/** Hand-made signals and trades for the validator tests. */
public final class Fixtures {
    /** 2024-01-02T14:30:00Z. */
    public static final long T0 = 1_704_205_800_000L;
    public static final long MINUTE = 60_000L;

    private Fixtures() {
    }

    /** The features of signal {@code i}: deterministic, non-zero, schema 1. */
    public static double[] features(int i) {
        double[] f = new double[Features.NAMES.size()];
        for (int j = 0; j < f.length; j++) {
            f[j] = ((i * 31 + j * 7) % 11) / 4.0 - 1 + (j == 6 ? 1 : 0);
        }
        return f;
    }

    /** Signal {@code i} of {@code symbol}: a CONFIRMED buy of type 2 whose cause bar starts at T0 + i minutes. */
    public static SignalEvent confirmed(String symbol, int i) {
        long cause = T0 + i * MINUTE;
        Signal s = new Signal(Signal.idOf(symbol, "1m", "bi", cause - 3 * MINUTE, i % 2 == 0, "2"), symbol, "1m", "bi",
                cause - 3 * MINUTE, i % 2 == 0, "2", SignalStatus.CONFIRMED, 1, "confirmed", cause, 100 + i,
                100 + i * 0.25, "cafe", Signal.UNSCORED, 0, 0).withScore(0.55 + (i % 5) * 0.05, 3, Features.SCHEMA_VERSION);
        return new SignalEvent(s, features(i), Features.SCHEMA_VERSION, cause + MINUTE);
    }

    /** A PROVISIONAL revision (never validated). */
    public static SignalEvent provisional(String symbol, int i) {
        long cause = T0 + i * MINUTE;
        Signal s = new Signal(Signal.idOf(symbol, "1m", "bi", cause - MINUTE, true, "1"), symbol, "1m", "bi",
                cause - MINUTE, true, "1", SignalStatus.PROVISIONAL, 1, "appeared", cause, 100 + i, 99.5, "cafe",
                Signal.UNSCORED, 3, Features.SCHEMA_VERSION);
        return new SignalEvent(s, null, 0, cause + MINUTE);
    }

    public static ClosedTrade trade(String id, String symbol, long closedAt, TradeResult r, double ret) {
        return new ClosedTrade(id, symbol, "1m", List.of("2"), ret, r, closedAt, LocalDate.of(2024, 1, 2), "");
    }

    public static String answer(String verdict, double confidence) {
        return "{\"verdict\":\"" + verdict + "\",\"confidence\":" + confidence + ",\"summary\":\"The price bounced "
                + "where it usually does.\",\"reasons\":[\"Similar setups mostly won\",\"The session is calm\"]}";
    }
}
