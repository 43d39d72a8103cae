package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rebuild of a commit that builds into a different image says where it differs, in the log and the API. */
class DriftInDeploymentTest {
    @TempDir static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() {
        DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
    }

    @AfterAll
    static void stop() {
        server.closeAndRemoveWhatItRan();
    }

    @Test
    void redeployingACommitThatBuildsDifferentlyReportsTheDrift() {
        TestRepo repo = TestRepo.create(tmp.resolve("repo"));
        repo.commit("v1", Apps.with(Apps.version("1"), "Dockerfile", Apps.DOCKERFILE + "RUN date +%s%N > /built-at\n"));
        server.createProject("drifty", repo.url());
        JsonNode first = server.deployAndAwait("drifty", "test", null).get("deployment");
        JsonNode second = server.deployAndAwait("drifty", "test", null).get("deployment");
        assertThat(first.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(second.get("status").asText()).as(server.log(second.get("id").asLong())).isEqualTo("SUCCEEDED");

        String log = server.log(second.get("id").asLong());
        assertThat(log).contains("comparing with build").contains("drift: first difference: Dockerfile:4 RUN date +%s%N > /built-at")
                .contains("/built-at").contains("drift: no package versions changed");
        assertThat(server.log(first.get("id").asLong())).doesNotContain("drift:");

        long firstBuild = build(first.get("id").asLong());
        long secondBuild = build(second.get("id").asLong());
        List<String> stored = lines(server.call("GET", "/api/v1/builds/" + secondBuild + "/drift", null).json());
        assertThat(stored).anyMatch(l -> l.startsWith("first difference: Dockerfile:4 RUN date"));
        List<String> asked = lines(server.call("GET", "/api/v1/builds/" + secondBuild + "/drift?against=" + firstBuild, null).json());
        assertThat(asked).anyMatch(l -> l.startsWith("first difference:") && l.contains("date"));
        assertThat(server.call("GET", "/api/v1/builds/" + firstBuild + "/drift", null).status()).isEqualTo(404);
        assertThat(server.call("GET", "/api/v1/builds/" + secondBuild + "/drift?against=x", null).status()).isEqualTo(400);
    }

    private static long build(long deploymentId) {
        JsonNode view = server.call("GET", "/api/v1/deployments/" + deploymentId, null).json();
        return view.get("build").get("id").asLong();
    }

    private static List<String> lines(JsonNode node) {
        List<String> lines = new ArrayList<>();
        node.get("lines").forEach(l -> lines.add(l.asText()));
        return lines;
    }
}
