package dev.stevedore;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A program and its arguments as given to the operating system (never through a shell), with the
 * positions of arguments that hold secrets so messages can show the command without them.
 *
 * @param argv    the program followed by its arguments
 * @param secrets indexes into {@code argv} shown as {@value #REDACTED}
 */
record CommandLine(List<String> argv, Set<Integer> secrets) {
    static final String REDACTED = "'***'";
    /** Longest command shown in a message; long argument lists are cut with "…". */
    static final int MAX_SHOWN = 500;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    CommandLine {
        argv = List.copyOf(argv);
        secrets = Set.copyOf(secrets);
    }

    String program() {
        return argv.get(0);
    }

    /**
     * The command as a person would type it, quoted like a POSIX shell for reading only: it is never
     * run this way. Secret arguments are replaced; the result is cut at {@value #MAX_SHOWN} characters.
     */
    String shown() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < argv.size() && out.length() <= MAX_SHOWN; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(secrets.contains(i) ? REDACTED : quoted(argv.get(i)));
        }
        return out.length() > MAX_SHOWN ? out.substring(0, MAX_SHOWN) + "…" : out.toString();
    }

    private static String quoted(String arg) {
        if (PLAIN.matcher(arg).matches()) {
            return arg;
        }
        return "'" + Names.printable(arg).replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return shown();
    }
}
