package io.chanflow.jobs.io;

import io.chanflow.state.Bar;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads bars from a CSV file with a header naming the columns {@code time,open,high,low,close,volume}
 * (any order, any case; extra columns are ignored). A name ending in {@code .gz} is read as gzip.
 *
 * <p>Every row is validated: the time must parse ({@link BarTime}) and be strictly after the previous
 * row's, prices must be finite numbers with {@code low <= min(open, close, high)} and
 * {@code high >= max(open, close, low)} (chan.py's check). The first problem ends the read with a
 * {@link BarCsvException} naming the file and the 1-based line. Blank lines are skipped.
 *
 * <p>A file may hold several symbols in an optional {@code symbol} column; {@link #readBySymbol}
 * groups its rows by symbol and checks the time order per symbol. Everywhere else the column is
 * ignored like any other extra column.
 *
 * <pre>{@code
 * List<BarCsv.Row> rows = BarCsv.read(Path.of("nvda.csv"));          // whole file
 * try (BarCsv in = BarCsv.open(path)) { for (Row r; (r = in.next()) != null; ) ... }   // streaming
 * }</pre>
 */
public final class BarCsv implements Closeable {

    /** The columns every file must have. */
    public static final List<String> COLUMNS = List.of("time", "open", "high", "low", "close", "volume");

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");

    /**
     * One validated input row.
     *
     * @param line 1-based line number in the file
     * @param time the row's time, with the original string
     * @param bar  the bar (time in epoch milliseconds)
     */
    public record Row(int line, BarTime time, Bar bar) {
        /** The time string exactly as written in the file. */
        public String timeText() {
            return time.text();
        }
    }

    private final String name;
    private final BufferedReader reader;
    private final int[] column = new int[COLUMNS.size()];
    private int width;
    private int lineNo;
    private Row previous;
    /** Index of the optional {@code symbol} column, -1 when absent. */
    private int symbolColumn = -1;
    /** Set by {@link #readBySymbol}: times must increase per symbol, not across the file. */
    private boolean perSymbol;
    private final Map<String, Row> previousBySymbol = new HashMap<>();
    private String symbol;

    private BarCsv(String name, BufferedReader reader) {
        this.name = name;
        this.reader = reader;
    }

    /** Reads and validates the whole file; fails on an empty file or a header without rows. */
    public static List<Row> read(Path file) {
        try (BarCsv in = open(file)) {
            List<Row> rows = new ArrayList<>();
            for (Row r; (r = in.next()) != null; ) {
                rows.add(r);
            }
            if (rows.isEmpty()) {
                throw new BarCsvException(in.name, in.lineNo + 1, "no data rows after the header");
            }
            return rows;
        }
    }

    /**
     * Reads and validates the whole file, grouping rows by the {@code symbol} column (times strictly
     * increasing per symbol); without that column every row goes to {@code fallbackSymbol} and times
     * must increase across the file. Symbols in order of first appearance; fails on a file without rows.
     */
    public static Map<String, List<Row>> readBySymbol(Path file, String fallbackSymbol) {
        try (BarCsv in = open(file)) {
            in.perSymbol = in.symbolColumn >= 0;
            Map<String, List<Row>> out = new LinkedHashMap<>();
            for (Row r; (r = in.next()) != null; ) {
                String sym = in.perSymbol ? in.symbol : fallbackSymbol;
                out.computeIfAbsent(sym, k -> new ArrayList<>()).add(r);
            }
            if (out.isEmpty()) {
                throw new BarCsvException(in.name, in.lineNo + 1, "no data rows after the header");
            }
            return out;
        }
    }

    /** Opens the file and reads its header; rows are then read with {@link #next()}. */
    public static BarCsv open(Path file) {
        String name = file.toString();
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
            if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) {
                raw = new GZIPInputStream(raw, 1 << 16);
            }
        } catch (IOException e) {
            throw new BarCsvException(name, 0, "cannot read: " + describe(e), e);
        }
        BarCsv csv = new BarCsv(name, new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8), 1 << 16));
        try {
            csv.readHeader();
        } catch (RuntimeException e) {
            csv.close();
            throw e;
        }
        return csv;
    }

    /** Opens CSV text from a stream (for callers without a file, e.g. class-path resources); {@code name} is used in messages. */
    public static BarCsv open(String name, InputStream in) {
        BarCsv csv = new BarCsv(name, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16));
        csv.readHeader();
        return csv;
    }

    private void readHeader() {
        String header = nextLine();
        while (header != null && header.isBlank()) {
            header = nextLine();
        }
        if (header == null) {
            throw new BarCsvException(name, Math.max(lineNo, 1), "file is empty (expected a header line "
                    + String.join(",", COLUMNS) + ")");
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        String[] names = split(header);
        width = names.length;
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            index.putIfAbsent(names[i].toLowerCase(Locale.ROOT), i);
        }
        Integer sym = index.get("symbol");
        symbolColumn = sym == null ? -1 : sym;
        List<String> missing = new ArrayList<>();
        for (int c = 0; c < COLUMNS.size(); c++) {
            Integer i = index.get(COLUMNS.get(c));
            if (i == null) {
                missing.add(COLUMNS.get(c));
            } else {
                column[c] = i;
            }
        }
        if (!missing.isEmpty()) {
            throw new BarCsvException(name, lineNo, "header lacks column(s) " + String.join(", ", missing)
                    + " (header: '" + header.trim() + "'; required: " + String.join(",", COLUMNS) + ")");
        }
    }

    /** The next validated row, or {@code null} at the end of the file. */
    public Row next() {
        String line;
        do {
            line = nextLine();
            if (line == null) {
                return null;
            }
        } while (line.isBlank());
        String[] f = split(line);
        if (f.length < width) {
            throw new BarCsvException(name, lineNo, "expected " + width + " comma-separated fields as in the header, found "
                    + f.length);
        }
        BarTime time;
        try {
            time = BarTime.parse(f[column[0]]);
        } catch (IllegalArgumentException e) {
            throw new BarCsvException(name, lineNo, e.getMessage());
        }
        double open = number(f, 1);
        double high = number(f, 2);
        double low = number(f, 3);
        double close = number(f, 4);
        double volume = number(f, 5);
        Row before = previous;
        if (perSymbol) {
            symbol = f[symbolColumn];
            if (symbol.isEmpty()) {
                throw new BarCsvException(name, lineNo, "symbol is empty");
            }
            before = previousBySymbol.get(symbol);
        }
        if (before != null && time.epochMillis() <= before.time().epochMillis()) {
            throw new BarCsvException(name, lineNo, "time " + time.text() + " is not after the previous row's time "
                    + before.timeText() + " (line " + before.line() + ")" + (perSymbol ? " of " + symbol : "")
                    + "; times must be strictly increasing");
        }
        if (high < low) {
            throw new BarCsvException(name, lineNo, "high " + f[column[2]].trim() + " is below low " + f[column[3]].trim());
        }
        Bar bar;
        try {
            bar = new Bar(time.epochMillis(), open, high, low, close, volume);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            int colon = msg == null ? -1 : msg.indexOf(": ");
            throw new BarCsvException(name, lineNo, "invalid bar: " + (colon >= 0 ? msg.substring(colon + 2) : msg));
        }
        previous = new Row(lineNo, time, bar);
        if (perSymbol) {
            previousBySymbol.put(symbol, previous);
        }
        return previous;
    }

    private double number(String[] f, int c) {
        String s = f[column[c]].trim();
        String col = COLUMNS.get(c);
        if (s.isEmpty()) {
            throw new BarCsvException(name, lineNo, col + " is empty");
        }
        if (!DECIMAL.matcher(s).matches()) {
            String l = s.toLowerCase(Locale.ROOT).replaceFirst("^[+-]", "");
            if (l.equals("nan") || l.startsWith("inf")) {
                throw new BarCsvException(name, lineNo, col + " '" + s + "' is not a finite number");
            }
            throw new BarCsvException(name, lineNo, col + " '" + s + "' is not a number");
        }
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) {
            throw new BarCsvException(name, lineNo, col + " '" + s + "' is not a finite number");
        }
        return v;
    }

    private String nextLine() {
        try {
            String l = reader.readLine();
            if (l != null) {
                lineNo++;
            }
            return l;
        } catch (IOException e) {
            throw new BarCsvException(name, lineNo + 1, "cannot read: " + describe(e), e);
        }
    }

    private static String[] split(String line) {
        String[] f = line.split(",", -1);
        for (int i = 0; i < f.length; i++) {
            String s = f[i].trim();
            if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
                s = s.substring(1, s.length() - 1).trim();
            }
            f[i] = s;
        }
        return f;
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** The file name used in messages. */
    public String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
