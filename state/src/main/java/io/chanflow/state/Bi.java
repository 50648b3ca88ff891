package io.chanflow.state;

/** A stroke (笔) between two merged bars with opposite fractals (chan.py Bi/Bi.py). */
final class Bi extends Line {
    final KBars k;
    int beginKlc;
    int endKlc;
    /** Confirmed ends remembered while the stroke is stretched to a virtual end. */
    final IntList sureEnd = new IntList();

    Bi(KBars k, int beginKlc, int endKlc, int idx, boolean sure) {
        this.k = k;
        this.idx = idx;
        set(beginKlc, endKlc);
        this.sure = sure;
        this.usedToBeSure = sure;
    }

    /** For the codec: a stroke whose fields are filled in afterwards. */
    Bi(KBars k) {
        this.k = k;
    }

    private void set(int b, int e) {
        this.beginKlc = b;
        this.endKlc = e;
        int fx = k.kFx(b);
        if (fx == KBars.FX_BOTTOM) {
            up = true;
        } else if (fx == KBars.FX_TOP) {
            up = false;
        } else {
            throw new IllegalStateException("ERROR DIRECTION when creating bi");
        }
        check();
    }

    private void check() {
        boolean ok = isDown() ? k.kHigh(beginKlc) > k.kLow(endKlc) : k.kLow(beginKlc) < k.kHigh(endKlc);
        if (!ok) {
            throw new IllegalStateException("stroke " + idx + ": direction inconsistent with its end prices");
        }
    }

    @Override
    double beginVal() {
        return up ? k.kLow(beginKlc) : k.kHigh(beginKlc);
    }

    @Override
    double endVal() {
        return up ? k.kHigh(endKlc) : k.kLow(endKlc);
    }

    @Override
    int beginKlu() {
        return k.peakKlu(beginKlc, !up);
    }

    @Override
    int endKlu() {
        return k.peakKlu(endKlc, up);
    }

    @Override
    double endKluHigh() {
        return k.high(endKlu());
    }

    @Override
    double endKluLow() {
        return k.low(endKlu());
    }

    @Override
    long beginTime() {
        return k.time(beginKlu());
    }

    @Override
    long endTime() {
        return k.time(endKlu());
    }

    @Override
    double high() {
        return up ? k.kHigh(endKlc) : k.kHigh(beginKlc);
    }

    @Override
    double low() {
        return up ? k.kLow(beginKlc) : k.kLow(endKlc);
    }

    void updateVirtualEnd(int newKlc) {
        sureEnd.add(endKlc);
        updateNewEnd(newKlc);
        usedToBeSure = sure;
        sure = false;
    }

    void restoreFromVirtualEnd(int sureEndKlc) {
        sure = true;
        usedToBeSure = true;
        updateNewEnd(sureEndKlc);
        sureEnd.clear();
    }

    /** Every in-place change of a stroke (the two above included) goes through here. */
    void updateNewEnd(int newKlc) {
        k.biChanges++;
        endKlc = newKlc;
        check();
    }

    /** Last klc index of the stroke's klc walk (chan.py klc_lst stops at the last klc). */
    private int lastKlc() {
        return Math.min(endKlc, k.klcSize() - 1);
    }

    // Last metric computed, with what it read: the klcs from beginKlc to the last one and that
    // klc's last bar (only the last klc still takes bars). Not state.
    private int mAlgo = -1;
    private int mEndKlc;
    private int mLastKlcEnd;
    private double mValue;

    @Override
    double macdMetric(ChanConfig.MacdAlgo algo, boolean reverse) {
        // only the half-area metric reads the direction; for the others both keys are one value
        int key = algo.ordinal() * 2 + (reverse && algo == ChanConfig.MacdAlgo.AREA ? 1 : 0);
        int last = lastKlc();
        int lastEnd = k.kEnd(last);
        if (key == mAlgo && mEndKlc == endKlc && mLastKlcEnd == lastEnd) {
            return mValue;
        }
        double v = computeMacdMetric(algo, reverse);
        mAlgo = key;
        mEndKlc = endKlc;
        mLastKlcEnd = lastEnd;
        mValue = v;
        return v;
    }

    private double computeMacdMetric(ChanConfig.MacdAlgo algo, boolean reverse) {
        switch (algo) {
            case AREA:
                return reverse ? macdHalfReverse() : macdHalfObverse();
            case PEAK:
                return macdPeak();
            case FULL_AREA:
                return macdArea();
            case DIFF:
                return macdDiff();
            case SLOPE:
                return slope();
            case AMP:
                return ampMetric();
            case VOLUMN:
                return tradeMetric(false);
            case VOLUMN_AVG:
                return tradeMetric(true);
            case AMOUNT:
            case AMOUNT_AVG:
            case TURNRATE_AVG:
                return 0.0; // bars carry no turnover: chan.py returns 0 for missing trade data
            default:
                throw new IllegalArgumentException("unsupported macd_algo " + algo);
        }
    }

    // The peak metric's last scan: bars pFrom..pTo (the bars of klcs beginKlc..lastKlc, which are
    // contiguous) in direction pUp gave pPeak. A maximum, so a longer range continues the scan
    // (a bar's MACD never changes once the bar is in). Not state.
    private int pFrom = -1;
    private int pTo;
    private boolean pUp;
    private double pPeak;

    private double macdPeak() {
        int from = k.kBegin(beginKlc);
        int to = k.kEnd(lastKlc());
        double peak = 1e-7;
        int u = from;
        if (pFrom == from && pUp == up && pTo <= to) {
            peak = pPeak;
            u = pTo + 1;
        }
        for (; u <= to; u++) {
            double m = k.macd(u);
            if (Math.abs(m) > peak && (up ? m > 0 : m < 0)) {
                peak = Math.abs(m);
            }
        }
        pFrom = from;
        pTo = to;
        pUp = up;
        pPeak = peak;
        return peak;
    }

    private double macdArea() {
        double s = 1e-7;
        int b = beginKlu();
        int en = endKlu();
        int e = lastKlc();
        for (int c = beginKlc; c <= e; c++) {
            for (int u = k.kBegin(c); u <= k.kEnd(c); u++) {
                if (u < b || u > en) {
                    continue;
                }
                double m = k.macd(u);
                if ((isDown() && m < 0) || (up && m > 0)) {
                    s += Math.abs(m);
                }
            }
        }
        return s;
    }

    private double macdHalfObverse() {
        double s = 1e-7;
        int b = beginKlu();
        double peakMacd = k.macd(b);
        int e = lastKlc();
        for (int c = beginKlc; c <= e; c++) {
            for (int u = k.kBegin(c); u <= k.kEnd(c); u++) {
                if (u < b) {
                    continue;
                }
                double m = k.macd(u);
                if (m * peakMacd > 0) {
                    s += Math.abs(m);
                } else {
                    return s;
                }
            }
        }
        return s;
    }

    private double macdHalfReverse() {
        double s = 1e-7;
        int b = endKlu();
        double peakMacd = k.macd(b);
        for (int c = lastKlc(); c >= beginKlc && c >= 0; c--) {
            for (int u = k.kEnd(c); u >= k.kBegin(c); u--) {
                if (u > b) {
                    continue;
                }
                double m = k.macd(u);
                if (m * peakMacd > 0) {
                    s += Math.abs(m);
                } else {
                    return s;
                }
            }
        }
        return s;
    }

    private double macdDiff() {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        int e = lastKlc();
        for (int c = beginKlc; c <= e; c++) {
            for (int u = k.kBegin(c); u <= k.kEnd(c); u++) {
                double m = k.macd(u);
                if (m > max) {
                    max = m;
                }
                if (m < min) {
                    min = m;
                }
            }
        }
        return max - min;
    }

    private double slope() {
        int b = beginKlu();
        int e = endKlu();
        if (up) {
            return (k.high(e) - k.low(b)) / k.high(e) / (e - b + 1);
        }
        return (k.high(b) - k.low(e)) / k.high(b) / (e - b + 1);
    }

    private double ampMetric() {
        int b = beginKlu();
        int e = endKlu();
        if (isDown()) {
            return (k.high(b) - k.low(e)) / k.high(b);
        }
        return (k.high(e) - k.low(b)) / k.low(b);
    }

    private double tradeMetric(boolean avg) {
        double s = 0;
        int e = lastKlc();
        for (int c = beginKlc; c <= e; c++) {
            for (int u = k.kBegin(c); u <= k.kEnd(c); u++) {
                s += k.volume(u);
            }
        }
        return avg ? s / (endKlu() - beginKlu() + 1) : s;
    }

    @Override
    public String toString() {
        return "Bi#" + idx + (up ? "up" : "down") + "[" + beginKlc + "~" + endKlc + (sure ? "" : "?") + "]";
    }
}
