package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.testing.RouterLoad;
import dev.slipway.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a fault test checks once the fault is over, and the one line of figures it prints for the README's table. */
final class Aftermath {
    private Aftermath() {}

    interface Deploy {
        long start() throws Exception;
    }

    /** The deployment's end as the API shows it, and what the clients saw meanwhile. */
    record UnderLoad(JsonNode view, RouterLoad.Result load) {
        boolean succeeded() {
            return view.get("deployment").get("status").asText().equals("SUCCEEDED");
        }
    }

    /**
     * Runs the deployment while two clients ask the environment's {@code bodies} through the router, prints
     * the fault's line, and holds it to 0 lost requests and, when it did not succeed, to nothing left of it.
     */
    static UnderLoad deployUnderLoad(TestServer server, ContainerEngine engine, String project, String fault, Set<String> bodies,
            Deploy deploy) throws Exception {
        List<String> networks = networks(engine, server.instanceId());
        RouterLoad load = RouterLoad.start(server, project, "test", bodies, 2, Duration.ofMinutes(1));
        TestServer.sleep(300);
        long started = System.nanoTime();
        long id = deploy.start();
        JsonNode view = server.await(id, Duration.ofMinutes(1));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        TestServer.sleep(300);
        RouterLoad.Result result = load.stop();
        report(fault, result, view.get("deployment"), took);
        assertThat(result.failed()).as(result.toString()).isZero();
        assertThat(result.sent()).isGreaterThan(20);
        UnderLoad run = new UnderLoad(view, result);
        if (!run.succeeded()) {
            nothingLeftOf(engine, server.instanceId(), project, "test", id, networks);
        }
        return run;
    }

    /** The instance's networks, to compare before and after a deployment that must add none for good. */
    static List<String> networks(ContainerEngine engine, String instance) {
        return engine.networks(Map.of(Labels.INSTANCE, instance)).stream().sorted().toList();
    }

    /** No container of the deployment (by its label), no image built for it, and the instance's networks as before. */
    static void nothingLeftOf(ContainerEngine engine, String instance, String project, String env, long deployment, List<String> networksBefore) {
        assertThat(engine.list(Map.of(Labels.INSTANCE, instance, Labels.DEPLOYMENT, Long.toString(deployment))))
                .as("containers of deployment " + deployment + " left behind").isEmpty();
        assertThat(engine.imageExists(Build.tag(project, env, deployment, instance))).as("image of deployment " + deployment + " left behind").isFalse();
        assertThat(networks(engine, instance)).as("networks after deployment " + deployment).isEqualTo(networksBefore);
    }

    static Duration stepTime(JsonNode view, String step) {
        for (JsonNode s : view.get("steps")) {
            if (s.get("name").asText().equals(step)) {
                return Duration.between(Instant.parse(s.get("started_at").asText()), Instant.parse(s.get("finished_at").asText()));
            }
        }
        throw new AssertionError("no step " + step + " in " + view);
    }

    /** One line per fault, "FAULT name | load | status at step | reason | time", collected from the test output. */
    static void report(String fault, RouterLoad.Result load, JsonNode deployment, Duration time) {
        System.out.printf("FAULT %s | %s | %s at %s | %s | %.1f s%n", fault, load, deployment.get("status").asText(),
                deployment.path("failed_step").asText("-"), deployment.path("reason").asText("-"), time.toMillis() / 1000.0);
    }

    /** One line for a fault of many deployments at once, "FAULT name | load | what was counted | time". */
    static void reportCounts(String fault, RouterLoad.Result load, String counts, Duration time) {
        System.out.printf("FAULT %s | %s | %s | %.1f s%n", fault, load, counts, time.toMillis() / 1000.0);
    }
}
