package dev.slipway.cli;

import dev.slipway.build.Advisory;
import dev.slipway.build.ConfigLoader;
import dev.slipway.build.PinAdvisor;
import dev.slipway.build.UnreadableInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code slipway lint [DIR]}: the pin advisories of a working tree, without a server. */
@Command(name = "lint", description = "Prints the build inputs a project leaves unpinned, as FILE:LINE: RULE message; exit 1 when there is any.")
final class LintCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", description = "project folder (default: the current one)")
    Path dir = Path.of(".");

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            System.err.println("error: " + dir + " is not a directory");
            return Main.BAD_INPUT;
        }
        String dockerfile = new ConfigLoader().load(dir, null).config().build().dockerfile();
        List<Advisory> advisories;
        try {
            advisories = new PinAdvisor(dir).check(dockerfile).advisories();
        } catch (UnreadableInputException e) {
            System.err.println("error: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        advisories.forEach(System.out::println);
        return advisories.isEmpty() ? 0 : Main.FAILED;
    }
}
