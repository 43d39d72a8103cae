package dev.slipway.testing;

import dev.slipway.cli.Main;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Many CLI commands in one JVM, one after another, each with its own stdout, stderr and exit code, for
 * tests that run dozens of commands whose subject is the command and not the launcher (every --help):
 * one JVM start instead of one per command. {@link Launcher#runEach} starts it with the launcher's
 * environment, classpath and working folder.
 *
 * <p>Arguments: a plan file (one command a line, its arguments separated by tabs) and a folder that
 * gets {@code N.out}, {@code N.err} and {@code N.exit} for the command on line N (from 0).
 */
public final class CliBatch {
    private CliBatch() {}

    public static void main(String[] args) throws IOException {
        List<String> commands = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        Path answers = Path.of(args[1]);
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        for (int i = 0; i < commands.size(); i++) {
            String[] command = commands.get(i).split("\t", -1);
            int exit;
            try (PrintStream out = new PrintStream(Files.newOutputStream(answers.resolve(i + ".out")), true, StandardCharsets.UTF_8);
                    PrintStream err = new PrintStream(Files.newOutputStream(answers.resolve(i + ".err")), true, StandardCharsets.UTF_8)) {
                System.setOut(out);
                System.setErr(err);
                exit = Main.run(command);
            } finally {
                System.setOut(stdout);
                System.setErr(stderr);
            }
            Files.writeString(answers.resolve(i + ".exit"), Integer.toString(exit));
        }
    }
}
