package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import dev.slipway.cli.CliProcess;
import dev.slipway.deploy.Labels;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Browser;
import org.openqa.selenium.By;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import dev.slipway.testing.Apps;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A current release whose containers stop between deployments, on the real engine: the supervisor
 * starts them again with a backoff, the environment says {@code degraded} with the reason meanwhile,
 * and {@code healthy} (with the restart counted) once they run and answer again.
 */
class SupervisorTest {
    static final String PROJECT = "supervised";

    @TempDir static Path tmp;
    static TestServer server;
    static TestRepo repo;
    static DockerClient docker;

    @BeforeAll
    static void startServer() {
        docker = DockerTestSupport.client();
        server = TestServer.start(tmp.resolve("data"));
        repo = TestRepo.create(tmp.resolve("repo"));
        server.createProject(PROJECT, repo.url());
        // The worker runs out of memory once /tmp/oom exists: dd's 100 MB buffer in a 32 MB container.
        String config = Apps.CONFIG.replace("""
                    command: echo "worker up"; while true; do sleep 1; done
                """, """
                    command: echo "worker up"; while [ ! -e /tmp/oom ]; do sleep 0.2; done; exec dd if=/dev/zero of=/dev/null bs=100M count=1
                """) + "resources:\n  memory: 32m\n";
        repo.commit("v1", Apps.with(Apps.version("1"), "slipway.yaml", config));
        for (String env : new String[] {"test", "live"}) {
            JsonNode d = server.deployAndAwait(PROJECT, env, null).get("deployment");
            assertThat(d.get("status").asText()).as(server.log(d.get("id").asLong())).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void theOnlyWebContainerStaysRoutedWhenItsHealthPathFailsAndTheEnvironmentSaysSo() throws Exception {
        String env = "stage";
        server.call("POST", "/api/v1/projects/" + PROJECT + "/environments", java.util.Map.of("name", env));
        // Health answers 500 once /tmp/sick exists; the page itself keeps answering.
        java.util.Map<String, String> files = Apps.with(Apps.version("1"), "slipway.yaml", Apps.CONFIG.replace("path: /", "path: /cgi-bin/health"));
        files = Apps.with(files, "Dockerfile", Apps.DOCKERFILE.replace("COPY www /www\n", "COPY www /www\nRUN chmod 755 /www/cgi-bin/health\n"));
        files = Apps.with(files, "www/cgi-bin/health", "#!/bin/sh\nif [ -e /tmp/sick ]; then printf 'Status: 500 Sick\\r\\n\\r\\nsick\\n'; else printf 'Status: 200 OK\\r\\n\\r\\nok\\n'; fi\n");
        repo.commit("v1 with a health script", files);
        JsonNode d = server.deployAndAwait(PROJECT, env, null).get("deployment");
        assertThat(d.get("status").asText()).as(server.log(d.get("id").asLong())).isEqualTo("SUCCEEDED");
        String web = containerWithRole(env, Labels.ROLE_WEB);
        var exec = docker.execCreateCmd(web).withCmd("touch", "/tmp/sick").exec();
        docker.execStartCmd(exec.getId()).start().awaitCompletion(10, TimeUnit.SECONDS);

        await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> condition(env).get("state").asText().equals("degraded"));
        JsonNode problem = condition(env).get("problems").get(0);
        assertThat(problem.get("reason").asText()).contains("runs but does not answer /cgi-bin/health (HTTP 500, 3 checks in a row)");
        // It is the only one that runs: taking it out would answer nothing at all instead of its pages.
        assertThat(server.request(PROJECT, env, "/").body()).isEqualTo("version 1\n");
        assertThat(DockerTestSupport.inspect(web).getState().getRunning()).isTrue();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.closeAndRemoveWhatItRan();
    }

    @Test
    void aCrashedWebContainerIsStartedAgainAndTheEnvironmentIsDegradedUntilItAnswers() {
        JsonNode release = environment("test").get("current_release");
        assertThat(condition("test").get("state").asText()).isEqualTo("healthy");
        String web = webContainer("test");
        Instant killed = Instant.now();
        docker.killContainerCmd(web).withSignal("SIGKILL").exec();

        AtomicReference<JsonNode> degraded = new AtomicReference<>();
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode c = condition("test");
            if (!c.get("state").asText().equals("degraded")) return false;
            degraded.set(c);
            return true;
        });
        JsonNode problem = degraded.get().get("problems").get(0);
        assertThat(problem.get("process").asText()).isEqualTo("web");
        assertThat(problem.get("reason").asText()).isEqualTo("exited with code 137");

        await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> condition("test").get("state").asText().equals("healthy"));
        Duration back = Duration.between(killed, Instant.now());
        JsonNode healthy = condition("test");
        assertThat(healthy.get("problems")).isEmpty();
        assertThat(healthy.get("restarts").properties()).hasSize(1);
        assertThat(healthy.get("restarts").elements().next().asInt()).isEqualTo(1);
        assertThat(DockerTestSupport.inspect(web).getState().getRunning()).isTrue();
        assertThat(server.request(PROJECT, "test", "/").body()).isEqualTo("version 1\n");
        // The same release, started again in place: no deployment was made.
        assertThat(environment("test").get("current_release").get("id").asLong()).isEqualTo(release.get("id").asLong());
        System.out.println("SUPERVISOR web container killed -> healthy and routed again in " + back.toMillis() + " ms");
    }

    @Test
    void aProcessKilledForMemoryIsReportedAsSuchAndStartedAgainWithABackoff() throws Exception {
        String id = processContainer("live");
        var exec = docker.execCreateCmd(id).withCmd("touch", "/tmp/oom").exec();
        docker.execStartCmd(exec.getId()).start().awaitCompletion(10, TimeUnit.SECONDS);

        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> condition("live").get("state").asText().equals("degraded"));
        // /tmp/oom stays in the container: each start runs out of memory again, so the restarts back off (1 s, 2 s, …).
        await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                .until(() -> condition("live").get("problems").get(0).get("restarts").asInt() >= 3);
        JsonNode problem = condition("live").get("problems").get(0);
        assertThat(problem.get("process").asText()).isEqualTo("worker");
        assertThat(problem.get("reason").asText()).isEqualTo("was killed: out of memory");
        assertThat(DockerTestSupport.inspect(id).getRestartCount()).as("Slipway, not the engine, restarts it").isZero();
        // The web container is untouched and still serves.
        assertThat(server.request(PROJECT, "live", "/").body()).isEqualTo("version 1\n");

        CliProcess.Run status = CliProcess.against(server, tmp).run("status", PROJECT);
        assertThat(status.exit()).as(status.all()).isZero();
        assertThat(status.out()).contains("degraded: worker ").contains("was killed: out of memory").contains("started again ");

        try (Browser browser = Browser.start(tmp.resolve("profile"))) {
            UiPages.signedIn(browser, server);
            UiPages.openProject(browser, server, PROJECT);
            browser.await(textToBePresentInElementLocated(By.cssSelector("tr[data-environment=live] .state"), "degraded: worker was killed: out of memory"));
            assertThat(browser.find(By.cssSelector("tr[data-environment=test] .state")).getText()).doesNotContain("degraded");
        }
    }

    private static JsonNode environment(String env) {
        for (JsonNode e : server.call("GET", "/api/v1/projects/" + PROJECT, null).json().get("environments")) {
            if (e.get("name").asText().equals(env)) return e;
        }
        throw new AssertionError("no environment " + env);
    }

    private static JsonNode condition(String env) {
        return environment(env).get("condition");
    }

    private static String webContainer(String env) {
        return containerWithRole(env, Labels.ROLE_WEB);
    }

    private static String processContainer(String env) {
        return containerWithRole(env, Labels.ROLE_PROCESS_PREFIX + "worker");
    }

    private static String containerWithRole(String env, String role) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of(Labels.INSTANCE, server.instanceId(), Labels.PROJECT, PROJECT, Labels.ENVIRONMENT, env, Labels.ROLE, role))
                .exec().getFirst().getId();
    }
}
