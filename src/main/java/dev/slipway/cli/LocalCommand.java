package dev.slipway.cli;

import dev.slipway.local.LocalDev;
import dev.slipway.local.LocalOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "local", description = "Runs the project in this folder on this machine with docker compose.",
        subcommands = {LocalCommand.Init.class, LocalCommand.Build.class, LocalCommand.Up.class, LocalCommand.Migrate.class,
            LocalCommand.Down.class, LocalCommand.Logs.class, LocalCommand.Ps.class,
            LocalTransferCommands.PullDb.class, LocalTransferCommands.PushDb.class,
            LocalTransferCommands.PullMedia.class, LocalTransferCommands.PushMedia.class})
final class LocalCommand {
    @Option(names = {"-C", "--dir"}, description = "project folder; default: the current folder")
    Path dir = Path.of("");

    @Option(names = {"-p", "--project-name"}, description = "compose project name; default: COMPOSE_PROJECT_NAME or the folder's name")
    String composeProject;

    LocalDev open() {
        // Checked here: further on, a folder that is not there reads as one without a Dockerfile.
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new dev.slipway.project.InvalidInputException("dir", "the project folder " + dir + " (-C/--dir) "
                    + (java.nio.file.Files.exists(dir) ? "is not a folder" : "does not exist"));
        }
        return LocalDev.open(dir, composeProject, System.getenv(), LocalOptions.fromEnvironment(System.getenv()), System.out::println);
    }

    @Command(name = "init", description = "Writes docker-compose.yml from slipway.yaml (or Procfile); keeps an existing one.")
    static final class Init implements Callable<Integer> {
        @ParentCommand LocalCommand local;
        @Option(names = "--force", description = "write docker-compose.yml again even if it exists") boolean force;
        @Option(names = "--name", description = "project name (SLIPWAY_PROJECT, image name); default: the folder's name") String name;

        @Override
        public Integer call() {
            local.open().init(name, force);
            return 0;
        }
    }

    @Command(name = "build", description = "Builds the web image, with the layer cache unless --no-cache.")
    static final class Build implements Callable<Integer> {
        @ParentCommand LocalCommand local;
        @Option(names = "--no-cache", description = "build every layer again") boolean noCache;

        @Override
        public Integer call() {
            return local.open().build(noCache);
        }
    }

    @Command(name = "up", description = "Starts the web, processes and database in the background; runs no migrations.")
    static final class Up implements Callable<Integer> {
        @ParentCommand LocalCommand local;

        @Override
        public Integer call() {
            return local.open().up();
        }
    }

    @Command(name = "migrate", description = "Runs each migration command in a one-off web container.")
    static final class Migrate implements Callable<Integer> {
        @ParentCommand LocalCommand local;

        @Override
        public Integer call() {
            return local.open().migrate();
        }
    }

    @Command(name = "down", description = "Stops and removes the containers; the database volume stays unless --volumes.")
    static final class Down implements Callable<Integer> {
        @ParentCommand LocalCommand local;
        @Option(names = "--volumes", description = "also remove the local database's volume") boolean volumes;

        @Override
        public Integer call() {
            return local.open().down(volumes);
        }
    }

    @Command(name = "logs", description = "Shows the containers' output.")
    static final class Logs implements Callable<Integer> {
        @ParentCommand LocalCommand local;
        @Option(names = {"-f", "--follow"}, description = "keep streaming new output") boolean follow;
        @Parameters(description = "services (default: all)") List<String> services = new ArrayList<>();

        @Override
        public Integer call() {
            return local.open().logs(follow, services);
        }
    }

    @Command(name = "ps", description = "Lists the containers and their state.")
    static final class Ps implements Callable<Integer> {
        @ParentCommand LocalCommand local;

        @Override
        public Integer call() {
            return local.open().ps();
        }
    }
}
