package io.chanflow.jobs.cli;

import java.io.PrintStream;

/**
 * One {@code chanflow} subcommand. Implementations write results and progress to {@code out},
 * problems to {@code err}, and return the exit status: 0 success, 2 bad arguments or bad input,
 * 1 anything else.
 */
public interface Command {

    /** The word after {@code chanflow}. */
    String name();

    /** One line for {@code chanflow help}. */
    String summary();

    /** Full usage text for {@code chanflow help NAME}. */
    String usage();

    int execute(String[] args, PrintStream out, PrintStream err);
}
