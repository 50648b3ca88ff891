package io.chanflow.jobs.io;

import io.chanflow.state.ChanConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * chan.py's multi-level loading and data checks (ALGORITHM.md §10), without computing anything.
 *
 * <p>chan.py loads levels interleaved, highest first: each parent bar is loaded, then every child
 * bar not yet loaded whose time is {@code <=} the parent's, then the next parent bar. Times are
 * compared the way chan.py stores them: a date-only time counts as 23:59 of that day
 * ({@link BarTime#alignmentMillis()}). Consequences reproduced here:
 * <ul>
 *   <li>child bars after the last parent bar are never loaded (they are dropped, with a warning);</li>
 *   <li>with {@code kl_data_check}: a parent bar without children is <em>misaligned</em>; reaching
 *       {@code max_kl_misalgin_cnt} such bars is an error;</li>
 *   <li>with {@code kl_data_check}, when both levels are at most daily: a child on another calendar
 *       day than its parent makes that parent <em>inconsistent</em>; reaching
 *       {@code max_kl_inconsistent_cnt} such parents is an error.</li>
 * </ul>
 * Like chan.py, one misalignment counter and one inconsistency set are shared by all level pairs.
 * There is no cross-level logic beyond this: each level then runs in its own engine.
 */
public final class LevelAlignment {

    /** One level's input: its level, the file name for messages, and its validated rows. */
    public record Input(Level level, String file, List<BarCsv.Row> rows) { }

    /** The rows chan.py would load per level (same order as the inputs) and any warnings. */
    public record Result(List<Input> inputs, List<String> warnings) { }

    private final List<Input> inputs;
    private final ChanConfig config;
    private final int[] cursor;
    private int misaligned;
    private final Map<String, Integer> inconsistentParents = new LinkedHashMap<>();

    private LevelAlignment(List<Input> inputs, ChanConfig config) {
        this.inputs = inputs;
        this.config = config;
        this.cursor = new int[inputs.size()];
    }

    /**
     * Aligns the levels, highest first.
     *
     * @param inputs levels ordered from the highest (parent) to the lowest; at least one
     * @throws BarCsvException when a data check fails (names the parent bar's file and line)
     * @throws IllegalArgumentException when the levels are not strictly decreasing
     */
    public static Result align(List<Input> inputs, ChanConfig config) {
        for (int i = 1; i < inputs.size(); i++) {
            if (inputs.get(i).level().compareTo(inputs.get(i - 1).level()) >= 0) {
                throw new IllegalArgumentException("levels must be given from the highest to the lowest, each once: "
                        + inputs.get(i - 1).level() + " then " + inputs.get(i).level());
            }
        }
        LevelAlignment a = new LevelAlignment(inputs, config);
        a.load(0, null);
        List<Input> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int lv = 0; lv < inputs.size(); lv++) {
            Input in = inputs.get(lv);
            int n = a.cursor[lv];
            if (n < in.rows().size()) {
                BarCsv.Row first = in.rows().get(n);
                warnings.add(in.file() + ":" + first.line() + ": " + (in.rows().size() - n) + " " + in.level()
                        + " bar(s) from " + first.timeText() + " on come after the last " + inputs.get(lv - 1).level()
                        + " bar and are not loaded (as in chan.py)");
            }
            out.add(new Input(in.level(), in.file(), in.rows().subList(0, n)));
        }
        return new Result(out, warnings);
    }

    private void load(int lv, BarCsv.Row parent) {
        Input in = inputs.get(lv);
        List<BarCsv.Row> rows = in.rows();
        while (cursor[lv] < rows.size()) {
            BarCsv.Row row = rows.get(cursor[lv]);
            if (parent != null && row.time().alignmentMillis() > parent.time().alignmentMillis()) {
                return;
            }
            cursor[lv]++;
            if (parent != null) {
                checkConsistent(lv, parent, row);
            }
            if (lv + 1 < inputs.size()) {
                int before = cursor[lv + 1];
                load(lv + 1, row);
                checkAligned(lv, row, cursor[lv + 1] - before);
            }
        }
    }

    private void checkConsistent(int lv, BarCsv.Row parent, BarCsv.Row child) {
        Input p = inputs.get(lv - 1);
        Input c = inputs.get(lv);
        if (!config.klDataCheck || !p.level().atMostDay() || !c.level().atMostDay()) {
            return;
        }
        if (parent.time().calendarDay().equals(child.time().calendarDay())) {
            return;
        }
        inconsistentParents.merge(p.level() + "@" + parent.timeText(), 1, Integer::sum);
        if (inconsistentParents.size() >= config.maxKlInconsistentCnt) {
            throw new BarCsvException(p.file(), parent.line(), inconsistentParents.size() + " parent bar(s) have child bars"
                    + " on another calendar day (max_kl_inconsistent_cnt=" + config.maxKlInconsistentCnt + "); here "
                    + p.level() + " bar " + parent.timeText() + " has " + c.level() + " bar " + child.timeText() + " ("
                    + c.file() + ":" + child.line() + "); set kl_data_check=false to skip this check");
        }
    }

    private void checkAligned(int lv, BarCsv.Row row, int children) {
        if (!config.klDataCheck || children > 0) {
            return;
        }
        misaligned++;
        if (misaligned >= config.maxKlMisalignCnt) {
            Input p = inputs.get(lv);
            Input c = inputs.get(lv + 1);
            throw new BarCsvException(p.file(), row.line(), misaligned + " parent bar(s) have no child bars"
                    + " (max_kl_misalgin_cnt=" + config.maxKlMisalignCnt + "); here " + p.level() + " bar "
                    + row.timeText() + " has no " + c.level() + " bar in " + c.file()
                    + "; set kl_data_check=false to skip this check");
        }
    }
}
