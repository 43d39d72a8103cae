package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rollback", description = "Runs an earlier release's image again (no build); default: the release before the current one.")
final class RollbackCommand implements Callable<Integer> {
    @Parameters(index = "0") String project;
    @Parameters(index = "1") String environment;

    @Option(names = "--to", description = "the release to run again (its number, as `slipway status` and `slipway deployments` show it)")
    Long release;

    @Option(names = "--no-wait", description = "return once the rollback is queued")
    boolean noWait;

    @Override
    public Integer call() {
        ApiClient api = ApiClient.fromEnvironment();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("release", release);
        JsonNode d = api.post("/api/v1/projects/" + project + "/environments/" + environment + "/rollback", body);
        long id = d.get("id").asLong();
        long target = d.get("rollback_of").asLong();
        String release = "release " + target;
        for (JsonNode r : api.get("/api/v1/projects/" + project + "/environments/" + environment + "/releases")) {
            if (r.get("id").asLong() == target) release = r.get("summary").asText();
        }
        System.out.println("deployment " + id + " of " + environment + "." + project + " queued: it rolls back to "
                + release + "; when it succeeds, it makes release " + id);
        return noWait ? 0 : DeploymentStream.follow(api, id, System.out);
    }
}
