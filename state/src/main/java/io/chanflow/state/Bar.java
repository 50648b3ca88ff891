package io.chanflow.state;

/**
 * One input bar (K-line unit, chan.py "klu") of a single level.
 *
 * <p>{@code time} is the bar's event time in epoch milliseconds. The engine only requires it to be
 * strictly increasing; it is carried into events so that every structure can be located in time.
 * Validation mirrors chan.py's {@code CKLine_Unit.check}: {@code low <= min(open, close, high)} and
 * {@code high >= max(open, close, low)}; every price must be finite.
 */
public record Bar(long time, double open, double high, double low, double close, double volume) {

    public Bar {
        if (!Double.isFinite(open) || !Double.isFinite(high) || !Double.isFinite(low) || !Double.isFinite(close)) {
            throw new IllegalArgumentException("bar at " + time + ": prices must be finite numbers");
        }
        if (Double.isNaN(volume)) {
            throw new IllegalArgumentException("bar at " + time + ": volume is NaN");
        }
        if (low > Math.min(Math.min(open, close), high)) {
            throw new IllegalArgumentException("bar at " + time + ": low " + low + " is above min(open, high, close)");
        }
        if (high < Math.max(Math.max(open, close), low)) {
            throw new IllegalArgumentException("bar at " + time + ": high " + high + " is below max(open, low, close)");
        }
    }
}
