package dev.slipway.cli;

import dev.slipway.project.InvalidInputException;
import java.io.Console;

/**
 * A destructive command runs only once its target is named twice: typed at a terminal, or given as
 * {@code --confirm NAME} (or {@code --yes}) by a script, which has no one to ask.
 */
final class Confirmation {
    private Confirmation() {}

    /** Returns when confirmed; otherwise throws, naming what to pass, before anything is deleted. */
    static void require(String what, String name, boolean yes, String confirm) {
        if (confirm != null) {
            if (!confirm.equals(name)) {
                throw new InvalidInputException("--confirm", "--confirm '" + confirm + "' is not '" + name + "'; nothing was deleted");
            }
            return;
        }
        if (yes) return;
        Console console = terminal();
        if (console == null) {
            throw new InvalidInputException("--yes", "deleting " + what + " needs --yes or --confirm " + name
                    + " when no terminal can ask (stdin is not a terminal); nothing was deleted");
        }
        String answer = console.readLine("This deletes %s. Type '%s' to confirm: ", what, name);
        if (answer == null || !answer.strip().equals(name)) {
            throw new InvalidInputException("confirmation", "not confirmed" + (answer == null ? "" : ": '" + answer.strip() + "' is not '" + name + "'")
                    + "; nothing was deleted");
        }
    }

    /** The console when stdin and stdout are a terminal, else null. */
    private static Console terminal() {
        Console console = System.console();
        if (console == null) return null;
        try {
            // Java 22+ gives a console even to redirected streams; isTerminal says whether someone is there.
            return (boolean) Console.class.getMethod("isTerminal").invoke(console) ? console : null;
        } catch (ReflectiveOperationException e) {
            return console; // Java 21: a console exists only at a terminal
        }
    }
}
