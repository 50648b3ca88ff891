package io.chanflow.state.signals;

/**
 * Where a buy/sell point stands in its lifecycle.
 *
 * <pre>
 *   (point type appears) ──► PROVISIONAL ──(its stroke/segment end is confirmed)──► CONFIRMED
 *            │                     │                                                 │
 *            │                     └──────────(type removed by a later bar)──────────┴──► INVALIDATED
 *            └── may appear directly as CONFIRMED when the line end is already sure
 *   INVALIDATED ──(the same point and type appear again)──► PROVISIONAL or CONFIRMED (next revision)
 * </pre>
 */
public enum SignalStatus {
    /** The point exists, but the stroke (or segment) ending at it is not yet confirmed: it may vanish. */
    PROVISIONAL,
    /** The line ending at the point is confirmed (sure). The engine may still remove the point later. */
    CONFIRMED,
    /** The point (of this type) no longer exists. */
    INVALIDATED
}
