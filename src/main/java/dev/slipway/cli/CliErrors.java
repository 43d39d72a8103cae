package dev.slipway.cli;

import dev.slipway.engine.EngineException;
import dev.slipway.project.InvalidInputException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** What the CLI says when it cannot do what it was asked: one line on stderr, and the exit code. */
final class CliErrors {
    private CliErrors() {}

    /**
     * Commands users of other control panels type (Heroku's pipelines:promote, Divio's "promote to live"), with
     * what Slipway does instead. Promotion stays a deployment of live, not a command of its own: DESIGN section 3
     * makes it the re-use of test's image, so a second command would be a second name for the same request.
     */
    private static final java.util.Map<String, String> ELSEWHERE = java.util.Map.of(
            "promote", "promotion is `slipway deploy PROJECT live`, which runs the very image test ran when live's branch is at test's commit");

    /** Bad command lines: unknown commands and options, missing or unconvertible arguments. Exit 2. */
    static int badCommandLine(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        String help = ("slipway " + command.getCommandSpec().qualifiedName(" ").replaceFirst("^slipway ?", "")).strip() + " --help";
        String elsewhere = elsewhere(ex);
        if (elsewhere != null) {
            command.getErr().println("error: " + elsewhere);
            return Main.BAD_INPUT;
        }
        command.getErr().println("error: " + describe(ex) + " (see " + help + ")");
        return Main.BAD_INPUT;
    }

    /** For a word of {@link #ELSEWHERE} typed as slipway's command: what to type instead; else null. */
    private static String elsewhere(ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()
                || ex.getCommandLine().getParent() != null) {
            return null;
        }
        String first = unmatched.getUnmatched().getFirst();
        String instead = ELSEWHERE.get(first);
        return instead == null ? null : "'" + first + "' is not a slipway command; " + instead + " (see slipway deploy --help)";
    }

    private static String describe(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().getFirst();
            CommandLine command = ex.getCommandLine();
            boolean isOption = first.startsWith("-");
            boolean isCommand = !isOption && !command.getSubcommands().isEmpty() && command.getCommandSpec().positionalParameters().isEmpty();
            List<String> candidates = isOption ? command.getCommandSpec().options().stream().flatMap(o -> java.util.Arrays.stream(o.names())).toList()
                    : List.copyOf(command.getSubcommands().keySet());
            String what = isOption ? "unknown option '" + first + "'"
                    : isCommand ? "'" + first + "' is not a " + command.getCommandSpec().qualifiedName(" ") + " command"
                    : "unexpected argument '" + first + "'";
            List<String> nearest = Suggestions.nearest(first, candidates, unmatched.getSuggestions());
            if (!nearest.isEmpty()) return what + "; did you mean " + orList(nearest) + "?";
            return isCommand ? what + "; its commands: " + String.join(", ", candidates) : what;
        }
        if (ex.getCause() instanceof CommandLine.TypeConversionException conversion && ex.getArgSpec() != null) {
            return label(ex.getArgSpec()) + ": " + conversion.getMessage();
        }
        return ex.getMessage();
    }

    /** "--to" for an option, "ID" for a positional parameter labelled {@code <id>} or {@code ID}. */
    static String label(ArgSpec arg) {
        if (arg instanceof OptionSpec option) return option.longestName();
        String label = ((PositionalParamSpec) arg).paramLabel();
        return label.replaceAll("[<>]", "").toUpperCase(java.util.Locale.ROOT);
    }

    private static String orList(List<String> items) {
        List<String> shown = items.stream().map(s -> "'" + s + "'").toList();
        if (shown.size() == 1) return shown.getFirst();
        return String.join(", ", shown.subList(0, shown.size() - 1)) + " or " + shown.getLast();
    }

    /** Failures while running: the API's refusals, an unreachable server or engine, bad input found late. */
    static int whileRunning(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        PrintWriter err = command.getErr();
        if (e instanceof ApiClient.ServerTroubleException trouble) {
            err.println("error: " + trouble.getMessage());
            return Main.UNREACHABLE;
        }
        if (e instanceof ApiClient.ApiException api) {
            err.println("error: " + api.getMessage());
            return api.status >= 500 ? Main.FAILED : Main.BAD_INPUT;
        }
        if (e instanceof UncheckedIOException io) {
            err.println("error: " + io.getMessage());
            return Main.UNREACHABLE;
        }
        if (e instanceof InvalidInputException bad) {
            err.println("error: " + bad.getMessage());
            return Main.BAD_INPUT;
        }
        if (e instanceof EngineException engine) {
            err.println("error: " + engine.getMessage());
            return Main.UNREACHABLE;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // Taken between Ports' check and the real bind: no flag to name, but still one line.
            if (cause instanceof BindException || String.valueOf(cause.getMessage()).contains("Address already in use")) {
                err.println("error: " + rootMessage(e) + ": stop what listens there or choose another port");
                return Main.BAD_INPUT;
            }
        }
        throw e;
    }

    private static String rootMessage(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
