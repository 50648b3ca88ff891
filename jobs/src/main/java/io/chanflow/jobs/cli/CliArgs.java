package io.chanflow.jobs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Minimal option parser shared by the subcommands: {@code --name value} or {@code --name=value}
 * for options that take a value (each may repeat; callers decide whether repeating is allowed),
 * {@code --name} for flags. Positional arguments are collected separately.
 */
final class CliArgs {

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private CliArgs() {
    }

    /**
     * @param withValue option names (without {@code --}) that take a value
     * @param flags     option names that take none
     * @throws UsageException on an unknown option or a missing value
     */
    static CliArgs parse(String[] args, Set<String> withValue, Set<String> flags) {
        CliArgs a = new CliArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.equals("--")) {
                if (arg.equals("-h")) {
                    a.values.computeIfAbsent("help", k -> new ArrayList<>()).add("");
                    continue;
                }
                a.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("option --" + name + " takes no value");
                }
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add("");
            } else if (withValue.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args[++i];
                }
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return a;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** Every value given for the option, in order (empty when absent). */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The single value of an option that may be given at most once, or {@code null}. */
    String single(String name) {
        List<String> v = all(name);
        if (v.size() > 1) {
            throw new UsageException("option --" + name + " given " + v.size() + " times");
        }
        return v.isEmpty() ? null : v.get(0);
    }

    String required(String name) {
        String v = single(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("option --" + name + " is required");
        }
        return v;
    }

    List<String> positional() {
        return positional;
    }

    /** The option as an integer, {@code d} when absent; a usage error naming the option when it is not one. */
    long longOr(String name, long d) {
        String v = single(name);
        try {
            return v == null ? d : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw notInteger(name, v);
        }
    }

    /** The option as a number, {@code d} when absent; a usage error naming the option when it is not one. */
    double doubleOr(String name, double d) {
        String v = single(name);
        try {
            return v == null ? d : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects a number, got '" + v + "'");
        }
    }

    /** The option as an int, {@code d} when absent; a usage error naming the option when it is not one. */
    int intOr(String name, int d) {
        String v = single(name);
        return v == null ? d : intValue(name, v);
    }

    /** {@code v}, a value of option {@code name}, as an int. */
    static int intValue(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw notInteger(name, v);
        }
    }

    private static UsageException notInteger(String name, String v) {
        return new UsageException("--" + name + " expects an integer, got '" + v + "'");
    }
}
