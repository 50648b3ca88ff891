package io.chanflow.operators.llm;

/**
 * Chroma could not be reached, did not answer in time, or failed the request: the caller goes on without similar
 * trades (the prompt says "no trade memory"). Never thrown for bad arguments (those are
 * {@link IllegalArgumentException}s, i.e. bugs).
 */
public final class TradeMemoryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TradeMemoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
