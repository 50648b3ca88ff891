package io.chanflow.jobs.evaluate;

import io.chanflow.jobs.SharedData;
import io.chanflow.jobs.io.BarCsv;
import io.chanflow.jobs.io.BarCsvException;
import io.chanflow.state.Bar;
import io.chanflow.state.bars.BarLevel;
import io.chanflow.state.feed.CalendarRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code evaluate} reads: levels inferred from real files, ticks made into 1m bars, files with a symbol column. */
class EvaluateInputsTest {

    @TempDir
    Path dir;

    private static List<Bar> bars(String rel) {
        return BarCsv.read(SharedData.real(rel)).stream().map(BarCsv.Row::bar).toList();
    }

    @Test
    void shouldInferTheLevelOfRealFilesFromTheirMedianBarSpacing() {
        assertThat(LevelGuess.infer(bars("chenc319-silverlight/SPY_daily.norm.csv"))).isEqualTo(BarLevel.DAY);
        assertThat(LevelGuess.infer(bars("chenc319-silverlight/derived/SPY_week.norm.csv"))).isEqualTo(BarLevel.WEEK);
        assertThat(LevelGuess.infer(bars("quantconnect-lean/SPY_60m_19980102_20210331.norm.csv")))
                .isEqualTo(BarLevel.M60);
        // extended hours with gaps between sparse pre-market prints: the median is still one minute
        assertThat(LevelGuess.infer(bars("quantconnect-lean/SPY_1m_20131004_20131011.norm.csv"))).isEqualTo(BarLevel.M1);
    }

    @Test
    void shouldNotGuessASpacingThatFitsNoLevel() {
        List<Bar> twoHours = List.of(new Bar(0, 1, 1, 1, 1, 1), new Bar(7_200_000, 1, 1, 1, 1, 1),
                new Bar(14_400_000, 1, 1, 1, 1, 1));
        assertThat(LevelGuess.infer(twoHours)).isNull();
        assertThat(LevelGuess.describe(LevelGuess.medianSpacing(twoHours))).isEqualTo("2.0 h");
        assertThat(LevelGuess.infer(List.of(new Bar(0, 1, 1, 1, 1, 1)))).isNull();
    }

    @Test
    void shouldMakeRealIbmTicksIntoTheSame1mBarsAsANaiveReducerOfRegularHoursTicks() throws IOException {
        Path file = SharedData.real("quantconnect-lean/IBM_trades_20131007_20131011.norm.csv.gz");
        List<TickBars.Result> results = TickBars.read(file, CalendarRules.defaults());
        assertThat(results).hasSize(1);
        TickBars.Result ibm = results.get(0);
        assertThat(ibm.symbol()).isEqualTo("IBM");

        // independent: every tick from 09:30 to 16:00 New York time, grouped by its minute
        ZoneId ny = ZoneId.of("America/New_York");
        Map<Long, double[]> minutes = new TreeMap<>();
        long ticks = 0;
        long outside = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(",");
                long ts = Instant.parse(f[0]).toEpochMilli();
                double p = Double.parseDouble(f[2]);
                double size = Double.parseDouble(f[3]);
                ticks++;
                LocalTime local = ZonedDateTime.ofInstant(Instant.ofEpochMilli(ts), ny).toLocalTime();
                if (local.isBefore(LocalTime.of(9, 30)) || !local.isBefore(LocalTime.of(16, 0))) {
                    outside++;
                    continue;
                }
                long minute = ts - Math.floorMod(ts, 60_000L);
                double[] m = minutes.get(minute);
                if (m == null) {
                    minutes.put(minute, new double[] {p, p, p, p, size});
                } else {
                    m[1] = Math.max(m[1], p);
                    m[2] = Math.min(m[2], p);
                    m[3] = p;
                    m[4] += size;
                }
            }
        }
        List<Bar> expected = new ArrayList<>();
        minutes.forEach((t, m) -> expected.add(new Bar(t, m[0], m[1], m[2], m[3], m[4])));
        assertThat(ibm.ticks()).isEqualTo(ticks);
        assertThat(ibm.outsideSession()).isEqualTo(outside).isPositive();
        assertThat(expected).hasSizeGreaterThan(1_900); // 5 sessions of 390 minutes
        assertThat(ibm.bars()).isEqualTo(expected);
    }

    @Test
    void shouldNameFileAndLineOfABadTick() throws IOException {
        Path f = dir.resolve("ticks.csv");
        Files.writeString(f, "time,symbol,price,size\n2013-10-07T13:30:00Z,IBM,180.1,100\n"
                + "2013-10-07T13:30:01Z,IBM,abc,100\n");
        assertThatThrownBy(() -> TickBars.read(f, CalendarRules.defaults())).isInstanceOf(BarCsvException.class)
                .hasMessageStartingWith(f + ":3:");
        Files.writeString(f, "time,symbol,price,size\n2013-10-07T13:30:05Z,IBM,180.1,100\n"
                + "2013-10-07T13:30:01Z,IBM,180.2,100\n");
        assertThatThrownBy(() -> TickBars.read(f, CalendarRules.defaults())).hasMessageStartingWith(f + ":3:")
                .hasMessageContaining("time order");
        Files.writeString(f, "time,symbol,price,size\n2013-10-07T13:30:05Z,weird,180.1,100\n");
        assertThatThrownBy(() -> TickBars.read(f, CalendarRules.defaults())).hasMessageContaining(
                "no trading calendar for symbol weird");
    }

    @Test
    void shouldSplitTheRealLongFormatSectorFileIntoOneSeriesPerSymbol() {
        Map<String, List<BarCsv.Row>> bySymbol = BarCsv.readBySymbol(
                SharedData.real("chenc319-silverlight/SPY_and_sectors_daily_adjusted_long.csv"), "unused");
        assertThat(bySymbol.keySet()).hasSize(12).contains("SPY", "XLK", "XLRE", "XLC");
        for (String s : List.of("SPY", "XLK", "XLC")) {
            List<BarCsv.Row> own = BarCsv.read(SharedData.real("chenc319-silverlight/" + s + "_daily.norm.csv"));
            List<BarCsv.Row> split = bySymbol.get(s);
            assertThat(split).as(s).hasSameSizeAs(own);
            assertThat(split.get(0).timeText()).isEqualTo(own.get(0).timeText());
            assertThat(split.get(split.size() - 1).timeText()).isEqualTo(own.get(own.size() - 1).timeText());
        }
    }

    @Test
    void shouldCheckTheTimeOrderPerSymbolAndKeepTheWholeFileOrderWithoutASymbolColumn() throws IOException {
        Path f = dir.resolve("two.csv");
        Files.writeString(f, "time,symbol,open,high,low,close,volume\n2024-01-02,A,1,1,1,1,1\n2024-01-02,B,1,1,1,1,1\n"
                + "2024-01-03,A,1,1,1,1,1\n2024-01-03,A,1,1,1,1,1\n");
        assertThatThrownBy(() -> BarCsv.readBySymbol(f, "X")).hasMessageStartingWith(f + ":5:")
                .hasMessageContaining("of A");
        Path g = dir.resolve("plain.csv");
        Files.writeString(g, "time,open,high,low,close,volume\n2024-01-02,1,1,1,1,1\n2024-01-03,1,1,1,1,1\n");
        assertThat(BarCsv.readBySymbol(g, "PLAIN")).containsOnlyKeys("PLAIN");
        // elsewhere a symbol column is just another column: rows of two symbols at one time are out of order
        assertThatThrownBy(() -> BarCsv.read(f)).hasMessageStartingWith(f + ":3:");
    }
}
