package io.chanflow.operators.validate;

/** How a signal's validation ended; every status but OK and REPLAYED (of an OK record) means verdict UNVALIDATED. */
public enum ValidationStatus {
    /** A valid answer: the verdict is the LLM's. */
    OK,
    /** No answer within the timeout (the client's or Flink's async timeout). */
    TIMEOUT,
    /** The LLM server failed (HTTP 5xx, 4xx, connection refused or dropped). */
    ERROR,
    /** An answer that is not valid JSON or breaks the answer schema. */
    INVALID,
    /** The circuit breaker is open: the LLM was not called. */
    BREAKER_OPEN,
    /** Replay mode: the answer came from the ledger. */
    REPLAYED,
    /** Replay mode: the ledger has no record for this signal, model version and prompt version. */
    LEDGER_MISS,
    /** Not a CONFIRMED revision: not sent for validation (rule-only plan). */
    NOT_VALIDATED
}
