package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.engine.ImageInfo;
import dev.slipway.testing.Apps;
import dev.slipway.testing.ConcurrentTest;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds and re-use on the real Docker engine: promotion, mirrors, rebuilds, pin advisories, build records.
 * The app is web only ({@link Apps#webOnly}): migrations and workers are DeploymentTest's, and each of the
 * twenty-odd deployments here skips their 3 s process check. Each method makes its own projects, so the
 * methods run side by side (three at once, junit-platform.properties) on the one server.
 */
class BuildsTest {
    static final String UNPINNED_DOCKERFILE = Apps.DOCKERFILE + "RUN true || apt-get install -y curl\n";

    @TempDir static Path tmp;
    static TestServer server;
    static ContainerEngine engine;
    static final List<String> projects = new java.util.concurrent.CopyOnWriteArrayList<>();

    String project;
    TestRepo repo;

    @BeforeAll
    static void startServer() {
        engine = DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
    }

    @AfterAll
    static void stopServer() {
        String instance = server.instanceId();
        List<String> images = new ArrayList<>();
        for (String p : projects) {
            server.call("GET", "/api/v1/projects/" + p + "/builds?limit=1000", null).json().forEach(b -> images.add(b.get("image").asText()));
        }
        server.close();
        DockerTestSupport.removeEverythingOf(instance);
        images.forEach(engine::removeImage);
    }

    @BeforeEach
    void newProject() {
        project = newName();
        repo = TestRepo.create(tmp.resolve(project));
        server.createProject(project, repo.url());
        projects.add(project);
    }

    @ConcurrentTest
    void promotionRunsTheImageTestRanWithoutBuilding() {
        String commit = repo.commit("v1", Apps.webOnly("1"));
        JsonNode test = deploy(project, "test", commit, false);
        JsonNode live = deploy(project, "live", commit, false);
        long testId = id(test);
        String testImage = build(test).get("image").asText();

        String log = server.log(id(live));
        assertThat(log).contains("re-using image " + testImage + " (sha256:").contains("built for test by deployment " + testId)
                .doesNotContain("without layer cache");
        assertThat(currentImage("live")).isEqualTo(currentImage("test")).isEqualTo(testImage);
        assertThat(build(live).get("image_id").asText()).isEqualTo(build(test).get("image_id").asText())
                .isEqualTo(engine.inspectImage(testImage).map(ImageInfo::id).orElseThrow());
        assertThat(build(live).get("kind").asText()).isEqualTo("promotion");
        assertThat(build(live).get("trigger").asText()).isEqualTo("promotion");
        assertThat(build(live).get("reused_from").asLong()).isEqualTo(build(test).get("id").asLong());
        assertThat(server.request(project, "live", "/").body()).isEqualTo("version 1\n");

        System.out.printf("FIGURE build of %s for test: deployment %.1f s (build step %.1f s); promotion to live: deployment %.1f s (build step %.1f s)%n",
                commit.substring(0, 12), seconds(test.get("deployment")), stepSeconds(test, "build"), seconds(live.get("deployment")), stepSeconds(live, "build"));
    }

    @ConcurrentTest
    void redeployingTheSameEnvironmentAtTheSameCommitBuildsAfresh() {
        String commit = repo.commit("v1", Apps.webOnly("1"));
        JsonNode first = deploy(project, "test", commit, false);
        JsonNode second = deploy(project, "test", commit, false);
        assertThat(build(second).get("kind").asText()).isEqualTo("built");
        assertThat(build(second).get("image").asText()).isNotEqualTo(build(first).get("image").asText());
        assertThat(build(second).get("image_id").asText()).isNotEqualTo(build(first).get("image_id").asText());
        assertThat(server.log(id(second))).contains("without layer cache").doesNotContain("re-using image");
    }

    @ConcurrentTest
    void redeployingTestAfterLiveWasPromotedFromItBuildsAfreshAndLiveThenGetsTheNewImage() {
        String commit = repo.commit("v1", Apps.webOnly("1"));
        JsonNode test1 = deploy(project, "test", commit, false);
        JsonNode live1 = deploy(project, "live", commit, false);
        assertThat(build(live1).get("image_id").asText()).isEqualTo(build(test1).get("image_id").asText());

        JsonNode test2 = deploy(project, "test", commit, false);
        assertThat(build(test2).get("kind").asText()).as(server.log(id(test2))).isEqualTo("built");
        assertThat(build(test2).get("image_id").asText()).isNotEqualTo(build(test1).get("image_id").asText());
        assertThat(server.log(id(test2))).contains("without layer cache").doesNotContain("re-using image");

        JsonNode live2 = deploy(project, "live", commit, false);
        assertThat(build(live2).get("kind").asText()).isEqualTo("promotion");
        assertThat(build(live2).get("image_id").asText()).isEqualTo(build(test2).get("image_id").asText());
        assertThat(build(live2).get("reused_from").asLong()).isEqualTo(build(test2).get("id").asLong());
        assertThat(server.log(id(live2))).contains("re-using image " + build(test2).get("image").asText())
                .contains("built for test by deployment " + id(test2));
        assertThat(currentImage("live")).isEqualTo(currentImage("test")).isEqualTo(build(test2).get("image").asText());
    }

    @ConcurrentTest
    void aMirrorRedeployingAtTheCommitItBuiltBuildsAfreshInsteadOfTakingItBackFromItsLive() {
        String mirror = newName();
        TestServer.Answer created = server.call("POST", "/api/v1/projects", Map.of("name", mirror, "repo", repo.url(), "mirror_of", project));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        projects.add(mirror);
        String commit = repo.commit("v1", Apps.webOnly("1"));

        JsonNode test1 = deploy(mirror, "test", commit, false);
        assertThat(build(test1).get("kind").asText()).as("the original has no image of the commit").isEqualTo("built");
        JsonNode live1 = deploy(mirror, "live", commit, false);
        assertThat(build(live1).get("kind").asText()).isEqualTo("promotion");
        assertThat(server.log(id(live1))).contains("built for test by deployment " + id(test1));

        JsonNode test2 = deploy(mirror, "test", commit, false);
        assertThat(build(test2).get("kind").asText()).as(server.log(id(test2))).isEqualTo("built");
        assertThat(build(test2).get("image_id").asText()).isNotEqualTo(build(test1).get("image_id").asText());

        // Once the original builds the commit, the mirror takes the original's image again.
        JsonNode original = deploy(project, "test", commit, false);
        JsonNode test3 = deploy(mirror, "test", commit, false);
        assertThat(build(test3).get("kind").asText()).isEqualTo("mirror");
        assertThat(build(test3).get("image_id").asText()).isEqualTo(build(original).get("image_id").asText());
        assertThat(server.log(id(test3))).contains("built for " + project + "/test by deployment " + id(original));
    }

    @ConcurrentTest
    void rebuildBuildsEvenWhenAnotherEnvironmentHasTheImage() {
        String commit = repo.commit("v1", Apps.webOnly("1"));
        JsonNode test = deploy(project, "test", commit, false);
        JsonNode live = deploy(project, "live", commit, true);
        assertThat(server.log(id(live))).contains("--rebuild: building").doesNotContain("re-using image");
        assertThat(build(live).get("kind").asText()).isEqualTo("built");
        assertThat(build(live).get("trigger").asText()).isEqualTo("admin --rebuild");
        assertThat(build(live).get("image_id").asText()).isNotEqualTo(build(test).get("image_id").asText());
    }

    @ConcurrentTest
    void aMirrorReusesItsOriginalsImageAndBuildsACommitTheOriginalLacks() {
        String c1 = repo.commit("v1", Apps.webOnly("1"));
        JsonNode original = deploy(project, "test", c1, false);
        String mirror = newName();
        TestServer.Answer created = server.call("POST", "/api/v1/projects", Map.of("name", mirror, "repo", repo.url(), "mirror_of", project));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        projects.add(mirror);

        JsonNode reused = deploy(mirror, "test", c1, false);
        assertThat(server.log(id(reused))).contains("built for " + project + "/test by deployment " + id(original));
        assertThat(build(reused).get("kind").asText()).isEqualTo("mirror");
        assertThat(build(reused).get("image_id").asText()).isEqualTo(build(original).get("image_id").asText());
        assertThat(server.request(mirror, "test", "/").body()).isEqualTo("version 1\n");

        String c2 = repo.commit("v2", Apps.webOnly("2"));
        JsonNode built = deploy(mirror, "test", c2, false);
        assertThat(build(built).get("kind").asText()).isEqualTo("built");
        assertThat(build(built).get("image").asText()).startsWith("slipway/" + mirror + ":");
        assertThat(server.request(mirror, "test", "/").body()).isEqualTo("version 2\n");
    }

    @ConcurrentTest
    void buildRecordShowsItsInputsAndAdvisoriesThroughTheApi() throws Exception {
        String commit = repo.commit("v1", Apps.with(Apps.webOnly("1"), "Dockerfile", UNPINNED_DOCKERFILE));
        JsonNode deployed = deploy(project, "test", commit, false);
        String log = server.log(id(deployed));
        assertThat(log).contains("without layer cache; base image not pulled (offline)")
                .contains("Dockerfile:4: apt-unpinned apt-get install curl without =VERSION");

        JsonNode list = server.call("GET", "/api/v1/projects/" + project + "/builds", null).json();
        assertThat(list).hasSize(1);
        JsonNode b = list.get(0);
        assertThat(b.get("deployment_id").asLong()).isEqualTo(id(deployed));
        assertThat(b.get("commit").asText()).isEqualTo(commit);
        assertThat(b.get("kind").asText()).isEqualTo("built");
        assertThat(b.get("trigger").asText()).isEqualTo("admin");
        assertThat(b.get("dockerfile_digest").asText()).isEqualTo("sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(UNPINNED_DOCKERFILE.getBytes(StandardCharsets.UTF_8))));
        assertThat(b.get("base_image").asText()).isEqualTo(DockerTestSupport.BUSYBOX);
        assertThat(b.get("base_image_id").asText()).isEqualTo(engine.inspectImage(DockerTestSupport.BUSYBOX).orElseThrow().id());
        assertThat(b.get("no_cache").asBoolean()).isTrue();
        assertThat(b.get("pulled_base_image").asBoolean()).isFalse();
        assertThat(b.get("duration_ms").asLong()).isPositive();
        ImageInfo image = engine.inspectImage(b.get("image").asText()).orElseThrow();
        assertThat(b.get("image_id").asText()).isEqualTo(image.id());
        assertThat(b.get("image_size").asLong()).isEqualTo(image.size()).isPositive();
        assertThat(b.get("advisories")).extracting(JsonNode::asText).containsExactly("Dockerfile:4: apt-unpinned apt-get install curl without =VERSION");
        assertThat(b.get("log").asText()).isEqualTo("/api/v1/deployments/" + id(deployed) + "/log");
        assertThat(deployed.get("build").get("id").asLong()).isEqualTo(b.get("id").asLong());
    }

    @ConcurrentTest
    void strictPinsFailsTheBuildAndLeavesTheOldReleaseServing() {
        repo.commit("v1", Apps.webOnly("1"));
        deploy(project, "test", null, false);
        String strict = repo.commit("strict", Apps.with(Apps.with(Apps.webOnly("2"), "Dockerfile", UNPINNED_DOCKERFILE),
                "slipway.yaml", Apps.WEB_ONLY_CONFIG + "build:\n  strict_pins: true\n"));
        JsonNode failed = server.await(startDeploy(project, "test", strict, false), Duration.ofMinutes(3));
        JsonNode d = failed.get("deployment");
        assertThat(d.get("status").asText()).isEqualTo("FAILED");
        assertThat(d.get("failed_step").asText()).isEqualTo("build");
        assertThat(d.get("reason").asText()).contains("strict_pins").contains("Dockerfile:4: apt-unpinned");
        assertThat(failed.get("build").isNull()).as("no image was built or recorded").isTrue();
        assertThat(failed.get("steps")).extracting(s -> s.get("name").asText()).containsExactly("check-services", "checkout", "build");
        assertThat(failed.get("steps")).as("each step that ran says it was undone, and that its undo removed everything")
                .allSatisfy(s -> assertThat(s.get("undone_at").isNull()).as(s.get("name").asText()).isFalse())
                .allSatisfy(s -> assertThat(s.get("undo_message").isNull()).as(s.get("name").asText()).isTrue());
        assertThat(server.request(project, "test", "/").body()).isEqualTo("version 1\n");
    }

    @ConcurrentTest
    void aRequirementFileCopiedIntoTheImageIsCheckedAndOneMadeByARunIsReportedWithoutStoppingTheBuild() {
        String dockerfile = "FROM busybox:1.36\nCOPY requirements.txt /app/\nRUN true || pip install -r /app/requirements.txt\n"
                + "RUN echo flask > /tmp/made.txt && (true || pip install -r /tmp/made.txt)\n"
                + "COPY www /www\nCMD [\"sh\", \"-c\", \"exec httpd -f -p \\\"$PORT\\\" -h /www\"]\n";
        String commit = repo.commit("req", Apps.with(Apps.with(Apps.webOnly("1"), "Dockerfile", dockerfile), "requirements.txt", "flask==3.0.3\nrequests\n"));
        JsonNode deployed = deploy(project, "test", commit, false);
        List<String> expected = List.of(
                "Dockerfile:4: input-unresolved requirement file /tmp/made.txt is not copied into the image before this line;"
                        + " it is made by an earlier RUN or comes with the base image, so its pins cannot be checked",
                "requirements.txt:2: requirements-unpinned requests has no ==VERSION (requests)");
        assertThat(build(deployed).get("advisories")).extracting(JsonNode::asText).containsExactlyElementsOf(expected);
        assertThat(server.log(id(deployed))).contains("pin advisories: 2 unpinned input(s)").contains("  " + expected.get(0)).contains("  " + expected.get(1));
        assertThat(server.request(project, "test", "/").body()).isEqualTo("version 1\n");
    }

    @ConcurrentTest
    void buildsEndpointAnswersBadInputWith4xx() {
        assertThat(server.call("GET", "/api/v1/projects/nope/builds", null).status()).isEqualTo(404);
        assertThat(server.call("GET", "/api/v1/projects/" + project + "/builds?limit=abc", null).status()).isEqualTo(400);
        assertThat(server.call("GET", "/api/v1/projects/" + project + "/builds?environment=nope", null).status()).isEqualTo(404);
        assertThat(server.call("GET", "/api/v1/builds/x", null).status()).isEqualTo(400);
        assertThat(server.call("GET", "/api/v1/builds/999999", null).status()).isEqualTo(404);
    }

    // helpers

    static String newName() {
        return "b" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    long startDeploy(String p, String env, String ref, boolean rebuild) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (ref != null) body.put("ref", ref);
        body.put("rebuild", rebuild);
        TestServer.Answer a = server.call("POST", "/api/v1/projects/" + p + "/environments/" + env + "/deployments", body);
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        return a.json().get("id").asLong();
    }

    /** Deploys, waits, and asserts that it succeeded. */
    JsonNode deploy(String p, String env, String ref, boolean rebuild) {
        long id = startDeploy(p, env, ref, rebuild);
        JsonNode view = server.await(id, Duration.ofMinutes(3));
        assertThat(view.get("deployment").get("status").asText()).as(server.log(id)).isEqualTo("SUCCEEDED");
        return view;
    }

    static long id(JsonNode view) {
        return view.get("deployment").get("id").asLong();
    }

    static JsonNode build(JsonNode view) {
        JsonNode b = view.get("build");
        assertThat(b).as("the deployment view names its build").isNotNull();
        assertThat(b.isNull()).isFalse();
        return b;
    }

    String currentImage(String env) {
        for (JsonNode e : server.call("GET", "/api/v1/projects/" + project, null).json().get("environments")) {
            if (e.get("name").asText().equals(env)) return e.get("current_release").get("image").asText();
        }
        throw new AssertionError("no environment " + env);
    }

    static double seconds(JsonNode deployment) {
        return Duration.between(Instant.parse(deployment.get("started_at").asText()), Instant.parse(deployment.get("finished_at").asText())).toMillis() / 1000.0;
    }

    static double stepSeconds(JsonNode view, String step) {
        for (JsonNode s : view.get("steps")) {
            if (s.get("name").asText().equals(step)) {
                return Duration.between(Instant.parse(s.get("started_at").asText()), Instant.parse(s.get("finished_at").asText())).toMillis() / 1000.0;
            }
        }
        throw new AssertionError("no step " + step);
    }
}
