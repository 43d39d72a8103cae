package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "environments", description = "Lists a project's environments and adds ones beyond test and live.",
        subcommands = {EnvironmentsCommand.ListEnvironments.class, EnvironmentsCommand.Create.class, DeleteCommands.Environment.class})
final class EnvironmentsCommand {

    @Command(name = "create", description = "Adds an environment (e.g. staging) to a project.")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0") String project;
        @Parameters(index = "1") String name;

        @Option(names = "--branch", description = "branch (or tag) deployed when no ref is given; it must exist in the repository; default: the repository's default branch")
        String branch;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("branch", branch);
            ApiClient.fromEnvironment().post("/api/v1/projects/" + project + "/environments", body);
            System.out.println("created environment " + name + " of " + project);
            return 0;
        }
    }

    @Command(name = "list", description = "Lists a project's environments: name, branch, current release and address.")
    static final class ListEnvironments implements Callable<Integer> {
        @Parameters(index = "0", description = "project") String project;

        @Override
        public Integer call() {
            JsonNode p = ApiClient.fromEnvironment().get("/api/v1/projects/" + project);
            String format = "%-12s %-20s %-34s %s%n";
            System.out.printf(format, "NAME", "BRANCH", "CURRENT RELEASE", "ADDRESS");
            for (JsonNode e : p.get("environments")) {
                JsonNode r = e.get("current_release");
                String commit = r == null || r.isNull() ? "" : r.get("commit").asText();
                String release = r == null || r.isNull() ? "none"
                        : "release " + r.get("id").asText() + " (commit " + commit.substring(0, Math.min(12, commit.length())) + ")";
                if (e.path("deploying").asBoolean()) release += ", deploying";
                System.out.printf(format, e.get("name").asText(), e.hasNonNull("branch") ? e.get("branch").asText() : "(default)", release, e.get("url").asText());
            }
            return 0;
        }
    }
}
