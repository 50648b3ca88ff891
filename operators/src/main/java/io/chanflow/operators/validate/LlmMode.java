package io.chanflow.operators.validate;

/** How the job validates signals: {@code --llm live|replay|off}. */
public enum LlmMode {
    /** Call Ollama, Chroma and Redis; record every answer and retrieval in the ledger. */
    LIVE,
    /** Answer from a ledger file; never call Ollama, Chroma or Redis. */
    REPLAY,
    /** No validation operator at all (the default of {@code ./chanflow run}; no external service needed). */
    OFF
}
