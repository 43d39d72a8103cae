package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.Labels;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `slipway server --db jdbc:postgresql://…`: the same server, its state in PostgreSQL, kept across a restart. */
class PostgresBackedServerTest {
    static final String ADMIN_URL = System.getenv().getOrDefault("SLIPWAY_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=postgres");

    @TempDir Path tmp;
    String database = "slipway_server_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String instance;

    @AfterEach
    void cleanUp() throws SQLException {
        ContainerEngine engine = DockerTestSupport.engine();
        if (instance != null) DockerTestSupport.removeEverythingOf(instance);
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void stateKeptInPostgresSurvivesARestart() throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            fail("PostgreSQL is not reachable at 127.0.0.1:5432: run scripts/start-postgres.sh (" + e.getMessage() + ")");
        }
        String url = ADMIN_URL.replace("/postgres?", "/" + database + "?");
        ServerOptions options = ServerOptions.defaults(tmp.resolve("data")).withPorts(0, 0).withDbUrl(url);
        TestRepo repo = TestRepo.create(tmp.resolve("repo"));
        String sha = repo.commit("v1", Apps.version("1"));

        long id;
        try (TestServer server = TestServer.start(options)) {
            instance = server.instanceId();
            server.createProject("pgshop", repo.url());
            JsonNode d = server.deployAndAwait("pgshop", "test", null);
            assertThat(d.get("deployment").get("status").asText()).isEqualTo("SUCCEEDED");
            id = d.get("deployment").get("id").asLong();
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT commit_sha FROM deployments WHERE id = " + id)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(sha);
        }
        try (TestServer again = TestServer.start(options.withPorts(0, 0))) {
            assertThat(again.call("GET", "/api/v1/deployments/" + id, null).json().get("deployment").get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(again.request("pgshop", "test", "/").body()).isEqualTo("version 1\n");
        }
    }
}
