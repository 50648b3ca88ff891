package io.chanflow.state.feed;

/**
 * Why a tick was not used: the {@code reason} of a dead-letter record. Every tick either reaches
 * the bars or leaves with exactly one of these, so nothing is lost silently.
 */
public enum Reject {
    /** The payload is empty or blank. */
    EMPTY,
    /** The payload is larger than the configured maximum. */
    TOO_LARGE,
    /** Not parsable JSON (or, for CSV input, not a CSV line). */
    MALFORMED,
    /** Valid JSON, but not an object. */
    NOT_AN_OBJECT,
    /** A CSV line without exactly four columns {@code time,symbol,price,size}. */
    BAD_COLUMNS,
    MISSING_SYMBOL,
    MISSING_TS,
    MISSING_PRICE,
    MISSING_SIZE,
    /** The symbol is not a string matching the symbol pattern. */
    BAD_SYMBOL,
    /** No trading calendar pattern matches the symbol. */
    UNKNOWN_SYMBOL,
    /** {@code ts} is neither epoch milliseconds nor ISO-8601. */
    BAD_TS,
    /** {@code ts} is before 1970 or after 2200: almost certainly seconds/micros confusion or garbage. */
    TS_OUT_OF_RANGE,
    /** {@code price} is not a number. */
    BAD_PRICE,
    PRICE_NAN,
    PRICE_INFINITE,
    /** {@code price <= 0}. */
    PRICE_NOT_POSITIVE,
    /** {@code size} is not a number, NaN or infinite. */
    BAD_SIZE,
    SIZE_NEGATIVE,
    /** Outside the symbol's trading session (pre/post market, weekend). */
    OUTSIDE_SESSION,
    /** The price moved more than the configured maximum jump from the symbol's previous price. */
    PRICE_JUMP,
    /** The tick's {@code id} was already seen for this symbol. */
    DUPLICATE,
    /** The tick's 1-minute bar is already closed (later than the allowed lateness). */
    LATE
}
