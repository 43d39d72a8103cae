package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.Launcher;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `--help` for every command picocli knows: at once, rc 0, usage on stdout, nothing done. All of them in one JVM
 * with the launcher's environment, and a few through bin/slipway itself, which must answer the same.
 */
class HelpCliTest {
    @TempDir static Path tmp;
    static Launcher launcher;
    static Path calls;
    static ServerSocket api;
    static ServerSocketChannel docker;
    static final AtomicInteger contacts = new AtomicInteger();

    @BeforeAll
    static void setUp() throws IOException {
        calls = tmp.resolve("calls.txt");
        api = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        docker = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(tmp.resolve("docker.sock")));
        count(() -> api.accept().close());
        count(() -> docker.accept().close());
        // Anything that would build, pull or call a server shows up in calls.txt or as a contact.
        launcher = Launcher.create(tmp).stub("docker", calls).stub("mvn", calls).stub("debootstrap", calls)
                .env("SLIPWAY_URL", "http://127.0.0.1:" + api.getLocalPort())
                .env("SLIPWAY_TOKEN", "not-a-token")
                .env("DOCKER_HOST", "unix://" + tmp.resolve("docker.sock"));
    }

    @AfterAll
    static void tearDown() throws IOException {
        api.close();
        docker.close();
    }

    /** Every command below `slipway` by its path, e.g. [env, set], walked from the same tree Main runs. */
    static Map<List<String>, CommandLine> allCommands() {
        Map<List<String>, CommandLine> commands = new LinkedHashMap<>();
        walk(new CommandLine(new Main()), new ArrayList<>(), commands);
        return commands;
    }

    private static void walk(CommandLine command, List<String> path, Map<List<String>, CommandLine> commands) {
        commands.put(List.copyOf(path), command);
        command.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandName().equals(name)) return; // an alias, walked under its name
            List<String> deeper = new ArrayList<>(path);
            deeper.add(name);
            walk(sub, deeper, commands);
        });
    }

    @Test
    void everyCommandAnswersHelpAtOnceAndDoesNothingElse() throws IOException {
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        Map<List<String>, CommandLine> commands = allCommands();
        assertThat(commands.keySet()).as("the walk finds the subcommands").hasSizeGreaterThan(30)
                .contains(List.of("quickstart"), List.of("env", "set"), List.of("local", "pull-db"), List.of("builds", "diff"));
        Map<List<String>, List<String>> asked = new LinkedHashMap<>(); // arguments -> the command they ask about
        for (List<String> command : commands.keySet()) {
            for (String flag : command.size() == 1 ? List.of("--help", "-h") : List.of("--help")) {
                List<String> args = new ArrayList<>(command);
                args.add(flag);
                asked.put(args, command);
            }
        }
        // One JVM for all of them (a JVM per command took 28 s); the launcher itself is checked below.
        List<Launcher.Run> runs = launcher.runEach(cwd, List.copyOf(asked.keySet()));
        SoftAssertions each = new SoftAssertions(); // every command that misses it, not only the first
        int i = 0;
        for (Map.Entry<List<String>, List<String>> ask : asked.entrySet()) {
            List<String> args = ask.getKey();
            List<String> command = ask.getValue();
            Launcher.Run run = runs.get(i++);
            String shown = "slipway " + String.join(" ", args) + "\n" + run.all();
            each.assertThat(run.exit()).as(shown).isZero();
            each.assertThat(run.out()).as(shown).startsWith(("Usage: slipway " + String.join(" ", command)).strip());
            each.assertThat(run.err()).as(shown).isEmpty();
            for (String sub : commands.get(command).getSubcommands().keySet()) {
                each.assertThat(run.out()).as(shown + "\nlists " + sub).containsPattern("(?m)^  " + sub + " ");
            }
        }
        // Through bin/slipway, as a user runs it, the same answers: the top command, a command's -h, a nested one.
        for (List<String> args : List.of(List.of("--help"), List.of("quickstart", "-h"), List.of("env", "set", "--help"))) {
            Launcher.Run direct = launcher.run(cwd, args.toArray(String[]::new));
            Launcher.Run batched = runs.get(List.copyOf(asked.keySet()).indexOf(args));
            each.assertThat(direct).as("bin/slipway " + String.join(" ", args) + " answers as in the batch").isEqualTo(batched);
        }
        each.assertAll();
        try (Stream<Path> left = Files.list(cwd)) {
            assertThat(left).as("no data folder, state file or compose file").isEmpty();
        }
        assertThat(calls).as("no docker, mvn or debootstrap run").doesNotExist();
        assertThat(contacts.get()).as("no connection to the API or the Docker engine").isZero();
    }

    @Test
    void helpAsACommandAnswersAsHelpTheOption() throws IOException {
        Path cwd = Files.createDirectories(tmp.resolve("cwd-help-word"));
        for (List<String> word : List.of(List.of("help"), List.of("help", "deploy"), List.of("help", "env", "set"))) {
            Launcher.Run asked = launcher.run(cwd, word.toArray(String[]::new));
            List<String> option = new ArrayList<>(word.subList(1, word.size()));
            option.add("--help");
            assertThat(asked).as("slipway " + String.join(" ", word) + "\n" + asked.all()).isEqualTo(launcher.run(cwd, option.toArray(String[]::new)));
            assertThat(asked.exit()).isZero();
        }
    }

    private interface Accept {
        void once() throws IOException;
    }

    private static void count(Accept accept) {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    accept.once();
                    contacts.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
