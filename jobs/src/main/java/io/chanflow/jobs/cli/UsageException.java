package io.chanflow.jobs.cli;

/** Bad command-line arguments: the CLI prints the message and exits with status 2. */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    public UsageException(String message) {
        super(message);
    }
}
