package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.Apps;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `slipway cancel` on the real engine: a deployment queued behind a running one is cancelled and never runs;
 * the running one is stopped and undone.
 */
class CancelCliTest {
    @TempDir static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(tmp.resolve("data"));
    }

    @AfterAll
    static void stop() {
        server.closeAndRemoveWhatItRan();
    }

    private static CliProcess.Run slipway(String... args) throws Exception {
        return CliProcess.against(server, tmp).run(args);
    }

    @Test
    void aQueuedDeploymentIsCancelledAndNeverRunsAndTheRunningOneIsStoppedAndUndone() throws Exception {
        TestRepo repo = TestRepo.create(tmp.resolve("repo"));
        // The migration holds the first deployment in its migrate step long enough for the CLI to start twice.
        repo.commit("slow migration", Apps.with(Apps.version("1"), "slipway.yaml",
                Apps.CONFIG.replace("echo \"migration ran for $SLIPWAY_ENVIRONMENT\"", "sleep 20")));
        server.createProject("queue", repo.url());

        long running = server.deploy("queue", "test", null);
        awaitStatus(running, "RUNNING", Duration.ofSeconds(60));
        long queued = server.deploy("queue", "test", null);
        assertThat(status(queued)).isEqualTo("QUEUED");

        CliProcess.Run cancel = slipway("cancel", Long.toString(queued));
        assertThat(cancel.exit()).as(cancel.all()).isZero();
        assertThat(cancel.out().strip()).isEqualTo("deployment " + queued + " of test.queue cancelled: it was cancelled while queued, so nothing of it ran");

        // The running one stops in the step it is in (its slow migration, whose one-off container is stopped), is undone,
        // and nothing of it serves or is left on the engine.
        CliProcess.Run stopped = slipway("cancel", Long.toString(running));
        assertThat(stopped.exit()).as(stopped.all()).isZero();
        assertThat(stopped.out().strip()).startsWith("deployment " + running + " of test.queue cancelled: cancelled ")
                .endsWith("; what it had added was removed");
        assertThat(status(running)).isEqualTo("CANCELLED");
        assertThat(dev.slipway.engine.DockerTestSupport.engine().list(java.util.Map.of("slipway.instance", server.instanceId(),
                "slipway.deployment", Long.toString(running)))).as("nothing of it is left on the engine").isEmpty();
        assertThat(server.request("queue", "test", "/").status()).as("nothing serves test").isNotEqualTo(200);

        TestServer.Answer again = server.call("POST", "/api/v1/deployments/" + queued + "/cancel", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText())
                .isEqualTo("deployment " + queued + " has already ended (cancelled); there is nothing to cancel");
        assertThat(server.call("POST", "/api/v1/deployments/987654/cancel", null).status()).isEqualTo(404);

        // By now the queue has come to the cancelled one, and let it be.
        JsonNode view = server.call("GET", "/api/v1/deployments/" + queued, null).json();
        JsonNode d = view.get("deployment");
        assertThat(d.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(d.get("started_at").isNull()).as("never started").isTrue();
        assertThat(d.get("finished_at").isNull()).isFalse();
        assertThat(view.get("steps")).as("no step ran").isEmpty();
        assertThat(view.get("build").isNull()).as("nothing was built").isTrue();
        assertThat(server.log(queued)).contains("cancelled: it was cancelled while queued, so nothing of it ran");
        JsonNode releases = server.call("GET", "/api/v1/projects/queue/environments/test/releases", null).json();
        assertThat(releases).as("neither made a release").isEmpty();

        CliProcess.Run list = slipway("deployments", "queue", "test");
        assertThat(list.out()).containsPattern(queued + "\\s+test\\s+cancelled");
    }

    private static String status(long id) {
        return server.call("GET", "/api/v1/deployments/" + id, null).json().get("deployment").get("status").asText();
    }

    private static void awaitStatus(long id, String wanted, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!status(id).equals(wanted)) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("deployment " + id + " not " + wanted + " within " + timeout + ":\n" + server.log(id));
            TestServer.sleep(100);
        }
    }
}
