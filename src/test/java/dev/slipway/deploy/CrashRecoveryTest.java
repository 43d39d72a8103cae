package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.Http;
import dev.slipway.testing.ServerProcess;
import dev.slipway.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with -9 in the middle of a step comes back with the deployment interrupted, what it
 * had added removed, the current release routed again, and the next deployment accepted.
 */
class CrashRecoveryTest {
    @TempDir Path tmp;
    ServerProcess server;

    @AfterEach
    void stop() throws IOException {
        if (server == null) return;
        server.close();
        if (Files.exists(server.data().resolve("instance-id"))) DockerTestSupport.removeEverythingOf(server.instanceId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"build", "migrate", "processes"})
    void killedServerComesBackWithTheDeploymentInterruptedAndTheOldReleaseServing(String step) throws Exception {
        TestRepo repo = TestRepo.create(tmp.resolve("repo"));
        String v1 = repo.commit("v1", Apps.webOnly("1")); // web only: the crash is in v2, which has the migration and worker
        server = ServerProcess.start(tmp, tmp.resolve("data"), List.of());
        server.call("POST", "/api/v1/projects", Map.of("name", "crash", "repo", repo.url()));
        long first = server.deploy("crash", "test");
        assertThat(server.awaitStatus(first)).isEqualTo("SUCCEEDED");

        Function<Map<String, String>, Map<String, String>> slowStep = switch (step) {
            case "build" -> files -> Apps.with(files, "Dockerfile", Apps.DOCKERFILE + "RUN echo slow build && sleep 60\n");
            case "migrate" -> files -> Apps.with(files, "slipway.yaml", Apps.CONFIG.replace("echo \"migration ran for $SLIPWAY_ENVIRONMENT\"", "echo slow migration; sleep 60"));
            default -> files -> files;
        };
        repo.commit("v2", slowStep.apply(Apps.version("2")));
        long second = server.deploy("crash", "test");
        server.awaitLog(second, "[" + step + "] ==> " + step);
        if (!step.equals("processes")) server.awaitLog(second, "slow");
        server.kill();

        server.startAgain();
        assertRecovered(server, DockerTestSupport.engine(), "crash", first, second, v1, step);

        repo.commit("v3", Apps.webOnly("3"));
        long third = server.deploy("crash", "test");
        assertThat(server.awaitStatus(third)).isEqualTo("SUCCEEDED");
        assertThat(Http.get(server.routerPort(), "test.crash.localhost", "/").body()).isEqualTo("version 3\n");
    }

    /**
     * After the restart: deployment {@code second} interrupted at {@code step}, its log ending with what still
     * serves, nothing of it left on {@code engine}, and release {@code first} (commit {@code v1}) routed.
     */
    static void assertRecovered(ServerProcess server, ContainerEngine engine, String project, long first, long second, String v1, String step)
            throws Exception {
        assertThat(server.status(second)).isEqualTo("INTERRUPTED");
        JsonNode view = server.call("GET", "/api/v1/deployments/" + second, null);
        assertThat(view.get("deployment").get("failed_step").asText()).isEqualTo(step);
        String serving = "release " + first + " (commit " + v1.substring(0, 12) + ") is still serving";
        assertThat(view.get("still_serving").asText()).isEqualTo(serving);
        JsonNode lines = server.call("GET", "/api/v1/deployments/" + second + "/log", null).get("lines");
        assertThat(lines.get(lines.size() - 1).get("text").asText()).isEqualTo(serving);
        assertThat(engine.list(Map.of(Labels.INSTANCE, server.instanceId(), Labels.DEPLOYMENT, Long.toString(second)))).isEmpty();
        assertThat(Http.get(server.routerPort(), "test." + project + ".localhost", "/").body()).isEqualTo("version 1\n");
    }
}
