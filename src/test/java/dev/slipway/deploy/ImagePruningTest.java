package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerSpec;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.server.ServerOptions;
import dev.slipway.testing.Apps;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pruning on the real engine with a server that keeps the images of the last 2 releases per environment. */
class ImagePruningTest {
    @TempDir static Path tmp;
    static TestServer server;
    static ContainerEngine engine;
    static String project;
    static final List<String> ownContainers = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        engine = DockerTestSupport.engine();
        server = TestServer.start(ServerOptions.defaults(tmp.resolve("data")).withPorts(0, 0).withKeepReleases(2));
    }

    @AfterAll
    static void stopServer() {
        String instance = server.instanceId();
        List<String> images = new ArrayList<>();
        if (project != null) {
            server.call("GET", "/api/v1/projects/" + project + "/builds?limit=1000", null).json().forEach(b -> images.add(b.get("image").asText()));
        }
        server.close();
        ownContainers.forEach(engine::remove);
        DockerTestSupport.removeEverythingOf(instance);
        images.forEach(engine::removeImage);
    }

    @Test
    void pruningRemovesOldImagesButNeverOneInUseAndRollbackStillWorks() {
        project = "q" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        TestRepo repo = TestRepo.create(tmp.resolve(project));
        server.createProject(project, repo.url());

        List<String> testImages = new ArrayList<>();
        List<Long> deployments = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            String commit = repo.commit("v" + v, Apps.webOnly(Integer.toString(v)));
            JsonNode d = deploy("test", commit);
            deployments.add(d.get("deployment").get("id").asLong());
            testImages.add(d.get("build").get("image").asText());
            if (v == 1) {
                // live runs test's v1 image (a promotion): test's pruning must leave it alone.
                assertThat(deploy("live", commit).get("build").get("image").asText()).isEqualTo(testImages.get(0));
            }
            if (v == 2) {
                // A container outside any release uses v2's image: the engine's user must not lose it.
                String id = engine.create(new ContainerSpec("slipway-prune-test-" + project, testImages.get(1), List.of("sh", "-c", "sleep 600"),
                        Map.of(), Map.of("slipway.test", "prune-" + project), null, null, List.of(), Map.of()));
                ownContainers.add(id);
                engine.start(id);
            }
        }

        assertThat(engine.imageExists(testImages.get(0))).as("v1: live's current release").isTrue();
        assertThat(engine.imageExists(testImages.get(1))).as("v2: a running container uses it").isTrue();
        assertThat(engine.imageExists(testImages.get(2))).as("v3: beyond the last 2 releases, unused").isFalse();
        assertThat(engine.imageExists(testImages.get(3))).as("v4: kept release").isTrue();
        assertThat(engine.imageExists(testImages.get(4))).as("v5: current release").isTrue();
        assertThat(server.log(deployments.get(4))).contains("removed image " + testImages.get(2)).contains("keeping " + testImages.get(1) + ": a container uses it");
        assertThat(server.log(deployments.get(3))).contains("keeping " + testImages.get(1));

        JsonNode v3Build = server.call("GET", "/api/v1/projects/" + project + "/builds?environment=test&limit=100", null).json();
        for (JsonNode b : v3Build) {
            boolean pruned = !b.get("pruned_at").isNull();
            assertThat(pruned).as(b.get("image").asText()).isEqualTo(b.get("image").asText().equals(testImages.get(2)));
        }
        assertThat(server.request(project, "live", "/").body()).isEqualTo("version 1\n");

        // Rollback to a kept release needs no build; to a pruned one it is refused with the reason.
        JsonNode rollback = server.await(server.rollback(project, "test", deployments.get(3)), Duration.ofMinutes(3));
        assertThat(rollback.get("deployment").get("status").asText()).as(server.log(rollback.get("deployment").get("id").asLong())).isEqualTo("SUCCEEDED");
        assertThat(rollback.get("build").get("kind").asText()).isEqualTo("rollback");
        assertThat(rollback.get("build").get("image").asText()).isEqualTo(testImages.get(3));
        assertThat(server.request(project, "test", "/").body()).isEqualTo("version 4\n");

        TestServer.Answer refused = server.call("POST", "/api/v1/projects/" + project + "/environments/test/rollback", Map.of("release", deployments.get(2)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).contains("no longer exists");
    }

    private JsonNode deploy(String env, String ref) {
        long id = server.deploy(project, env, ref);
        JsonNode view = server.await(id, Duration.ofMinutes(3));
        assertThat(view.get("deployment").get("status").asText()).as(server.log(id)).isEqualTo("SUCCEEDED");
        return view;
    }
}
