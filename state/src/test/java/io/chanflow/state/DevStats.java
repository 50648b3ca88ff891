package io.chanflow.state;

import java.nio.file.Path;
import java.util.List;

/** Developer tool: speed and structure sizes of a step run over one CSV. */
public final class DevStats {
    public static void main(String[] a) throws Exception {
        List<TestData.Row> rows = TestData.readBars(Path.of(a[0]));
        for (int rep = 0; rep < (a.length > 1 ? Integer.parseInt(a[1]) : 1); rep++) {
            ChanState st = new ChanState(ChanConfig.defaults(), true);
            long t0 = System.nanoTime();
            long ev = 0;
            for (TestData.Row r : rows) {
                ev += st.step(r.bar()).size();
            }
            long t1 = System.nanoTime();
            Level l = st.level;
            int lastSureSeg = -1;
            for (int i = l.segList.size() - 1; i >= l.segList.segs.base; i--) {
                if (l.segList.segs.get(i).sure) { lastSureSeg = i; break; }
            }
            int lastSureSegseg = -1;
            for (int i = l.segsegList.size() - 1; i >= l.segsegList.segs.base; i--) {
                if (l.segsegList.segs.get(i).sure) { lastSureSegseg = i; break; }
            }
            System.out.printf("%d bars %.0f ms %.0f bars/s events=%d | klc=%d bi=%d seg=%d (last sure %d) segseg=%d (last sure %d) zs=%d segzs=%d%n",
                    rows.size(), (t1 - t0) / 1e6, rows.size() / ((t1 - t0) / 1e9), ev, l.k.klcSize(), l.biList.size(),
                    l.segList.size(), lastSureSeg, l.segsegList.size(), lastSureSegseg, l.zsList.size(), l.segzsList.size());
        }
    }
}
