package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code projects delete} and {@code environments delete}: confirmed first (Confirmation); data is kept unless --delete-data. */
final class DeleteCommands {
    private DeleteCommands() {}

    /** One line per service of each environment: "kept database …" or "deleted bucket …". */
    static void print(JsonNode answer) {
        System.out.println("deleted " + answer.get("deleted").asText());
        for (JsonNode env : answer.get("environments")) {
            for (JsonNode said : env.get("services")) {
                System.out.println("  " + env.get("project").asText() + "/" + env.get("environment").asText() + " " + said.asText());
            }
        }
        if (!answer.get("data_deleted").asBoolean()) {
            System.out.println("data was kept; delete it with --delete-data");
        }
    }

    @Command(name = "delete", description = "Deletes a project: its environments, containers, releases and variables. "
            + "Databases, buckets and media are kept unless --delete-data.")
    static final class Project implements Callable<Integer> {
        @Parameters(index = "0") String project;

        @Option(names = "--delete-data", description = "also delete the environments' databases, buckets and media directories")
        boolean deleteData;

        @Option(names = "--yes", description = "delete without asking (for scripts)")
        boolean yes;

        @Option(names = "--confirm", paramLabel = "NAME", description = "delete without asking when NAME is the project's name (for scripts)")
        String confirm;

        @Override
        public Integer call() {
            Confirmation.require("project " + project + " with its environments, containers, releases and variables"
                    + (deleteData ? ", and their databases, buckets and media" : ""), project, yes, confirm);
            print(ApiClient.fromEnvironment().delete("/api/v1/projects/" + project + "?delete_data=" + deleteData));
            return 0;
        }
    }

    @Command(name = "delete", description = "Deletes an environment: its containers, releases and variables. "
            + "Its database, bucket and media are kept unless --delete-data.")
    static final class Environment implements Callable<Integer> {
        @Parameters(index = "0") String project;
        @Parameters(index = "1") String environment;

        @Option(names = "--delete-data", description = "also delete the environment's database, bucket and media directory")
        boolean deleteData;

        @Option(names = "--yes", description = "delete without asking (for scripts)")
        boolean yes;

        @Option(names = "--confirm", paramLabel = "NAME", description = "delete without asking when NAME is the environment's name (for scripts)")
        String confirm;

        @Override
        public Integer call() {
            Confirmation.require("environment " + environment + " of " + project + " with its containers, releases and variables"
                    + (deleteData ? ", and its database, bucket and media" : ""), environment, yes, confirm);
            print(ApiClient.fromEnvironment().delete("/api/v1/projects/" + project + "/environments/" + environment + "?delete_data=" + deleteData));
            return 0;
        }
    }
}
