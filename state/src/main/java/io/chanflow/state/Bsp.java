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

    // How divergenceRate was computed, so that a relabel can recompute it when only the line's end
    // bar moved (not state: a restored point has DIV_UNKNOWN and is never relabelled that way).
    static final byte DIV_UNKNOWN = 0;
    /** The rate does not read the line's MACD metric (not a type-1 creation, or no pivot break). */
    static final byte DIV_FIXED = 1;
    /** Type 1: {@link Zs#isDivergence}, rate out / in. */
    static final byte DIV_PIVOT = 2;
    /** Type 1p: rate out / (in + 1e-7). */
    static final byte DIV_PZ = 3;
    byte divKind;
    /** The incoming metric, the outgoing one (this point's line, read as outgoing) and the config it was judged with. */
    double divIn;
    double divOut;
    ChanConfig.PointConfig divConf;

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
