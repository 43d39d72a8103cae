package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import dev.slipway.testing.TestServer.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository on the server's own disk only under --repo-root, and never the data folder. */
class RepoRootsTest {
    @TempDir static Path tmp;
    static TestServer unrooted;
    static TestServer rooted;
    static Path allowed;
    static Path outside;
    static Path data;
    static final AtomicInteger NAMES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        allowed = Files.createDirectories(tmp.resolve("allowed"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        for (Path dir : List.of(allowed.resolve("shop"), outside.resolve("shop"))) {
            TestRepo.create(dir).commit("init", Map.of("Dockerfile", "FROM busybox:1.36\n"));
        }
        unrooted = TestServer.startAsGiven(ServerOptions.defaults(tmp.resolve("data-a")).withPorts(0, ServerOptions.NO_ROUTER));
        data = allowed.resolve("data");
        rooted = TestServer.startAsGiven(ServerOptions.defaults(data).withPorts(0, ServerOptions.NO_ROUTER).withRepoRoots(List.of(allowed)));
        TestRepo.create(data.resolve("inner")).commit("init", Map.of("Dockerfile", "FROM busybox:1.36\n"));
    }

    @AfterAll
    static void stop() {
        unrooted.close();
        rooted.close();
    }

    @Test
    void withoutARepoRootNoRepositoryOnTheServersDiskIsAccepted() {
        refused(unrooted, allowed.resolve("shop").toUri().toString(), "--repo-root");
        refused(unrooted, allowed.resolve("shop").toString(), "--repo-root");
        refused(unrooted, "~/", "--repo-root");
    }

    @Test
    void aRepositoryUnderAnAllowedRootIsAccepted() {
        Answer a = rooted.call("POST", "/api/v1/projects", Map.of("name", "ok" + NAMES.incrementAndGet(), "repo", allowed.resolve("shop").toUri().toString()));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
    }

    @Test
    void aRepositoryOutsideTheRootsIsRefusedAsPathAndAsFileUrl() {
        refused(rooted, outside.resolve("shop").toString(), "not under an allowed repository root");
        refused(rooted, outside.resolve("shop").toUri().toString(), "not under an allowed repository root");
        refused(rooted, allowed + "/../outside/shop", "not under an allowed repository root");
    }

    @Test
    void aLinkUnderTheRootToOutsideIsRefused() throws Exception {
        Path link = Files.createSymbolicLink(allowed.resolve("link-out"), outside.resolve("shop"));
        refused(rooted, link.toString(), "not under an allowed repository root");
    }

    @Test
    void theDataFolderIsRefusedEvenUnderAnAllowedRoot() throws Exception {
        refused(rooted, data.toString(), "data folder");
        refused(rooted, data.resolve("inner").toUri().toString(), "data folder");
        refused(rooted, allowed.toString(), "data folder");
        Path link = Files.createSymbolicLink(allowed.resolve("link-data"), data.resolve("inner"));
        refused(rooted, link.toString(), "data folder");
    }

    @Test
    void remoteRepositoriesAreNotAffected() {
        // Refused as unreachable (nothing listens there), not as a local path.
        Answer a = rooted.call("POST", "/api/v1/projects", Map.of("name", "remote", "repo", "http://127.0.0.1:9/shop.git"));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).doesNotContain("repo-root").doesNotContain("data folder");
    }

    private static void refused(TestServer server, String repo, String says) {
        String name = "p" + NAMES.incrementAndGet();
        Answer a = server.call("POST", "/api/v1/projects", Map.of("name", name, "repo", repo));
        assertThat(a.status()).as(repo + ": " + a.body()).isEqualTo(400);
        assertThat(a.json().get("detail").asText()).isEqualTo("repo");
        assertThat(a.json().get("error").asText()).contains(says);
        assertThat(server.call("GET", "/api/v1/projects/" + name, null).status()).isEqualTo(404);
    }
}
