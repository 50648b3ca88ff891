package io.chanflow.operators.llm;

/**
 * Redis could not be reached or did not answer in time, refused the password, or failed the command: the caller goes
 * on without session statistics (the prompt says "no stats"). Never thrown for bad arguments (those are
 * {@link IllegalArgumentException}s, i.e. bugs).
 */
public final class SessionStatsUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SessionStatsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
