package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.server.ServerOptions;
import dev.slipway.testing.Apps;
import dev.slipway.testing.PrivatePostgres;
import dev.slipway.testing.RouterLoad;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slipway's own database (the server started with {@code --db}, a PostgreSQL cluster of the test's own)
 * stopped in the middle of a deployment and started again, while clients keep asking the old release
 * through the router.
 */
class PostgresFaultsTest {
    static final String PROJECT = "pg-faults";
    static final String V1 = "version 1\n";

    @TempDir Path tmp;
    PrivatePostgres pg;
    TestServer server;
    RouterLoad load;

    @AfterEach
    void stop() throws InterruptedException {
        if (load != null) load.stop();
        if (server != null) server.closeAndRemoveWhatItRan();
        if (pg != null) pg.close();
    }

    @Test
    void databaseStoppedDuringAMigrationAndStartedAgain() throws Exception {
        ContainerEngine engine = DockerTestSupport.engine();
        pg = PrivatePostgres.start();
        server = TestServer.start(ServerOptions.defaults(tmp.resolve("data")).withPorts(0, 0).withDbUrl(pg.adminUrl()));
        TestRepo repo = TestRepo.create(tmp.resolve("repo"));
        server.createProject(PROJECT, repo.url());
        repo.commit("v1", Apps.with(Apps.version("1"), "slipway.yaml", config("echo first migration")));
        JsonNode first = server.deployAndAwait(PROJECT, "test", null);
        assertThat(first.get("deployment").get("status").asText()).isEqualTo("SUCCEEDED");

        repo.commit("v2", Apps.with(Apps.version("2"), "slipway.yaml", config("echo migrating; sleep 3; echo migrated")));
        List<String> networks = Aftermath.networks(engine, server.instanceId());
        Map<String, String> ofTheDeployment = Map.of(Labels.INSTANCE, server.instanceId(), Labels.DEPLOYMENT, "2");
        load = RouterLoad.start(server, PROJECT, "test", Set.of(V1), 2, Duration.ofMinutes(2));
        long started = System.nanoTime();
        long id = server.deploy(PROJECT, "test", null);
        assertThat(id).isEqualTo(2);
        awaitLog(id, "[migrate] migrating");
        assertThat(engine.list(ofTheDeployment)).as("the new release's web container runs").isNotEmpty();
        Instant stoppedAt = Instant.now();
        pg.stopServer();

        // While it is down the API says so, once the pool has waited for a connection (10 s), with no stack trace.
        Instant asked = Instant.now();
        TestServer.Answer during = server.call("GET", "/api/v1/deployments/" + id, null);
        Duration answeredIn = Duration.between(asked, Instant.now());
        assertThat(during.status()).as(during.body()).isEqualTo(503);
        assertThat(during.json().get("error").asText()).isEqualTo("Slipway's database is not answering; try again once it is back (the server log has the details)");
        // The deployment fails on its next write and removes what it added without waiting for the database.
        Instant deadline = Instant.now().plusSeconds(40);
        while (!engine.list(ofTheDeployment).isEmpty()) {
            assertThat(Instant.now()).as("the failed deployment's containers are removed while the database is down").isBefore(deadline);
            TestServer.sleep(200);
        }
        Duration cleanedAfter = Duration.between(stoppedAt, Instant.now());
        pg.startServer();
        Duration outage = Duration.between(stoppedAt, Instant.now());

        JsonNode view = server.await(id, Duration.ofSeconds(60));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(server.call("GET", "/api/v1/projects/" + PROJECT, null).status()).as("the API answers again").isEqualTo(200);
        TestServer.sleep(300);
        RouterLoad.Result result = load.stop();
        Aftermath.report("PostgreSQL (--db) stopped mid-deployment", result, view.get("deployment"), took);
        System.out.printf("FAULT PostgreSQL down for %d ms; the API answered 503 in %d ms; the deployment's containers were gone %d ms after the stop%n",
                outage.toMillis(), answeredIn.toMillis(), cleanedAfter.toMillis());

        assertThat(result.failed()).as(result.toString()).isZero();
        assertThat(result.sent()).isGreaterThan(100);
        assertThat(result.bodies()).containsExactly(V1);
        JsonNode d = view.get("deployment");
        assertThat(d.get("status").asText()).as(server.log(id)).isEqualTo("FAILED");
        assertThat(d.get("failed_step").asText()).isEqualTo("migrate");
        assertThat(d.get("reason").asText()).startsWith("Slipway's own database stopped answering during the deployment (");
        assertThat(server.log(id)).contains("deployment failed at migrate").contains("is still serving");
        assertThat(server.request(PROJECT, "test", "/").body()).isEqualTo(V1);
        Aftermath.nothingLeftOf(engine, server.instanceId(), PROJECT, "test", id, networks);
    }

    private void awaitLog(long id, String text) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!server.log(id).contains(text)) {
            assertThat(Instant.now()).as("deployment " + id + " never logged " + text).isBefore(deadline);
            TestServer.sleep(100);
        }
    }

    private static String config(String migration) {
        return """
                web:
                  port: 8080
                  health:
                    path: /
                    timeout: 10s
                    interval: 200ms
                    successes: 2
                  drain_timeout: 1s
                migrate:
                  - %s
                """.formatted(migration);
    }
}
