package io.chanflow.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Test helper: locates ../shared and reads bar CSVs (time,open,high,low,close,volume). */
public final class TestData {
    private TestData() {
    }

    public static Path shared() {
        String p = System.getProperty("chanflow.shared");
        List<Path> cands = new ArrayList<>();
        if (p != null) {
            cands.add(Path.of(p));
        }
        cands.add(Path.of("../shared"));
        cands.add(Path.of("../../shared"));
        for (Path c : cands) {
            if (Files.isDirectory(c.resolve("golden"))) {
                return c.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("../shared (golden references and real data) not found; tried " + cands
                + " — it must sit beside the checkout");
    }

    public static Path real(String rel) {
        Path f = shared().resolve("data/real").resolve(rel);
        if (!Files.exists(f)) {
            throw new IllegalStateException("missing real data file " + f);
        }
        return f;
    }

    public record Row(String time, Bar bar) { }

    public static List<Row> readBars(Path f) throws IOException {
        List<Row> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                f.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(f)) : Files.newInputStream(f),
                StandardCharsets.UTF_8))) {
            String header = r.readLine();
            String[] h = header.split(",");
            int it = -1, io = -1, ih = -1, il = -1, ic = -1, iv = -1;
            for (int i = 0; i < h.length; i++) {
                switch (h[i].trim().toLowerCase()) {
                    case "time": case "date": case "datetime": it = i; break;
                    case "open": io = i; break;
                    case "high": ih = i; break;
                    case "low": il = i; break;
                    case "close": ic = i; break;
                    case "volume": iv = i; break;
                    default: break;
                }
            }
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] p = line.split(",");
                String t = p[it].trim();
                out.add(new Row(t, new Bar(parseTime(t), Double.parseDouble(p[io]), Double.parseDouble(p[ih]),
                        Double.parseDouble(p[il]), Double.parseDouble(p[ic]), iv >= 0 && iv < p.length ? Double.parseDouble(p[iv]) : 0)));
            }
        }
        return out;
    }

    static long parseTime(String t) {
        if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if (t.matches("-?\\d{9,}")) {
            return Long.parseLong(t);
        }
        String s = t.replace(' ', 'T');
        if (s.endsWith("Z") || s.matches(".*[+-]\\d{2}:\\d{2}$")) {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        }
        return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }
}
