package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "deploy", description = "Deploys a ref to an environment and streams its steps; exits 0 only on success.")
final class DeployCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "project") String project;
    @Parameters(index = "1", description = "environment") String environment;

    @Option(names = "--ref", description = "branch, tag or commit; default: the environment's branch")
    String ref;

    @Option(names = "--rebuild", description = "build even when an image of the commit could be re-used")
    boolean rebuild;

    @Option(names = "--no-wait", description = "return once the deployment is queued")
    boolean noWait;

    @Option(names = "--no-queue", description = "fail instead of waiting when the environment is already deploying")
    boolean noQueue;

    @Override
    public Integer call() {
        ApiClient api = ApiClient.fromEnvironment();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ref", ref);
        body.put("rebuild", rebuild);
        body.put("no_queue", noQueue);
        JsonNode d = api.post("/api/v1/projects/" + project + "/environments/" + environment + "/deployments", body);
        long id = d.get("id").asLong();
        System.out.println("deployment " + id + " of " + environment + "." + project + " queued");
        return noWait ? 0 : DeploymentStream.follow(api, id, System.out);
    }
}
