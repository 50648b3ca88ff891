package io.chanflow.operators.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.chanflow.operators.ticks.DeadLetter;
import io.chanflow.state.ChanEvent;
import io.chanflow.state.outcome.TradeOutcome;
import io.chanflow.state.signals.Signal;
import io.chanflow.state.signals.Structure;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The JSON written to the {@code signals}, {@code structures}, {@code dead-letters} and
 * {@code trade-outcomes} topics
 * (schemas in {@code docs/schemas/}). Field order is fixed, so equal records give equal bytes.
 * Times are epoch milliseconds plus an ISO-8601 UTC copy for people.
 */
public final class RecordJson {
    private static final JsonFactory F = new JsonFactory();

    private RecordJson() {
    }

    /** The fields of one JSON object, written in a fixed order. */
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** One JSON object with {@code b}'s fields, as a string (every topic's record format goes through here). */
    public static String json(Body b) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = F.createGenerator(w)) {
            g.writeStartObject();
            b.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** An event time as two fields: {@code name} in epoch ms and {@code name_iso}. */
    public static void time(JsonGenerator g, String name, long ms) throws IOException {
        g.writeNumberField(name, ms);
        g.writeStringField(name + "_iso", Instant.ofEpochMilli(ms).toString());
    }

    /** A number field, or null when {@code v} is NaN (not scored, no answer). */
    public static void numberOrNull(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }

    /** The fields that name a signal revision: id, symbol, level, scope, point time, side, type, status, revision. */
    public static void signalIdentity(JsonGenerator g, Signal s) throws IOException {
        g.writeStringField("id", s.id());
        g.writeStringField("symbol", s.symbol());
        g.writeStringField("level", s.level());
        g.writeStringField("scope", s.scope());
        time(g, "point_time", s.pointTime());
        g.writeStringField("side", s.buy() ? "BUY" : "SELL");
        g.writeStringField("type", s.type());
        g.writeStringField("status", s.status().name());
        g.writeNumberField("revision", s.revision());
    }

    public static String signal(Signal s) {
        return json(g -> {
            signalIdentity(g, s);
            g.writeStringField("reason", s.reason());
            time(g, "cause_bar_time", s.causeTime());
            g.writeNumberField("cause_bar", s.causeBar());
            g.writeNumberField("price", s.price());
            g.writeStringField("config_hash", s.configHash());
            numberOrNull(g, "score", s.score()); // NaN: not scored
            g.writeNumberField("model_version", s.modelVersion());
            g.writeNumberField("feature_schema_version", s.featureSchemaVersion());
        });
    }

    public static String outcome(TradeOutcome o) {
        return json(g -> {
            g.writeStringField("signal_id", o.signalId());
            g.writeStringField("symbol", o.symbol());
            g.writeStringField("level", o.level());
            g.writeStringField("scope", o.scope());
            time(g, "point_time", o.pointTime());
            g.writeStringField("side", o.buy() ? "BUY" : "SELL");
            g.writeArrayFieldStart("types");
            for (String t : o.types()) {
                g.writeString(t);
            }
            g.writeEndArray();
            time(g, "entry_time", o.entryTime());
            g.writeNumberField("entry_price", o.entryPrice());
            g.writeNumberField("stop_price", o.stopPrice());
            g.writeNumberField("target_price", o.targetPrice());
            time(g, "exit_time", o.exitTime());
            g.writeNumberField("exit_price", o.exitPrice());
            g.writeNumberField("return_pct", o.returnPct());
            g.writeNumberField("mfe_pct", o.mfePct());
            g.writeNumberField("mae_pct", o.maePct());
            g.writeNumberField("bars_held", o.barsHeld());
            g.writeStringField("result", o.result().name());
            g.writeStringField("exit_reason", o.exitReason().name());
        });
    }

    public static String structure(Structure st) {
        return json(g -> {
            ChanEvent e = st.event();
            g.writeStringField("symbol", st.symbol());
            g.writeStringField("level", st.level());
            if (e instanceof ChanEvent.LineEvent le) {
                g.writeStringField("kind", le.level().name().toLowerCase());
                g.writeStringField("change", le.change().name());
                ChanEvent.Line l = le.line();
                g.writeNumberField("idx", l.idx());
                g.writeStringField("dir", l.up() ? "up" : "down");
                time(g, "begin_time", l.beginTime());
                time(g, "end_time", l.endTime());
                g.writeNumberField("begin_bar", l.beginBar());
                g.writeNumberField("end_bar", l.endBar());
                g.writeNumberField("begin_price", l.beginPrice());
                g.writeNumberField("end_price", l.endPrice());
                g.writeBooleanField("sure", l.sure());
            } else if (e instanceof ChanEvent.PivotEvent pe) {
                g.writeStringField("kind", pe.level() == ChanEvent.PivotLevel.BI ? "zs" : "segzs");
                g.writeStringField("change", pe.change().name());
                ChanEvent.Pivot p = pe.pivot();
                g.writeNumberField("idx", p.idx());
                time(g, "begin_time", p.beginTime());
                time(g, "end_time", p.endTime());
                g.writeNumberField("begin_bar", p.beginBar());
                g.writeNumberField("end_bar", p.endBar());
                g.writeNumberField("low", p.low());
                g.writeNumberField("high", p.high());
                g.writeNumberField("peak_low", p.peakLow());
                g.writeNumberField("peak_high", p.peakHigh());
                g.writeNumberField("begin_line", p.beginLine());
                g.writeNumberField("end_line", p.endLine());
                g.writeBooleanField("sure", p.sure());
            }
            time(g, "cause_bar_time", e.causeTime());
            g.writeNumberField("cause_bar", e.causeBar());
        });
    }

    public static String deadLetter(DeadLetter d) {
        return json(g -> {
            g.writeStringField("reason", d.reason().name());
            g.writeStringField("detail", d.detail());
            if (d.symbol() != null) {
                g.writeStringField("symbol", d.symbol());
            }
            if (d.eventTime() >= 0) {
                time(g, "ts", d.eventTime());
            }
            g.writeStringField("raw", d.raw());
        });
    }
}
