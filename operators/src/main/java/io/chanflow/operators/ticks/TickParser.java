package io.chanflow.operators.ticks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.chanflow.state.feed.CalendarRules;
import io.chanflow.state.feed.Reject;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Reads one raw tick: a JSON object {@code {"symbol","ts","price","size"}} (plus optional fields,
 * among them {@code id}) or a CSV line {@code time,symbol,price,size}. Stateless; every failure is
 * a {@link DeadLetter} with a {@link Reject} reason, never an exception.
 *
 * <p>{@code ts}: epoch milliseconds (number or digit string) or ISO-8601 with an offset or
 * {@code Z}. {@code price}/{@code size}: JSON numbers or numeric strings; {@code NaN} and
 * {@code Infinity} are recognised so that they get their own reasons.
 */
public final class TickParser {
    /** 1970-01-01 .. 2200-01-01 in epoch ms: outside is garbage or a unit mix-up. */
    static final long MAX_TS = 7_258_118_400_000L;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final int maxPayloadBytes;

    public TickParser(int maxPayloadBytes) {
        if (maxPayloadBytes < 64) {
            throw new IllegalArgumentException("max-payload-bytes must be >= 64, got " + maxPayloadBytes);
        }
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The outcome: exactly one of {@code tick} and {@code dead} is non-null; both null for a CSV header. */
    public record Result(ParsedTick tick, DeadLetter dead) {
        static final Result SKIP = new Result(null, null);
    }

    public Result parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return dead(Reject.EMPTY, "empty payload", null, -1, raw == null ? "" : raw);
        }
        if (raw.length() > maxPayloadBytes / 4 && raw.getBytes(StandardCharsets.UTF_8).length > maxPayloadBytes) {
            return dead(Reject.TOO_LARGE, "payload larger than " + maxPayloadBytes + " bytes", null, -1,
                    raw.substring(0, Math.min(raw.length(), 1024)));
        }
        String s = raw.strip();
        return s.charAt(0) == '{' || s.charAt(0) == '[' ? parseJson(raw) : parseCsv(raw, s);
    }

    private Result parseJson(String raw) {
        JsonNode n;
        try (JsonParser p = JSON.createParser(raw)) {
            n = JSON.readTree(p);
            if (p.nextToken() != null) {
                return dead(Reject.MALFORMED, "trailing content after the JSON value", null, -1, raw);
            }
        } catch (Exception e) {
            return dead(Reject.MALFORMED, "not JSON: " + firstLine(e.getMessage()), null, -1, raw);
        }
        if (n == null || !n.isObject()) {
            return dead(Reject.NOT_AN_OBJECT, "a tick must be a JSON object", null, -1, raw);
        }
        JsonNode sym = n.get("symbol");
        if (sym == null || sym.isNull()) {
            return dead(Reject.MISSING_SYMBOL, "field 'symbol' is missing", null, -1, raw);
        }
        if (!sym.isTextual() || !CalendarRules.SYMBOL.matcher(sym.asText()).matches()) {
            return dead(Reject.BAD_SYMBOL, "symbol " + sym + " does not match " + CalendarRules.SYMBOL.pattern(),
                    null, -1, raw);
        }
        String symbol = sym.asText();
        JsonNode ts = n.get("ts");
        if (ts == null || ts.isNull()) {
            return dead(Reject.MISSING_TS, "field 'ts' is missing", symbol, -1, raw);
        }
        JsonNode price = n.get("price");
        if (price == null || price.isNull()) {
            return dead(Reject.MISSING_PRICE, "field 'price' is missing", symbol, -1, raw);
        }
        JsonNode size = n.get("size");
        if (size == null || size.isNull()) {
            return dead(Reject.MISSING_SIZE, "field 'size' is missing", symbol, -1, raw);
        }
        String tsText = ts.isNumber() ? (ts.isIntegralNumber() ? ts.asText() : "bad") : ts.isTextual() ? ts.asText() : "bad";
        JsonNode id = n.get("id");
        long idHash = id == null || id.isNull() ? 0 : idHash(id.isNumber() ? id.asText() : id.asText());
        return build(symbol, tsText, numberText(price), numberText(size), idHash, raw);
    }

    private static String numberText(JsonNode v) {
        return v.isNumber() || v.isTextual() ? v.asText() : "bad";
    }

    private Result parseCsv(String raw, String s) {
        if (s.regionMatches(true, 0, "time,", 0, 5)) {
            return Result.SKIP;
        }
        String[] p = s.split(",", -1);
        if (p.length != 4) {
            return dead(Reject.BAD_COLUMNS, "expected 4 columns time,symbol,price,size, got " + p.length, null, -1, raw);
        }
        String symbol = p[1].strip();
        if (symbol.isEmpty()) {
            return dead(Reject.MISSING_SYMBOL, "column 'symbol' is empty", null, -1, raw);
        }
        if (!CalendarRules.SYMBOL.matcher(symbol).matches()) {
            return dead(Reject.BAD_SYMBOL, "symbol '" + symbol + "' does not match " + CalendarRules.SYMBOL.pattern(),
                    null, -1, raw);
        }
        if (p[0].isBlank()) {
            return dead(Reject.MISSING_TS, "column 'time' is empty", symbol, -1, raw);
        }
        if (p[2].isBlank()) {
            return dead(Reject.MISSING_PRICE, "column 'price' is empty", symbol, -1, raw);
        }
        if (p[3].isBlank()) {
            return dead(Reject.MISSING_SIZE, "column 'size' is empty", symbol, -1, raw);
        }
        return build(symbol, p[0].strip(), p[2].strip(), p[3].strip(), 0, raw);
    }

    private Result build(String symbol, String tsText, String priceText, String sizeText, long id, String raw) {
        long ts;
        try {
            ts = parseTime(tsText);
        } catch (RuntimeException e) {
            return dead(Reject.BAD_TS, "ts '" + tsText + "' is neither epoch ms nor ISO-8601 with an offset", symbol, -1, raw);
        }
        if (ts <= 0 || ts >= MAX_TS) {
            return dead(Reject.TS_OUT_OF_RANGE, "ts " + ts + " ms is outside 1970..2200", symbol, -1, raw);
        }
        double price;
        try {
            price = Double.parseDouble(priceText);
        } catch (NumberFormatException e) {
            return dead(Reject.BAD_PRICE, "price '" + priceText + "' is not a number", symbol, ts, raw);
        }
        if (Double.isNaN(price)) {
            return dead(Reject.PRICE_NAN, "price is NaN", symbol, ts, raw);
        }
        if (Double.isInfinite(price)) {
            return dead(Reject.PRICE_INFINITE, "price is infinite", symbol, ts, raw);
        }
        if (price <= 0) {
            return dead(Reject.PRICE_NOT_POSITIVE, "price " + price + " is not > 0", symbol, ts, raw);
        }
        double size;
        try {
            size = Double.parseDouble(sizeText);
        } catch (NumberFormatException e) {
            return dead(Reject.BAD_SIZE, "size '" + sizeText + "' is not a number", symbol, ts, raw);
        }
        if (!Double.isFinite(size)) {
            return dead(Reject.BAD_SIZE, "size is " + size, symbol, ts, raw);
        }
        if (size < 0) {
            return dead(Reject.SIZE_NEGATIVE, "size " + size + " is negative", symbol, ts, raw);
        }
        return new Result(new ParsedTick(symbol, ts, price, size, id, raw), null);
    }

    /** Epoch ms (digits) or ISO-8601 with offset/Z, e.g. {@code 2013-10-07T13:30:00.464Z}. */
    public static long parseTime(String t) {
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            if (t.length() > 15) {
                throw new NumberFormatException("too many digits");
            }
            return Long.parseLong(t);
        }
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** FNV-1a 64 of the id's text; never 0 (0 means "no id"). */
    static long idHash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "parse error";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static Result dead(Reject r, String detail, String symbol, long ts, String raw) {
        return new Result(null, new DeadLetter(r, detail, symbol, ts, raw));
    }
}
