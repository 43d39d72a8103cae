package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.project.Numbering;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "deployments", description = "Lists a project's deployments, newest first, with how each got its image.")
final class DeploymentsCommand implements Callable<Integer> {
    @Parameters(index = "0") String project;
    @Parameters(index = "1", arity = "0..1") String environment;

    @Override
    public Integer call() {
        String query = environment == null ? "" : "?environment=" + environment;
        ApiClient api = ApiClient.fromEnvironment();
        JsonNode list = api.get("/api/v1/projects/" + project + "/deployments" + query);
        JsonNode builds = api.get("/api/v1/projects/" + project + "/builds" + (query.isEmpty() ? "?" : query + "&") + "limit=1000");
        Map<Long, JsonNode> buildOf = new HashMap<>();
        for (JsonNode b : builds) buildOf.putIfAbsent(b.get("deployment_id").asLong(), b);
        String format = "%-10s %-8s %-12s %-12s %-32s %-14s %s%n";
        System.out.printf(format, "DEPLOYMENT", "ENV", "STATUS", "COMMIT", "IMAGE", "FAILED STEP", "REASON");
        for (JsonNode d : list) {
            String commit = d.path("commit").asText("");
            System.out.printf(format, d.get("id").asText(), d.get("environment").asText(),
                    d.get("status").asText().toLowerCase(Locale.ROOT), commit.length() > 12 ? commit.substring(0, 12) : commit,
                    describe(d, buildOf.get(d.get("id").asLong())), d.path("failed_step").asText(""), d.path("reason").asText(""));
        }
        return 0;
    }

    /**
     * Where the image came from, builds always as "build N": "build 7 (4.2 s)", "promotion of build 7",
     * "mirror of build 7", "rollback to release 5 (build 7)", or "-" without an image.
     */
    static String describe(JsonNode deployment, JsonNode build) {
        if (deployment.hasNonNull("rollback_of")) {
            return "rollback to release " + deployment.get("rollback_of").asText()
                    + (build != null && build.hasNonNull("reused_from") ? " (" + Numbering.build(build.get("reused_from").asLong()) + ")" : "");
        }
        if (build == null) return "-";
        if (!build.path("reused").asBoolean()) {
            return String.format(Locale.ROOT, "%s (%.1f s)", Numbering.build(build.get("id").asLong()), build.path("duration_ms").asLong() / 1000.0);
        }
        return build.get("kind").asText() + (build.hasNonNull("reused_from") ? " of " + Numbering.build(build.get("reused_from").asLong()) : "");
    }
}
