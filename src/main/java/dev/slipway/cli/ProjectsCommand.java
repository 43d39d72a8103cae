package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "projects", description = "Creates and lists projects.",
        subcommands = {ProjectsCommand.Create.class, ProjectsCommand.ListProjects.class, DeleteCommands.Project.class})
final class ProjectsCommand {

    @Command(name = "create", description = "Registers a Git repository with a Dockerfile as a project (with test and live).")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", description = "project name: a-z, 0-9 and '-'")
        String name;

        @Option(names = "--repo", required = true, description = "Git URL: file://, https:// or ssh://")
        String repo;

        @Option(names = "--mirror-of", description = "re-use this project's images instead of building")
        String mirrorOf;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("repo", repo);
            body.put("mirror_of", mirrorOf);
            JsonNode p = ApiClient.fromEnvironment().post("/api/v1/projects", body);
            System.out.println("created project " + p.get("name").asText());
            p.get("environments").forEach(e -> System.out.println("  " + e.get("name").asText() + "  " + e.get("url").asText()));
            return 0;
        }
    }

    @Command(name = "list", description = "Lists projects and what each environment runs.")
    static final class ListProjects implements Callable<Integer> {
        @Override
        public Integer call() {
            JsonNode projects = ApiClient.fromEnvironment().get("/api/v1/projects");
            if (projects.isEmpty()) System.out.println("no projects");
            for (JsonNode p : projects) {
                System.out.println(p.get("name").asText() + "  " + p.get("repo").asText());
                StatusCommand.printEnvironments(p);
            }
            return 0;
        }
    }
}
