package dev.slipway.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.Labels;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.project.InvalidInputException;
import dev.slipway.server.ServerOptions;
import dev.slipway.server.SlipwayServer;
import dev.slipway.testing.Apps;
import dev.slipway.testing.PrivatePostgres;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that stops between two deployments: the second fails at check-services, before
 * checkout and build, and the first release keeps serving. The cluster is the test's own, so
 * stopping it disturbs no one.
 */
class StoppedDatabaseTest {
    @TempDir static Path tmp;
    static ContainerEngine engine;
    static PrivatePostgres cluster;
    static TestServer server;

    @BeforeAll
    static void start() {
        engine = DockerTestSupport.engine();
        cluster = PrivatePostgres.start();
        server = TestServer.start(ServerOptions.defaults(tmp.resolve("data")).withPorts(0, 0).withServices(cluster.adminUrl(), null));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.closeAndRemoveWhatItRan();
        }
        if (cluster != null) cluster.close();
    }

    @Test
    void aStoppedDatabaseFailsTheDeploymentAtCheckServicesWithoutBuilding() {
        TestRepo repo = TestRepo.create(tmp.resolve("shop"));
        server.createProject("shop", repo.url());
        String config = "services: [postgres]\n" + Apps.WEB_ONLY_CONFIG;
        repo.commit("v1", Apps.with(Apps.webOnly("1"), "slipway.yaml", config));
        JsonNode first = server.deployAndAwait("shop", "test", null);
        long firstId = first.get("deployment").get("id").asLong();
        assertThat(first.get("deployment").get("status").asText()).as(server.log(firstId)).isEqualTo("SUCCEEDED");
        assertThat(server.log(firstId)).contains("postgres: provisioned and checked");

        repo.commit("v2", Apps.with(Apps.webOnly("2"), "slipway.yaml", config));
        JsonNode second = server.deployAndAwait("shop", "test", null);
        long secondId = second.get("deployment").get("id").asLong();
        assertThat(second.get("deployment").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(server.log(secondId)).contains("postgres: ok");

        cluster.stopServer();
        try {
            repo.commit("v3", Apps.with(Apps.webOnly("3"), "slipway.yaml", config));
            JsonNode failed = server.deployAndAwait("shop", "test", null);
            long failedId = failed.get("deployment").get("id").asLong();
            String log = server.log(failedId);
            assertThat(failed.get("deployment").get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.get("deployment").get("failed_step").asText()).isEqualTo("check-services");
            assertThat(failed.get("deployment").get("reason").asText())
                    .isEqualTo("postgres: connection refused at 127.0.0.1:" + cluster.port() + " after 10 s");
            assertThat(failed.get("steps")).as("nothing after check-services ran").hasSize(1);
            assertThat(log).doesNotContain("[build]").doesNotContain("[checkout]");
            assertThat(server.request("shop", "test", "/").body()).isEqualTo("version 2\n");
        } finally {
            cluster.startServer();
        }
        JsonNode recovered = server.deployAndAwait("shop", "test", null);
        assertThat(recovered.get("deployment").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(server.request("shop", "test", "/").body()).isEqualTo("version 3\n");
    }

    @Test
    void aServerWithAnAdminUrlThatCannotConnectDoesNotStart() {
        String wrong = "postgres://postgres:wrong-password@127.0.0.1:" + cluster.port() + "/postgres";
        assertThatThrownBy(() -> SlipwayServer.start(ServerOptions.defaults(tmp.resolve("other")).withPorts(0, 0).withServices(wrong, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--postgres postgres://postgres:***@127.0.0.1:" + cluster.port())
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("wrong-password");
    }
}
