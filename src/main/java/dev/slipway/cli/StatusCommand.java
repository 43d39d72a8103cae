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
            JsonNode condition = e.path("condition");
            for (JsonNode problem : condition.path("problems")) {
                int restarts = problem.path("restarts").asInt();
                System.out.printf("  %-10s degraded: %s %s %s since %s%s%n", "", problem.path("process").asText(), problem.path("container").asText(),
                        problem.path("reason").asText(), problem.path("since").asText(),
                        restarts == 0 ? "" : "; started again " + restarts + (restarts == 1 ? " time" : " times"));
            }
            if (condition.path("problems").isEmpty() && !condition.path("restarts").isEmpty()) {
                StringBuilder restarted = new StringBuilder();
                condition.path("restarts").properties().forEach(c -> restarted.append(restarted.isEmpty() ? "" : ", ")
                        .append(c.getKey()).append(" ").append(c.getValue().asInt()).append("x"));
                System.out.printf("  %-10s healthy again; restarted since the release went live: %s%n", "", restarted);
            }
        }
    }
}
