package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.project.Numbering;
import dev.slipway.server.Json;
import java.io.IOException;
import java.io.PrintStream;

/** Prints a deployment's log as it happens; returns the CLI exit code of its outcome. */
final class DeploymentStream {
    private DeploymentStream() {}

    static int follow(ApiClient api, long id, PrintStream out) {
        api.events("/api/v1/deployments/" + id + "/events", (event, data) -> {
            try {
                JsonNode node = Json.MAPPER.readTree(data);
                if (event.equals("log")) {
                    String step = node.path("step").asText("");
                    out.println((step.isEmpty() ? "" : "[" + step + "] ") + node.path("text").asText());
                }
            } catch (IOException e) {
                out.println(data);
            }
        });
        // The view, not the last event: it also says what kept serving after a failure.
        return outcome(api.get("/api/v1/deployments/" + id), out);
    }

    /**
     * The last line: "deployment 8 succeeded: test.shop runs release 8 (commit …)", or on failure the
     * step, the reason and what is still serving (README "Numbers").
     */
    static int outcome(JsonNode view, PrintStream out) {
        JsonNode d = view.get("deployment");
        String status = d.path("status").asText();
        String where = d.path("environment").asText() + "." + d.path("project").asText();
        long id = d.path("id").asLong();
        if (status.equalsIgnoreCase("succeeded")) {
            Long rollbackOf = d.hasNonNull("rollback_of") ? d.get("rollback_of").asLong() : null;
            out.println("deployment " + id + " succeeded: " + where + " runs " + Numbering.release(id, rollbackOf, d.path("commit").asText(null)));
            return 0;
        }
        String step = d.path("failed_step").asText("");
        String serving = view.path("still_serving").asText("");
        out.println("deployment " + id + " " + status.toLowerCase(java.util.Locale.ROOT)
                + (step.isEmpty() ? "" : " at " + step) + ": " + d.path("reason").asText("no reason recorded")
                + (serving.isEmpty() ? "" : "; " + serving));
        return Main.FAILED;
    }
}
