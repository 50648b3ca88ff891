package io.chanflow.state;

import java.util.ArrayList;
import java.util.List;

/** A buy/sell point (买卖点) at the end of a line (chan.py BuySellPoint/BS_Point.py). */
final class Bsp {
    final Line bi;
    /** The line's end bar when the point was made (chan.py bsp.klu); see {@link BspList#relabel}. */
    int klu;
    long time;
    double price;
    final boolean isBuy;
    final List<BspType> types = new ArrayList<>(2);
    /** features.divergence_rate of a type-1 point (NaN when none). */
    double divergenceRate = Double.NaN;
    /** The last {@link Refs} walk that visited this object (not state). */
    int walkStamp;

    /** For the codec. */
    Bsp(Line bi, int klu, long time, double price, boolean isBuy) {
        this.bi = bi;
        this.klu = klu;
        this.time = time;
        this.price = price;
        this.isBuy = isBuy;
    }

    Bsp(KBars k, Line bi, boolean isBuy, BspType type) {
        this.bi = bi;
        this.klu = bi.endKlu();
        this.time = bi.endTime();
        this.price = isBuy ? bi.endKluLow() : bi.endKluHigh();
        this.isBuy = isBuy;
        this.types.add(type);
    }
}
