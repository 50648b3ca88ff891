package io.chanflow.state.outcome;

import io.chanflow.state.Bar;
import io.chanflow.state.BspType;
import io.chanflow.state.ChanEngine;
import io.chanflow.state.ChanEvent;
import io.chanflow.state.ChanState;
import io.chanflow.state.signals.LevelChan;
import io.chanflow.state.signals.Signal;
import io.chanflow.state.signals.SignalStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FeaturesTest {
    private static final String DAILY = "quantconnect-lean/SPY_daily.norm.csv";

    @Test
    void shouldListTheSameNamesInTheSameOrderAsTheDocumentedTable() throws Exception {
        Path doc = Path.of("../docs/features.md");
        if (!Files.exists(doc)) {
            doc = Path.of("docs/features.md");
        }
        Pattern row = Pattern.compile("^\\| (\\d+) \\| (\\w+) \\|");
        List<String> documented = new ArrayList<>();
        for (String line : Files.readAllLines(doc)) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                assertThat(Integer.parseInt(m.group(1))).isEqualTo(documented.size());
                documented.add(m.group(2));
            }
        }
        assertThat(documented).isEqualTo(Features.NAMES);
        assertThat(new HashSet<>(Features.NAMES)).hasSize(Features.NAMES.size());
        assertThat(Features.SCHEMA_VERSION).isEqualTo(1);
        assertThat(Features.NAMES).hasSize(30);
    }

    @Test
    void shouldPublishThePointsTheEventsDescribe() throws Exception {
        // the read-only point view equals the set built from the engine's own add/remove events
        ChanEngine engine = new ChanEngine(TwoLevelRun.CONFIG);
        ChanState st = engine.newState();
        Map<String, Set<BspType>> live = new TreeMap<>();
        int checked = 0;
        for (Bar b : TwoLevelRun.bars(DAILY)) {
            for (ChanEvent e : engine.step(st, b).events()) {
                if (e instanceof ChanEvent.BspEvent p) {
                    String k = p.level() + "/" + p.time() + "/" + p.isBuy() + "/" + p.bar();
                    if (p.added()) {
                        live.computeIfAbsent(k, x -> EnumSet.noneOf(BspType.class)).add(p.type());
                    } else {
                        live.get(k).remove(p.type());
                        if (live.get(k).isEmpty()) {
                            live.remove(k);
                        }
                    }
                }
            }
            Map<String, Set<BspType>> view = new TreeMap<>();
            Map<ChanEvent.BspLevel, Integer> oldest = new HashMap<>();
            for (ChanState.PointView p : st.points()) {
                view.put(p.level() + "/" + p.time() + "/" + p.buy() + "/" + p.bar(), p.types());
                oldest.merge(p.level(), p.bar(), Math::min);
                long bt = st.barTime(p.bar());
                assertThat(bt).isIn(p.time(), Long.MIN_VALUE); // MIN_VALUE: the bar itself was pruned
            }
            // pruning drops old points silently (they can no longer change): only those may be missing
            for (String k : new ArrayList<>(live.keySet())) {
                if (!view.containsKey(k)) {
                    String[] f = k.split("/");
                    Integer o = oldest.get(ChanEvent.BspLevel.valueOf(f[0]));
                    assertThat(o).as("point %s vanished without an event", k).isNotNull();
                    assertThat(Integer.parseInt(f[3])).as("point %s vanished without an event", k).isLessThan(o);
                    live.remove(k);
                }
            }
            assertThat(view).isEqualTo(live);
            checked += view.size();
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    @Test
    void shouldDescribeEachConfirmedPointAsTheEngineAndItsBarShowIt() throws Exception {
        List<Bar> daily = TwoLevelRun.bars(DAILY);
        LevelChan lc = LevelChan.create("SPY", "day", TwoLevelRun.CONFIG);
        IndicatorWindow w = new IndicatorWindow();
        int checked = 0;
        int withDivergence = 0;
        for (Bar b : daily) {
            LevelChan.Output out = lc.onBar(b);
            w.push(b);
            for (Signal s : out.signals()) {
                if (s.status() != SignalStatus.CONFIRMED) {
                    continue;
                }
                FeatureVector f = Features.compute(s, b, lc.state(), w, HigherLevelView.NONE);
                ChanState.PointView p = lc.state().point(
                        s.scope().equals("seg") ? ChanEvent.BspLevel.SEG : ChanEvent.BspLevel.BI, s.pointTime(), s.buy());
                for (BspType t : BspType.values()) {
                    assertThat(f.get("type_" + t.label())).isEqualTo(p.types().contains(t) ? 1.0 : 0.0);
                }
                assertThat(f.get("type_" + s.type())).isEqualTo(1);
                assertThat(f.get("is_buy")).isEqualTo(s.buy() ? 1 : 0);
                assertThat(f.get("scope_seg")).isEqualTo(s.scope().equals("seg") ? 1 : 0);
                assertThat(f.get("level")).isEqualTo(5);
                assertThat(f.get("confirm_lag_bars")).isEqualTo(s.causeBar() - p.bar());
                double risk = (s.buy() ? b.close() - s.price() : s.price() - b.close()) / b.close() * 100;
                assertThat(f.get("risk_pct")).isCloseTo(risk, within(1e-12));
                assertThat(f.get("higher_dir")).isZero();
                assertThat(f.get("nested")).isZero();
                List<ChanEvent.Line> strokes = lc.state().lines(ChanEvent.LineLevel.BI);
                ChanEvent.Line last = strokes.get(strokes.size() - 1);
                assertThat(f.get("stroke_dir")).isEqualTo(last.up() ? 1 : -1);
                assertThat(f.get("stroke_bars")).isEqualTo(last.endBar() - last.beginBar());
                assertThat(f.get("window_bars")).isEqualTo(w.size());
                if (f.get("has_divergence") == 1) {
                    withDivergence++;
                    assertThat(Math.abs(f.get("divergence"))).isLessThanOrEqualTo(10);
                }
                if (f.get("type_1") == 1 && s.scope().equals("bi")) {
                    // a type-1 point always went through the divergence check
                    assertThat(f.get("has_divergence")).isEqualTo(1);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(200);
        assertThat(withDivergence).isGreaterThan(20);
    }

    @Test
    void shouldRefuseToComputeOnABarTheEngineHasNotJustSeen() throws Exception {
        List<Bar> daily = TwoLevelRun.bars(DAILY).subList(0, 400);
        LevelChan lc = LevelChan.create("SPY", "day", TwoLevelRun.CONFIG);
        IndicatorWindow w = new IndicatorWindow();
        Signal confirmed = null;
        Bar at = null;
        for (Bar b : daily) {
            LevelChan.Output out = lc.onBar(b);
            w.push(b);
            for (Signal s : out.signals()) {
                if (confirmed == null && s.status() == SignalStatus.CONFIRMED) {
                    confirmed = s;
                    at = b;
                }
            }
        }
        Signal s = confirmed;
        Bar b = at;
        assertThat(s).isNotNull();
        assertThatThrownBy(() -> Features.compute(s, b, lc.state(), w, HigherLevelView.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cause bar");
    }

    @Test
    void shouldConfirmANestedIntervalOnlyForTheSameSideInsideTheHigherPointsCover() {
        HigherLevelView v = new HigherLevelView(-1, List.of(
                new HigherLevelView.Point(true, false, 500, 100, 600),
                new HigherLevelView.Point(false, true, 900, 600, Long.MAX_VALUE)));
        assertThat(v.nestedConfirmation(true, 100)).isTrue();
        assertThat(v.nestedConfirmation(true, 599)).isTrue();
        assertThat(v.nestedConfirmation(true, 600)).isFalse();
        assertThat(v.nestedConfirmation(true, 99)).isFalse();
        assertThat(v.nestedConfirmation(false, 300)).isFalse();
        assertThat(v.nestedConfirmation(false, 5_000)).isTrue();
        assertThat(HigherLevelView.fromBytes(v.toBytes())).isEqualTo(v);
        assertThat(HigherLevelView.fromBytes(HigherLevelView.NONE.toBytes())).isEqualTo(HigherLevelView.NONE);
        assertThatThrownBy(() -> new HigherLevelView(2, List.of())).hasMessageContaining("direction");
    }

    @Test
    void shouldViewTheHigherLevelsNewestPointsWithTheLinesEndingAtThem() throws Exception {
        List<Bar> daily = TwoLevelRun.bars(DAILY);
        LevelChan lc = LevelChan.create("SPY", "day", TwoLevelRun.CONFIG);
        Map<Long, Integer> index = new HashMap<>();
        int views = 0;
        for (int i = 0; i < daily.size(); i++) {
            Bar b = daily.get(i);
            index.put(b.time(), i);
            lc.onBar(b);
            if (i % 50 != 49) {
                continue;
            }
            HigherLevelView v = HigherLevelView.of(lc);
            List<ChanEvent.Line> strokes = lc.state().lines(ChanEvent.LineLevel.BI);
            assertThat(v.direction()).isEqualTo(strokes.get(strokes.size() - 1).up() ? 1 : -1);
            assertThat(v.points()).hasSizeLessThanOrEqualTo(HigherLevelView.MAX_POINTS);
            long prev = Long.MAX_VALUE;
            for (HigherLevelView.Point p : v.points()) {
                assertThat(p.time()).isLessThanOrEqualTo(prev);
                prev = p.time();
                assertThat(p.coverFrom()).isLessThan(p.time());
                int k = index.get(p.time());
                long next = k + 1 <= i ? daily.get(k + 1).time() : Long.MAX_VALUE;
                assertThat(p.coverUntil()).isEqualTo(next);
                assertThat(p.covers(p.time())).isTrue();
            }
            assertThat(HigherLevelView.fromBytes(v.toBytes())).isEqualTo(v);
            views += v.points().isEmpty() ? 0 : 1;
        }
        assertThat(views).isGreaterThan(100);
    }
}
