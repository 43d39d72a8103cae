package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.local.LocalData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code slipway local pull-db|push-db|pull-media|push-media P ENV}: an environment's database and
 * media to and from the local containers. Pulls replace the local data; pushes replace the
 * environment's, and ask for its name first unless {@code --yes}.
 */
final class LocalTransferCommands {
    private LocalTransferCommands() {}

    static String services(String project, String environment) {
        return "/api/v1/projects/" + project + "/environments/" + environment + "/services";
    }

    /** True when the user typed the environment's name (or passed --yes); says why not otherwise. */
    static boolean confirmed(String project, String environment, String what, boolean yes) {
        if (yes) return true;
        System.out.print("This replaces the " + what + " of " + project + "/" + environment + " with your local one."
                + " Type the environment name to confirm: ");
        System.out.flush();
        String answer;
        try {
            answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            answer = null;
        }
        System.out.println();
        if (answer == null) {
            System.out.println("not confirmed (no answer); nothing was sent. Pass --yes to push without the question.");
            return false;
        }
        if (!answer.strip().equals(environment)) {
            System.out.println("not confirmed: '" + answer.strip() + "' is not '" + environment + "'; nothing was sent");
            return false;
        }
        return true;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a dump left in data/dumps, which .gitignore keeps out of Git
        }
    }

    @Command(name = "pull-db", description = "Replaces the local db service's database with a dump of an environment's database.")
    static final class PullDb implements Callable<Integer> {
        @ParentCommand LocalCommand local;
        @Parameters(index = "0", description = "project") String project;
        @Parameters(index = "1", description = "environment") String environment;

        @Override
        public Integer call() {
            LocalData data = local.open().data();
            Path dump = data.dumpFile(project + "-" + environment + ".sql");
            ApiClient.fromEnvironment().download(services(project, environment) + "/postgres/dump", dump);
            System.out.println("fetched the database of " + project + "/" + environment + " (" + size(dump) + " bytes)");
            int exit = data.loadDatabase(dump);
            if (exit != 0) {
                System.out.println("the dump is kept in " + dump);
                return exit;
            }
            delete(dump);
            System.out.println("the local database now holds the data of " + project + "/" + environment);
            return 0;
        }
    }

    @Command(name = "push-db", description = "Replaces an environment's database with a dump of the local db service's database.")
    static final class PushDb implements Callable<Integer> {
        @ParentCommand LocalCommand local;
        @Parameters(index = "0", description = "project") String project;
        @Parameters(index = "1", description = "environment") String environment;
        @Option(names = "--yes", description = "do not ask for the environment's name") boolean yes;

        @Override
        public Integer call() {
            LocalData data = local.open().data();
            if (!confirmed(project, environment, "database", yes)) return Main.FAILED;
            Path dump = data.dumpFile("local-to-" + project + "-" + environment + ".sql");
            int exit = data.dumpDatabase(dump);
            if (exit != 0) return exit;
            JsonNode answer = ApiClient.fromEnvironment().upload(services(project, environment) + "/postgres/restore?confirm=" + environment,
                    dump, "application/sql");
            delete(dump);
            System.out.println(project + "/" + environment + ": " + answer.get("restored").asText());
            return 0;
        }
    }

    @Command(name = "pull-media", description = "Replaces ./data/media with an environment's media files.")
    static final class PullMedia implements Callable<Integer> {
        @ParentCommand LocalCommand local;
        @Parameters(index = "0", description = "project") String project;
        @Parameters(index = "1", description = "environment") String environment;

        @Override
        public Integer call() throws IOException {
            LocalData data = local.open().data();
            int files;
            try (InputStream tar = ApiClient.fromEnvironment().open(services(project, environment) + "/storage/archive")) {
                files = data.replaceMedia(tar);
            }
            System.out.println(data.mediaDir() + " now holds the " + files + " media files of " + project + "/" + environment);
            return 0;
        }
    }

    @Command(name = "push-media", description = "Replaces an environment's media with the files in ./data/media.")
    static final class PushMedia implements Callable<Integer> {
        @ParentCommand LocalCommand local;
        @Parameters(index = "0", description = "project") String project;
        @Parameters(index = "1", description = "environment") String environment;
        @Option(names = "--yes", description = "do not ask for the environment's name") boolean yes;

        @Override
        public Integer call() throws IOException {
            LocalData data = local.open().data();
            if (!confirmed(project, environment, "media", yes)) return Main.FAILED;
            Path tar = data.dumpFile("local-media-to-" + project + "-" + environment + ".tar");
            try {
                try (OutputStream out = Files.newOutputStream(tar)) {
                    data.writeMedia(out);
                }
                JsonNode answer = ApiClient.fromEnvironment().upload(services(project, environment) + "/storage/archive?confirm=" + environment,
                        tar, "application/x-tar");
                System.out.println(project + "/" + environment + ": " + answer.get("restored").asText());
            } finally {
                delete(tar);
            }
            return 0;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
