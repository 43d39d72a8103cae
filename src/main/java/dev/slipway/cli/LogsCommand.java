package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "Prints a deployment's log; --follow streams it until the deployment ends.")
final class LogsCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "deployment id") long id;

    @Option(names = {"-f", "--follow"}) boolean follow;

    @Override
    public Integer call() {
        ApiClient api = ApiClient.fromEnvironment();
        if (follow) {
            return DeploymentStream.follow(api, id, System.out);
        }
        JsonNode log = api.get("/api/v1/deployments/" + id + "/log");
        for (JsonNode line : log.get("lines")) {
            String step = line.path("step").asText("");
            System.out.println((step.isEmpty() ? "" : "[" + step + "] ") + line.path("text").asText());
        }
        return 0;
    }
}
