package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerState;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.Http;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deployments end to end on the real Docker engine, from real Git repositories on disk. */
class DeploymentTest {
    @TempDir static Path tmp;
    static TestServer server;
    static ContainerEngine engine;

    String project;
    TestRepo repo;

    /**
     * One project live at v1 for the tests that only need "v1 serving" before they fail a deployment: each
     * failure leaves v1 serving (which the test asserts), so the next test starts from the same state
     * without deploying v1 again. Seven deployments fewer.
     */
    static String sharedProject;
    static TestRepo sharedRepo;

    @BeforeAll
    static void startServer() {
        engine = DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
    }

    @AfterAll
    static void stopServer() {
        server.closeAndRemoveWhatItRan();
    }

    @BeforeEach
    void newProject() {
        project = "p" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        repo = TestRepo.create(tmp.resolve(project));
        server.createProject(project, repo.url());
    }

    @Test
    void deployThenRedeployRunsMigrationAndWorkerAndRetiresTheOldRelease() {
        repo.commit("v1", Apps.version("1"));
        JsonNode first = server.deployAndAwait(project, "test", null);
        long firstId = first.get("deployment").get("id").asLong();
        assertSucceeded(first);
        assertThat(stepNames(first)).containsExactly("check-services", "checkout", "build", "start", "migrate", "processes", "health", "switch", "retire", "prune");
        assertThat(server.log(firstId)).contains("migration ran for test").contains("[build]");
        assertThat(server.request(project, "test", "/").body()).isEqualTo("version 1\n");
        assertThat(roles(firstId)).containsExactlyInAnyOrder("web", "process:worker");

        String v2 = repo.commit("v2", Apps.version("2"));
        JsonNode second = server.deployAndAwait(project, "test", null);
        assertSucceeded(second);
        assertThat(second.get("deployment").get("commit").asText()).isEqualTo(v2);
        assertThat(server.request(project, "test", "/").body()).isEqualTo("version 2\n");
        assertThat(containersOf(firstId)).as("the old release's containers are retired").isEmpty();
        assertThat(roles(second.get("deployment").get("id").asLong())).containsExactlyInAnyOrder("web", "process:worker");
    }

    @Test
    void badConfigFailsAtCheckoutAndLeavesOldServing() {
        onSharedVersionOne();
        repo.commit("typo", Apps.with(Apps.version("2"), "slipway.yaml", "web:\n  port: 8080\n  helth:\n    path: /\n"));
        JsonNode failed = server.deployAndAwait(project, "test", null);
        assertFailedLeavingOldServing(failed, "checkout", "slipway.yaml:3", "web.helth");
    }

    @Test
    void buildErrorLeavesOldServing() {
        onSharedVersionOne();
        repo.commit("broken build", Apps.with(Apps.version("2"), "Dockerfile", Apps.DOCKERFILE + "RUN echo compiling && echo 'syntax error' && exit 3\n"));
        JsonNode failed = server.deployAndAwait(project, "test", null);
        assertFailedLeavingOldServing(failed, "build", "exit 3", "syntax error");
    }

    @Test
    void missingDockerfileFailsTheBuild() {
        onSharedVersionOne();
        repo.commit("no dockerfile", Apps.with(Apps.version("2"), "Dockerfile", null));
        JsonNode failed = server.deployAndAwait(project, "test", null);
        assertFailedLeavingOldServing(failed, "build", "Dockerfile not found");
    }

    @Test
    void crashingWebContainerLeavesOldServing() {
        onSharedVersionOne();
        repo.commit("crash", Apps.with(Apps.version("2"), "Dockerfile", "FROM busybox:1.36\nCMD [\"sh\", \"-c\", \"echo cannot open database; exit 7\"]\n"));
        JsonNode failed = server.deployAndAwait(project, "test", null);
        assertThat(failed.get("deployment").get("failed_step").asText()).isIn("start", "health");
        assertFailedLeavingOldServing(failed, failed.get("deployment").get("failed_step").asText(), "exited with code 7", "cannot open database");
    }

    @Test
    void failingMigrationLeavesOldServing() {
        onSharedVersionOne();
        repo.commit("bad migration", Apps.with(Apps.version("2"), "slipway.yaml",
                Apps.CONFIG.replace("echo \"migration ran for $SLIPWAY_ENVIRONMENT\"", "echo relation users does not exist; exit 4")));
        JsonNode failed = server.deployAndAwait(project, "test", null);
        assertFailedLeavingOldServing(failed, "migrate", "exited with code 4", "relation users does not exist");
    }

    @Test
    void crashingWorkerLeavesOldServing() {
        onSharedVersionOne();
        repo.commit("bad worker", Apps.with(Apps.version("2"), "slipway.yaml",
                Apps.CONFIG.replace("echo \"worker up\"; while true; do sleep 1; done", "echo queue unreachable; exit 5")));
        JsonNode failed = server.deployAndAwait(project, "test", null);
        assertFailedLeavingOldServing(failed, "processes", "'worker'", "exited with code 5", "queue unreachable");
    }

    @Test
    void failingHealthCheckLeavesOldServing() {
        onSharedVersionOne();
        repo.commit("unhealthy", Apps.with(Apps.version("2"), "slipway.yaml",
                Apps.CONFIG.replace("path: /", "path: /missing").replace("timeout: 15s", "timeout: 3s")));
        JsonNode failed = server.deployAndAwait(project, "test", null);
        assertFailedLeavingOldServing(failed, "health", "/missing", "HTTP 404");
    }

    @Test
    void unknownRefFailsAtCheckout() {
        onSharedVersionOne();
        // A branch or tag the repository lacks is refused at the request (UnknownRefRefusedTest); a full SHA is
        // not checked there, so one that is in no branch gets as far as checkout.
        String missing = "0123456789abcdef0123456789abcdef01234567";
        JsonNode failed = server.deployAndAwait(project, "test", missing);
        assertFailedLeavingOldServing(failed, "checkout", missing);
    }

    @Test
    void rollbackRunsTheEarlierImageWithoutBuilding() {
        String v1 = deployVersionOne();
        repo.commit("v2", Apps.version("2"));
        assertSucceeded(server.deployAndAwait(project, "test", null));
        assertThat(server.request(project, "test", "/").body()).isEqualTo("version 2\n");

        JsonNode rollback = server.await(server.rollback(project, "test", null), Duration.ofMinutes(2));
        assertSucceeded(rollback);
        assertThat(stepNames(rollback)).doesNotContain("checkout", "build");
        assertThat(stepNames(rollback)).startsWith("restore", "check-services");
        assertThat(rollback.get("deployment").get("commit").asText()).isEqualTo(v1);
        assertThat(server.request(project, "test", "/").body()).isEqualTo("version 1\n");
    }

    @Test
    void twoDeploymentsOfOneEnvironmentAreSerialized() {
        repo.commit("v1", Apps.version("1"));
        long first = server.deploy(project, "test", null);
        long second = server.deploy(project, "test", null);
        JsonNode a = server.await(first, Duration.ofMinutes(2)).get("deployment");
        JsonNode b = server.await(second, Duration.ofMinutes(2)).get("deployment");
        assertThat(a.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(b.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Instant.parse(b.get("started_at").asText())).isAfterOrEqualTo(Instant.parse(a.get("finished_at").asText()));
        assertThat(containersOf(first)).isEmpty();
    }

    @Test
    void differentEnvironmentsDeployInParallel() {
        repo.commit("slow migration", Apps.with(Apps.version("1"), "slipway.yaml",
                Apps.CONFIG.replace("echo \"migration ran for $SLIPWAY_ENVIRONMENT\"", "sleep 4")));
        long test = server.deploy(project, "test", null);
        long live = server.deploy(project, "live", null);
        JsonNode a = server.await(test, Duration.ofMinutes(2)).get("deployment");
        JsonNode b = server.await(live, Duration.ofMinutes(2)).get("deployment");
        assertThat(a.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(b.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Instant.parse(b.get("started_at").asText())).isBefore(Instant.parse(a.get("finished_at").asText()));
        assertThat(Instant.parse(a.get("started_at").asText())).isBefore(Instant.parse(b.get("finished_at").asText()));
    }

    @Test
    void requestsThroughTheRouterDuringARedeploySeeNoError() throws Exception {
        deployVersionOne();
        repo.commit("v2", Apps.version("2"));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Thread> clients = new ArrayList<>();
        Instant stopAt = Instant.now().plus(Duration.ofMinutes(2)); // bounded even if the deployment hangs
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofPlatform().start(() -> {
                while (running.get() && Instant.now().isBefore(stopAt)) {
                    Http.Answer a = server.request(project, "test", "/");
                    if (a.status() == 200) {
                        ok.incrementAndGet();
                        seen.add(a.body());
                    } else {
                        errors.add(a.status() + " " + a.body());
                    }
                }
            }));
        }
        JsonNode second = server.deployAndAwait(project, "test", null);
        TestServer.sleep(300);
        running.set(false);
        for (Thread t : clients) t.join();
        assertSucceeded(second);
        assertThat(errors).isEmpty();
        assertThat(ok.get()).isGreaterThan(50);
        assertThat(seen).containsExactlyInAnyOrder("version 1\n", "version 2\n");
    }

    /**
     * Points this test at the shared project, live at v1: deployed once per class, and deployed again only
     * when it no longer serves v1 (an earlier test failed in a way that broke it), so one failure does not
     * spread to the tests after it.
     */
    private void onSharedVersionOne() {
        if (sharedProject != null && server.request(sharedProject, "test", "/").body().equals("version 1\n")) {
            project = sharedProject;
            repo = sharedRepo;
            return;
        }
        deployVersionOne();
        sharedProject = project;
        sharedRepo = repo;
    }

    private String deployVersionOne() {
        String sha = repo.commit("v1", Apps.version("1"));
        assertSucceeded(server.deployAndAwait(project, "test", null));
        assertThat(server.request(project, "test", "/").body()).isEqualTo("version 1\n");
        return sha;
    }

    private void assertFailedLeavingOldServing(JsonNode view, String step, String... reasonParts) {
        JsonNode d = view.get("deployment");
        long id = d.get("id").asLong();
        assertThat(d.get("status").asText()).as(server.log(id)).isEqualTo("FAILED");
        assertThat(d.get("failed_step").asText()).isEqualTo(step);
        assertThat(d.get("reason").asText()).contains(reasonParts);
        assertThat(server.request(project, "test", "/").body()).as("the old release still serves").isEqualTo("version 1\n");
        assertThat(containersOf(id)).as("nothing of the failed deployment is left").isEmpty();
        assertThat(engine.imageExists(Build.tag(project, "test", id, server.instanceId()))).as("its image is removed").isFalse();
    }

    private static void assertSucceeded(JsonNode view) {
        JsonNode d = view.get("deployment");
        assertThat(d.get("status").asText()).as(server.log(d.get("id").asLong())).isEqualTo("SUCCEEDED");
    }

    private static List<String> stepNames(JsonNode view) {
        List<String> names = new ArrayList<>();
        view.get("steps").forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    private List<ContainerState> containersOf(long deploymentId) {
        return engine.list(Map.of(Labels.INSTANCE, server.instanceId(), Labels.DEPLOYMENT, Long.toString(deploymentId)));
    }

    private List<String> roles(long deploymentId) {
        return containersOf(deploymentId).stream().filter(ContainerState::running).map(c -> c.labels().get(Labels.ROLE)).toList();
    }
}
