package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", description = "Cancels a deployment: one that waits in its environment's queue never runs; one that runs "
        + "stops in its current step and is undone, the release serving goes on serving. Refused once it switches or has ended.")
final class CancelCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "deployment id") long id;

    @Override
    public Integer call() {
        JsonNode d = ApiClient.fromEnvironment().post("/api/v1/deployments/" + id + "/cancel", java.util.Map.of());
        String which = "deployment " + id + " of " + d.path("environment").asText() + "." + d.path("project").asText();
        String status = d.path("status").asText();
        if (status.equals("CANCELLED")) {
            System.out.println(which + " cancelled: " + d.path("reason").asText());
            return 0;
        }
        if (status.equals("QUEUED") || status.equals("RUNNING")) {
            // Its undo takes longer than the server waits (containers that are slow to stop).
            System.out.println(which + " is being cancelled; `slipway logs " + id + " --follow` shows its end");
            return 0;
        }
        System.out.println(which + " ended " + status.toLowerCase(java.util.Locale.ROOT) + " before the cancel took effect: " + d.path("reason").asText());
        return Main.FAILED;
    }
}
