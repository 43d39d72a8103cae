package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", description = "Cancels a deployment that waits in its environment's queue; one that has started is refused.")
final class CancelCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "deployment id") long id;

    @Override
    public Integer call() {
        JsonNode d = ApiClient.fromEnvironment().post("/api/v1/deployments/" + id + "/cancel", java.util.Map.of());
        System.out.println("deployment " + id + " of " + d.path("environment").asText() + "." + d.path("project").asText()
                + " cancelled: " + d.path("reason").asText());
        return 0;
    }
}
