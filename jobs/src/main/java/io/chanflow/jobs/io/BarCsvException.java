package io.chanflow.jobs.io;

/**
 * Malformed bar input. The message names the file, the 1-based line (when there is one) and the
 * problem: {@code data.csv:17: high 10.5 is below low 11.0}.
 */
public final class BarCsvException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String problem;

    public BarCsvException(String file, int line, String problem) {
        super(line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public BarCsvException(String file, int line, String problem, Throwable cause) {
        this(file, line, problem);
        initCause(cause);
    }

    /** The file as it was named by the caller. */
    public String file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem is not tied to a line. */
    public int line() {
        return line;
    }

    /** The problem without file and line. */
    public String problem() {
        return problem;
    }
}
