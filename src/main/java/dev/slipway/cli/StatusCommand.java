package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "Shows what each environment of a project runs.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0") String project;

    @Override
    public Integer call() {
        JsonNode p = ApiClient.fromEnvironment().get("/api/v1/projects/" + project);
        System.out.println(p.get("name").asText() + "  " + p.get("repo").asText()
                + (p.hasNonNull("mirror_of") ? "  (mirror of " + p.get("mirror_of").asText() + ")" : ""));
        printEnvironments(p);
        return 0;
    }

    static void printEnvironments(JsonNode project) {
        for (JsonNode e : project.get("environments")) {
            JsonNode r = e.get("current_release");
            String runs = r == null || r.isNull() ? "no release"
                    : r.get("summary").asText() + ", " + r.get("web_containers").asInt() + " web, " + r.get("process_containers").asInt() + " process";
            System.out.printf("  %-10s %-9s %s  %s%n", e.get("name").asText(), e.get("deploying").asBoolean() ? "deploying" : "", runs, e.get("url").asText());
        }
    }
}
