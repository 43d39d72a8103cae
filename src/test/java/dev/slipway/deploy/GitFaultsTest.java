package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.build.Commands;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.FlakyGitServer;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's Git server fails under a deployment: a real HTTP Git server on 127.0.0.1 cuts the
 * connection, or goes away, in the middle of a 3 MB pack (a cut that happens once is fetched again: the
 * shallow fetch falls back to a full one); and the branch's history is rewritten by a
 * force-push between two deployments: the next deployment of the branch deploys the new tip, as a
 * push to Heroku or Dokku with {@code --force} does. Clients keep asking the router meanwhile.
 *
 * <p>One project for the class (v1 deployed once over HTTP): the two faults that fail run first, then
 * the two that switch.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitFaultsTest {
    static final String PROJECT = "git-faults";
    static final String V1 = "version 1\n";
    static final long PACK_SENT_BEFORE_FAULT = 256 * 1024;

    @TempDir static Path tmp;
    static TestServer server;
    static ContainerEngine engine;
    static FlakyGitServer git;
    static TestRepo work;
    static Path bare;
    static String v1;

    @BeforeAll
    static void deployVersionOneOverHttp() {
        engine = DockerTestSupport.engine();
        work = TestRepo.create(tmp.resolve("work"));
        bare = tmp.resolve("served/app.git");
        Commands.run(tmp, "git", "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
        git = FlakyGitServer.serve(tmp.resolve("served"));
        v1 = work.commit("v1", Apps.with(Apps.version("1"), "slipway.yaml", config()));
        push();
        server = TestServer.start(tmp.resolve("data"));
        server.createProject(PROJECT, git.url("app.git"));
        assertSucceeded(server.deployAndAwait(PROJECT, "test", null));
        assertThat(server.request(PROJECT, "test", "/").body()).isEqualTo("version 1\n");
    }

    @AfterAll
    static void stopServers() {
        if (server != null) server.closeAndRemoveWhatItRan();
        if (git != null) git.close();
    }

    @Test
    @Order(1)
    void connectionCutInTheMiddleOfEveryPackFailsTheCheckout() throws Exception {
        commitLargeVersion("2");
        git.cutEveryPackAfter(PACK_SENT_BEFORE_FAULT);
        JsonNode failed = underLoad("Git connection cut mid-pack, every time", Set.of(V1), () -> server.deploy(PROJECT, "test", null));
        git.heal();
        assertFetchFailed(failed, "the connection to the Git server closed in the middle of the fetch");
    }

    @Test
    @Order(2)
    void gitServerGoingAwayInTheMiddleOfThePackFailsTheCheckout() throws Exception {
        git.stallNextPackAfter(PACK_SENT_BEFORE_FAULT);
        JsonNode failed = underLoad("Git server stopped mid-pack", Set.of(V1), () -> {
            long id = server.deploy(PROJECT, "test", null);
            assertThat(git.awaitMidPack(Duration.ofSeconds(30))).as("the fetch reached the pack").isTrue();
            git.stop();
            return id;
        });
        git.start();
        assertFetchFailed(failed, "connection refused");
    }

    @Test
    @Order(3)
    void connectionCutOnceInTheMiddleOfThePackIsFetchedAgain() throws Exception {
        git.cutNextPackAfter(PACK_SENT_BEFORE_FAULT);
        JsonNode done = underLoad("Git connection cut mid-pack, once", Set.of(V1, "version 2\n"), () -> server.deploy(PROJECT, "test", null));
        assertSucceeded(done);
        System.out.println("FAULT pack: asked for " + git.packRequests() + " times, the first cut after " + git.packBytesSent() + " of " + git.packSize() + " bytes");
        assertThat(git.packRequests()).as("the pack was fetched again after the cut").isGreaterThan(1);
        assertThat(server.request(PROJECT, "test", "/").body()).isEqualTo("version 2\n");
    }

    @Test
    @Order(4)
    void forcePushBetweenTwoDeploymentsDeploysTheNewTip() throws Exception {
        // As after purging the large asset from history and `git push --force`: version 2 is no longer on the branch.
        String deployed = server.call("GET", "/api/v1/projects/" + PROJECT, null).body();
        String v2 = currentTip();
        rewriteTo(v1);
        String rewritten = work.commit("v3, without the asset", Apps.with(Apps.version("3"), "slipway.yaml", config()));
        push();
        assertThat(deployed).contains(v2.substring(0, 12));
        assertThat(isAncestor(v2, rewritten)).isFalse();
        JsonNode next = underLoad("force-push between two deployments", Set.of("version 2\n", "version 3\n"),
                () -> server.deploy(PROJECT, "test", null));
        assertSucceeded(next);
        assertThat(next.get("deployment").get("commit").asText()).isEqualTo(rewritten);
        assertThat(server.request(PROJECT, "test", "/").body()).isEqualTo("version 3\n");
    }

    private JsonNode underLoad(String fault, Set<String> bodies, Aftermath.Deploy deploy) throws Exception {
        return Aftermath.deployUnderLoad(server, engine, PROJECT, fault, bodies, deploy).view();
    }

    private void assertFetchFailed(JsonNode view, String cause) {
        JsonNode d = view.get("deployment");
        long id = d.get("id").asLong();
        System.out.println("FAULT pack: " + git.packBytesSent() + " of " + git.packSize() + " bytes sent before the fault");
        assertThat(git.packSize()).as("the pack is large enough to cut").isGreaterThan(2 * 1024 * 1024);
        assertThat(d.get("status").asText()).as(server.log(id)).isEqualTo("FAILED");
        assertThat(d.get("failed_step").asText()).isEqualTo("checkout");
        assertThat(d.get("reason").asText()).contains("repository " + git.url("app.git") + " cannot be read").contains(cause);
        assertThat(server.request(PROJECT, "test", "/").body()).isEqualTo(V1);
        assertThat(tmp.resolve("data/workspaces/d" + id)).as("its workspace is removed").doesNotExist();
    }

    /** Version N with 3 MB that do not compress (a vendored asset), so that the pack is worth cutting. */
    private static void commitLargeVersion(String version) {
        byte[] noise = new byte[3 * 1024 * 1024];
        new Random(42).nextBytes(noise);
        Map<String, String> files = Apps.with(Apps.with(Apps.version(version), "slipway.yaml", config()),
                "www/asset.b64", Base64.getMimeEncoder().encodeToString(noise));
        work.commit("v" + version + " with a large asset", files);
        push();
    }

    /** Pushes the work branch over whatever the server has (a force-push), in one pack, ready for dumb HTTP. */
    private static void push() {
        Commands.run(tmp.resolve("work"), "git", "push", "--quiet", "--force", bare.toString(), "HEAD:refs/heads/main");
        Commands.run(bare, "git", "repack", "-a", "-d", "-q");
        Commands.run(bare, "git", "update-server-info");
    }

    private static void rewriteTo(String commit) throws Exception {
        try (Git repo = Git.open(tmp.resolve("work").toFile())) {
            repo.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit).call();
        }
    }

    private static String currentTip() throws Exception {
        try (Git repo = Git.open(tmp.resolve("work").toFile())) {
            return repo.getRepository().resolve("HEAD").name();
        }
    }

    private static boolean isAncestor(String ancestor, String of) throws Exception {
        try (Git repo = Git.open(tmp.resolve("work").toFile()); RevWalk walk = new RevWalk(repo.getRepository())) {
            return walk.isMergedInto(walk.parseCommit(ObjectId.fromString(ancestor)), walk.parseCommit(ObjectId.fromString(of)));
        }
    }

    private static void assertSucceeded(JsonNode view) {
        JsonNode d = view.get("deployment");
        assertThat(d.get("status").asText()).as(server.log(d.get("id").asLong())).isEqualTo("SUCCEEDED");
    }

    private static String config() {
        return """
                web:
                  port: 8080
                  health:
                    path: /
                    timeout: 10s
                    interval: 200ms
                    successes: 2
                  drain_timeout: 1s
                """;
    }
}
