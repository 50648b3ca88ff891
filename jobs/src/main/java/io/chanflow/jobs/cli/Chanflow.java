package io.chanflow.jobs.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ./chanflow} command line: {@code chanflow <command> [options]}.
 *
 * <p>Subcommands are {@link Command}s registered in {@link #COMMANDS}; adding one (run, bench,
 * evaluate, ...) means adding it to that list. {@code help} and {@code help <command>} print usage.
 */
public final class Chanflow {

    /** Registered subcommands, in the order {@code help} lists them. */
    static final List<Command> COMMANDS = List.of(new Analyze(), new Run(), new Bench(), new BenchRag(), new Evaluate());

    private Chanflow() {
    }

    public static void main(String[] args) {
        int rc = run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        if (rc != 0) {
            System.exit(rc);
        }
    }

    /** Dispatches to a subcommand; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Command> byName = new LinkedHashMap<>();
        for (Command c : COMMANDS) {
            byName.put(c.name(), c);
        }
        if (args.length == 0) {
            err.println(usage());
            return 2;
        }
        String name = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            if (rest.length == 0) {
                out.println(usage());
                return 0;
            }
            Command c = byName.get(rest[0]);
            if (c == null) {
                err.println("chanflow: unknown command '" + rest[0] + "'\n\n" + usage());
                return 2;
            }
            out.println(c.usage());
            return 0;
        }
        Command c = byName.get(name);
        if (c == null) {
            err.println("chanflow: unknown command '" + name + "'\n\n" + usage());
            return 2;
        }
        try {
            return c.execute(rest, out, err);
        } catch (RuntimeException e) {
            err.println("chanflow " + name + ": internal error: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: chanflow <command> [options]\n\nCommands:\n");
        for (Command c : COMMANDS) {
            sb.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        }
        sb.append(String.format("  %-10s %s%n", "help", "this text; 'help <command>' for a command's options"));
        return sb.toString().stripTrailing();
    }
}
