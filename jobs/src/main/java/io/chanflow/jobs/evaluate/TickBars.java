package io.chanflow.jobs.evaluate;

import io.chanflow.jobs.io.BarCsvException;
import io.chanflow.jobs.io.BarTime;
import io.chanflow.state.Bar;
import io.chanflow.state.bars.BarAggregator;
import io.chanflow.state.bars.BarLevel;
import io.chanflow.state.bars.Tick;
import io.chanflow.state.bars.TradingCalendar;
import io.chanflow.state.feed.CalendarRules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Turns a tick file ({@code time,symbol,price,size}, plain or .gz) into 1m bars per symbol with
 * the signal job's {@link BarAggregator}, on each symbol's calendar from {@link CalendarRules}.
 *
 * <p>Kept simple: ticks must come in non-decreasing time per symbol; the watermark of a symbol is
 * its latest tick time, so a minute closes as soon as a tick of a later minute arrives; ticks
 * outside the calendar's sessions are dropped and counted. No price-jump or duplicate filter (the
 * live job's {@code SymbolFeed} has those). A malformed line ends the read with a
 * {@link BarCsvException} naming the file and the line.
 */
public final class TickBars {

    /** The 1m bars of one symbol and what was dropped. */
    public record Result(String symbol, List<Bar> bars, long ticks, long outsideSession) { }

    private static final List<String> COLUMNS = List.of("time", "symbol", "price", "size");

    private TickBars() {
    }

    /** One result per symbol, in order of first appearance. */
    public static List<Result> read(Path file, CalendarRules calendars) {
        String name = file.toString();
        Map<String, Acc> bySymbol = new LinkedHashMap<>();
        int lineNo = 0;
        try (BufferedReader r = open(file)) {
            String header = r.readLine();
            lineNo++;
            if (header == null) {
                throw new BarCsvException(name, 1, "file is empty (expected a header line time,symbol,price,size)");
            }
            if (header.startsWith("\uFEFF")) {
                header = header.substring(1);
            }
            Map<String, Integer> index = new HashMap<>();
            String[] names = header.split(",", -1);
            for (int i = 0; i < names.length; i++) {
                index.putIfAbsent(names[i].trim().toLowerCase(Locale.ROOT), i);
            }
            int[] col = new int[COLUMNS.size()];
            for (int c = 0; c < col.length; c++) {
                Integer i = index.get(COLUMNS.get(c));
                if (i == null) {
                    throw new BarCsvException(name, 1, "header lacks column " + COLUMNS.get(c) + " (header: '"
                            + header.trim() + "'; required: time,symbol,price,size)");
                }
                col[c] = i;
            }
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length < names.length) {
                    throw new BarCsvException(name, lineNo, "expected " + names.length + " fields as in the header, found "
                            + f.length);
                }
                String symbol = f[col[1]].trim();
                long ts;
                double price;
                double size;
                try {
                    ts = BarTime.parse(f[col[0]]).epochMillis();
                    price = Double.parseDouble(f[col[2]].trim());
                    size = Double.parseDouble(f[col[3]].trim());
                } catch (IllegalArgumentException e) {
                    throw new BarCsvException(name, lineNo, e.getMessage());
                }
                Acc acc = bySymbol.get(symbol);
                if (acc == null) {
                    if (!CalendarRules.SYMBOL.matcher(symbol).matches()) {
                        throw new BarCsvException(name, lineNo, "symbol '" + symbol + "' does not match "
                                + CalendarRules.SYMBOL.pattern());
                    }
                    TradingCalendar cal = calendars.calendarOf(symbol);
                    if (cal == null) {
                        throw new BarCsvException(name, lineNo, "no trading calendar for symbol " + symbol
                                + " (give --calendar REGEX=CALENDAR)");
                    }
                    acc = new Acc(symbol, cal);
                    bySymbol.put(symbol, acc);
                }
                try {
                    acc.add(new Tick(symbol, ts, price, size));
                } catch (IllegalArgumentException e) {
                    throw new BarCsvException(name, lineNo, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new BarCsvException(name, lineNo + 1, "cannot read: " + e.getMessage(), e);
        }
        if (bySymbol.isEmpty()) {
            throw new BarCsvException(name, lineNo + 1, "no ticks after the header");
        }
        List<Result> out = new ArrayList<>();
        for (Acc a : bySymbol.values()) {
            a.close(Long.MAX_VALUE);
            out.add(new Result(a.symbol, List.copyOf(a.bars), a.ticks, a.outside));
        }
        return out;
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** One symbol's aggregator and its closed 1m bars. */
    private static final class Acc {
        final String symbol;
        final TradingCalendar calendar;
        final BarAggregator aggregator;
        final List<Bar> bars = new ArrayList<>();
        long last = Long.MIN_VALUE;
        long ticks;
        long outside;

        Acc(String symbol, TradingCalendar calendar) {
            this.symbol = symbol;
            this.calendar = calendar;
            this.aggregator = new BarAggregator(calendar);
        }

        void add(Tick t) {
            if (t.ts() < last) {
                throw new IllegalArgumentException("tick time " + t.ts() + " ms is before the previous " + symbol
                        + " tick's " + last + " ms; ticks must come in time order per symbol");
            }
            last = t.ts();
            ticks++;
            close(t.ts());
            if (!calendar.inSession(t.ts())) {
                outside++;
                return;
            }
            aggregator.onTick(t);
        }

        void close(long watermark) {
            for (BarAggregator.ClosedBar b : aggregator.onWatermark(watermark)) {
                if (b.level() == BarLevel.M1) {
                    bars.add(b.toBar());
                }
            }
        }
    }
}
