package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.Json;
import java.io.IOException;
import java.io.PrintStream;

/** Prints a deployment's log as it happens; returns the CLI exit code of its outcome. */
final class DeploymentStream {
    private DeploymentStream() {}

    static int follow(ApiClient api, long id, PrintStream out) {
        JsonNode[] last = new JsonNode[1];
        api.events("/api/v1/deployments/" + id + "/events", (event, data) -> {
            try {
                JsonNode node = Json.MAPPER.readTree(data);
                if (event.equals("log")) {
                    String step = node.path("step").asText("");
                    out.println((step.isEmpty() ? "" : "[" + step + "] ") + node.path("text").asText());
                } else if (event.equals("status")) {
                    last[0] = node;
                }
            } catch (IOException e) {
                out.println(data);
            }
        });
        JsonNode d = last[0] != null ? last[0] : api.get("/api/v1/deployments/" + id).get("deployment");
        return outcome(d, out);
    }

    static int outcome(JsonNode d, PrintStream out) {
        String status = d.path("status").asText();
        String where = d.path("environment").asText() + "." + d.path("project").asText();
        String commit = d.path("commit").asText("");
        if (status.equalsIgnoreCase("succeeded")) {
            out.println("deployment " + d.path("id").asText() + " succeeded: " + where + " runs " + (commit.length() > 12 ? commit.substring(0, 12) : commit));
            return 0;
        }
        String step = d.path("failed_step").asText("");
        out.println("deployment " + d.path("id").asText() + " " + status.toLowerCase()
                + (step.isEmpty() ? "" : " at " + step) + ": " + d.path("reason").asText("no reason recorded"));
        return Main.FAILED;
    }
}
