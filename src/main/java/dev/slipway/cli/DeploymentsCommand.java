package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "deployments", description = "Lists a project's deployments, newest first.")
final class DeploymentsCommand implements Callable<Integer> {
    @Parameters(index = "0") String project;
    @Parameters(index = "1", arity = "0..1") String environment;

    @Override
    public Integer call() {
        String query = environment == null ? "" : "?environment=" + environment;
        JsonNode list = ApiClient.fromEnvironment().get("/api/v1/projects/" + project + "/deployments" + query);
        System.out.printf("%-6s %-8s %-12s %-12s %-14s %s%n", "ID", "ENV", "STATUS", "COMMIT", "FAILED STEP", "REASON");
        for (JsonNode d : list) {
            String commit = d.path("commit").asText("");
            System.out.printf("%-6s %-8s %-12s %-12s %-14s %s%n", d.get("id").asText(), d.get("environment").asText(),
                    d.get("status").asText().toLowerCase(), commit.length() > 12 ? commit.substring(0, 12) : commit,
                    d.path("failed_step").asText(""), d.path("reason").asText(""));
        }
        return 0;
    }
}
