package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.Apps;
import dev.slipway.testing.DumbHttpRepo;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import dev.slipway.testing.TestServer.Answer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment of a ref the repository does not have is refused at the request, through the API and the CLI,
 * naming the ref, the repository and the closest branches, with nothing recorded; a Git server that cannot be
 * asked does not refuse it (the checkout then fails as before), and asking it is bounded.
 */
class UnknownRefRefusedTest {
    @TempDir static Path tmp;
    static TestServer server;
    static TestRepo repo;

    @BeforeAll
    static void start() {
        server = TestServer.start(tmp.resolve("data"));
        repo = TestRepo.create(tmp.resolve("repo"));
        repo.commit("v1", Apps.version("1"));
        repo.tag("v1.4.0");
        for (String branch : new String[] {"develop", "devel", "feature-login", "release-2026", "main"}) {
            repo.onBranch(branch);
        }
        server.createProject("shop", repo.url());
    }

    @AfterAll
    static void stop() {
        server.closeAndRemoveWhatItRan();
    }

    @Test
    void apiRefusesAnUnknownRefNamingItTheRepositoryAndTheClosestBranchesAndRecordsNothing() {
        Answer a = server.call("POST", "/api/v1/projects/shop/environments/test/deployments", Map.of("ref", "devlop"));

        assertThat(a.status()).as(a.body()).isEqualTo(400);
        assertThat(a.json().get("detail").asText()).isEqualTo("ref");
        assertThat(a.json().get("error").asText()).isEqualTo("ref 'devlop' not found in " + repo.url()
                + "; closest branches: develop, devel, main; closest tags: v1.4.0");
        assertNothingRecorded("shop");
    }

    @Test
    void cliExitsWithBadInputNamingTheRefAndRecordsNothing() throws Exception {
        CliProcess.Run run = CliProcess.against(server, tmp).run("deploy", "shop", "test", "--ref", "no-such-branch");

        assertThat(run.exit()).as(run.all()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err().strip()).startsWith("error: ref 'no-such-branch' not found in " + repo.url() + "; closest branches: ");
        assertNothingRecorded("shop");
    }

    @Test
    void theMessageNeverShowsTheCredentialsOfTheRepositoryUrl() {
        try (DumbHttpRepo http = DumbHttpRepo.serve(tmp.resolve("repo"))) {
            server.createProject("secret", http.url("deploy-robot-7f3a", "hunter2-pass-9931"));

            Answer a = server.call("POST", "/api/v1/projects/secret/environments/test/deployments", Map.of("ref", "mian"));

            assertThat(a.status()).as(a.body()).isEqualTo(400);
            assertThat(a.json().get("error").asText()).startsWith("ref 'mian' not found in " + http.url() + "; closest branches: main, ");
            assertThat(a.body()).doesNotContain("hunter2-pass-9931").doesNotContain("deploy-robot-7f3a");
            assertNothingRecorded("secret");
        }
    }

    @Test
    void knownBranchesAndTagsAreAccepted() {
        server.createProject("accepted", repo.url());
        JsonNode tag = server.deployAndAwait("accepted", "live", "v1.4.0");
        assertThat(tag.get("deployment").get("status").asText()).as(server.log(tag.get("deployment").get("id").asLong())).isEqualTo("SUCCEEDED");
    }

    @Test
    void aFullShaIsAcceptedUnlookedAndOneTheRepositoryLacksFailsAtCheckoutSayingSo() {
        String missing = "0123456789abcdef0123456789abcdef01234567";
        server.createProject("nosuchcommit", repo.url());

        Answer a = server.call("POST", "/api/v1/projects/nosuchcommit/environments/test/deployments", Map.of("ref", missing));

        assertThat(a.status()).as(a.body()).isEqualTo(202);
        JsonNode failed = server.await(a.json().get("id").asLong(), Duration.ofMinutes(1));
        assertThat(failed.get("deployment").get("failed_step").asText()).isEqualTo("checkout");
        assertThat(failed.get("deployment").get("reason").asText()).startsWith("ref '" + missing + "' not found in " + repo.url() + " (branches: main, ");
    }

    @Test
    void aGitServerThatRefusesConnectionsDoesNotRefuseTheRequestAndTheCheckoutFailsAsBefore() {
        DumbHttpRepo http = DumbHttpRepo.serve(tmp.resolve("repo"));
        server.createProject("outage", http.url());
        http.close();

        Answer a = server.call("POST", "/api/v1/projects/outage/environments/test/deployments", Map.of("ref", "develop"));

        assertThat(a.status()).as(a.body()).isEqualTo(202);
        JsonNode failed = server.await(a.json().get("id").asLong(), Duration.ofMinutes(1));
        assertThat(failed.get("deployment").get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("deployment").get("failed_step").asText()).isEqualTo("checkout");
        assertThat(failed.get("deployment").get("reason").asText()).contains("connection refused");
    }

    @Test
    void aGitServerThatNeverAnswersHoldsTheRequestAboutTenSecondsAndAFullShaNotAtAll() throws Exception {
        DumbHttpRepo http = DumbHttpRepo.serve(tmp.resolve("repo"));
        server.createProject("silent", http.url());
        http.close();
        int port = URI.create(http.url()).getPort();
        // Connections are taken (the backlog) and never answered: a Git host that hangs.
        try (ServerSocket silent = new ServerSocket()) {
            silent.setReuseAddress(true);
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);

            long started = System.nanoTime();
            Answer sha = server.call("POST", "/api/v1/projects/silent/environments/live/deployments", Map.of("ref", "0".repeat(40)));
            Duration shaTook = Duration.ofNanos(System.nanoTime() - started);
            started = System.nanoTime();
            Answer branch = server.call("POST", "/api/v1/projects/silent/environments/test/deployments", Map.of("ref", "develop"));
            Duration branchTook = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("full SHA answered in %d ms, branch in %d ms with the Git server silent%n", shaTook.toMillis(), branchTook.toMillis());

            assertThat(sha.status()).as(sha.body()).isEqualTo(202);
            assertThat(shaTook).as("a full SHA is not looked up").isLessThan(Duration.ofSeconds(2));
            assertThat(branch.status()).as(branch.body()).isEqualTo(202);
            assertThat(branchTook).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(15));
        }
        // The server gone, both checkouts fail instead of waiting out the checkout's own timeout.
        for (String env : new String[] {"live", "test"}) {
            JsonNode last = server.call("GET", "/api/v1/projects/silent/deployments?environment=" + env, null).json().get(0);
            JsonNode done = server.await(last.get("id").asLong(), Duration.ofMinutes(2));
            assertThat(done.get("deployment").get("failed_step").asText()).isEqualTo("checkout");
        }
    }

    private static void assertNothingRecorded(String project) {
        assertThat(server.call("GET", "/api/v1/projects/" + project + "/deployments", null).json()).isEmpty();
        for (JsonNode env : server.call("GET", "/api/v1/projects/" + project, null).json().get("environments")) {
            assertThat(env.get("deploying").asBoolean()).as(env.get("name").asText() + " queued nothing").isFalse();
        }
    }
}
