package dev.slipway.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.Labels;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.server.ServerOptions;
import dev.slipway.testing.S3Server;
import dev.slipway.testing.SharedPostgres;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deployments of projects that use the postgres and storage services, end to end: the real Docker
 * engine, the real PostgreSQL server (scripts/start-postgres.sh) and s3proxy. The apps are shell
 * scripts in an image with psql, curl and busybox httpd (built once per run from debian:bookworm-slim).
 */
class BackingServicesTest {
    static final String CLIENT_IMAGE = "slipway-test/services-client:" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir static Path tmp;
    static ContainerEngine engine;
    static S3Server s3;
    static TestServer server;

    String project;
    TestRepo repo;

    @BeforeAll
    static void start() {
        engine = DockerTestSupport.engine();
        SharedPostgres.admin();
        DockerTestSupport.buildImage(CLIENT_IMAGE, Map.of("Dockerfile", """
                FROM debian:bookworm-slim
                RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client curl busybox && rm -rf /var/lib/apt/lists/*
                """));
        s3 = S3Server.onDockerBridge();
        server = TestServer.start(ServerOptions.defaults(tmp.resolve("data")).withPorts(0, 0).withServices(SharedPostgres.ADMIN_URL, s3.url()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.closeAndRemoveWhatItRan();
        }
        if (s3 != null) s3.close();
        engine.removeImage(CLIENT_IMAGE);
    }

    @BeforeEach
    void newProject() {
        project = "s" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        repo = TestRepo.create(tmp.resolve(project));
        server.createProject(project, repo.url());
    }

    /** An app in the client image: busybox httpd with CGI scripts (they see the container's environment). */
    static Map<String, String> app(String config, Map<String, String> cgi) {
        Map<String, String> files = new HashMap<>();
        files.put("Dockerfile", "FROM " + CLIENT_IMAGE + "\nCOPY . /app\nRUN chmod +x /app/www/cgi-bin/*\n"
                + "CMD [\"sh\", \"-c\", \"exec busybox httpd -f -p \\\"$PORT\\\" -h /app/www\"]\n");
        files.put("slipway.yaml", config);
        files.put("www/index.html", "up\n");
        cgi.forEach((name, body) -> files.put("www/cgi-bin/" + name, "#!/bin/sh\necho 'Content-Type: text/plain'\necho ''\n" + body + "\n"));
        // A small S3 client: curl signs with SigV4; STORAGE_URL is s3://KEY:SECRET@HOST:PORT/BUCKET.
        files.put("s3.sh", """
                #!/bin/sh
                set -e
                rest=${STORAGE_URL#s3://}
                creds=${rest%%@*}
                where=${rest#*@}
                if [ "$1" = put ]; then
                  curl -sSf --aws-sigv4 "aws:amz:us-east-1:s3" --user "${creds%%:*}:${creds#*:}" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -X PUT --data-binary @- "http://$where/$2"
                else
                  curl -sSf --aws-sigv4 "aws:amz:us-east-1:s3" --user "${creds%%:*}:${creds#*:}" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "http://$where/$2"
                fi
                """);
        return files;
    }

    static String config(String services, String health, String... migrations) {
        StringBuilder yaml = new StringBuilder("services: [" + services + "]\nweb:\n  port: 8080\n  health:\n    path: " + health
                + "\n    timeout: 30s\n    interval: 500ms\n    successes: 1\n  drain_timeout: 2s\nmigrate:\n");
        for (String m : migrations) yaml.append("  - '").append(m.replace("'", "''")).append("'\n");
        return yaml.toString();
    }

    @Test
    void migrationCreatesATableThatTheWebReadsInTestAndLiveEachWithItsOwnDatabase() {
        repo.commit("v1", app(config("postgres", "/cgi-bin/greeting",
                        "psql \"$DATABASE_URL\" -v ON_ERROR_STOP=1 -c \"CREATE TABLE IF NOT EXISTS greeting (msg text); INSERT INTO greeting VALUES ('hello from $SLIPWAY_ENVIRONMENT')\""),
                Map.of("greeting", "psql \"$DATABASE_URL\" -tA -c 'SELECT msg FROM greeting'")));
        for (String env : List.of("test", "live")) {
            JsonNode d = server.deployAndAwait(project, env, null);
            assertThat(d.get("deployment").get("status").asText()).as(server.log(d.get("deployment").get("id").asLong())).isEqualTo("SUCCEEDED");
        }
        assertThat(server.request(project, "test", "/cgi-bin/greeting").body()).isEqualTo("hello from test\n");
        assertThat(server.request(project, "live", "/cgi-bin/greeting").body()).isEqualTo("hello from live\n");

        String testDb = "slipway_" + project + "_test";
        String liveDb = "slipway_" + project + "_live";
        assertThat(SharedPostgres.strings("SELECT datname FROM pg_database WHERE datname LIKE 'slipway\\_" + project + "\\_%' ORDER BY 1"))
                .containsExactly(liveDb, testDb);
        assertThat(SharedPostgres.strings("SELECT has_database_privilege('" + testDb + "', '" + liveDb + "', 'CONNECT')")).containsExactly("f");

        // Deleting keeps the data unless asked: the answer says what was kept.
        TestServer.Answer kept = server.call("DELETE", "/api/v1/projects/" + project + "/environments/live", null);
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.body()).contains("postgres: kept database " + liveDb);
        assertThat(server.request(project, "live", "/").status()).isEqualTo(404);
        assertThat(SharedPostgres.strings("SELECT datname FROM pg_database WHERE datname = '" + liveDb + "'")).hasSize(1);

        TestServer.Answer deleted = server.call("DELETE", "/api/v1/projects/" + project + "?delete_data=true", null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).contains("postgres: deleted database " + testDb);
        assertThat(SharedPostgres.strings("SELECT datname FROM pg_database WHERE datname = '" + testDb + "'")).isEmpty();
        assertThat(server.call("GET", "/api/v1/projects/" + project, null).status()).isEqualTo(404);
        SharedPostgres.dropAll("slipway_" + project + "_");
    }

    @Test
    void s3ProjectWritesAndReadsAnObjectThroughStorageUrl() {
        repo.commit("v1", app(config("storage", "/cgi-bin/object",
                        "echo \"stored by the migration of $SLIPWAY_ENVIRONMENT\" | sh /app/s3.sh put greeting.txt"),
                Map.of("object", "sh /app/s3.sh get greeting.txt")));
        JsonNode d = server.deployAndAwait(project, "test", null);
        long id = d.get("deployment").get("id").asLong();
        assertThat(d.get("deployment").get("status").asText()).as(server.log(id)).isEqualTo("SUCCEEDED");
        assertThat(server.request(project, "test", "/cgi-bin/object").body()).isEqualTo("stored by the migration of test\n");

        String bucket = ResourceNames.bucket(project, "test");
        try (S3Client client = S3StorageProvider.client(ServiceUrl.parse("storage", s3.url(), "s3", 443), Duration.ofSeconds(10))) {
            assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key("greeting.txt")).asUtf8String()).isEqualTo("stored by the migration of test\n");
        }
        assertThat(server.log(id)).as("the S3 secret is masked").doesNotContain(s3.secret);
        TestServer.Answer deleted = server.call("DELETE", "/api/v1/projects/" + project + "?delete_data=true", null);
        assertThat(deleted.body()).contains("storage: deleted bucket " + bucket);
    }

    @Test
    void secretsPrintedByTheBuildAndByContainersAreMaskedInTheStoredLog() {
        String token = "tok-" + UUID.randomUUID();
        TestServer.Answer set = server.call("POST", "/api/v1/projects/" + project + "/environments/test/variables", Map.of("variables", Map.of("API_TOKEN", token)));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body()).contains("API_TOKEN").contains("******").doesNotContain(token);
        // The build gets no variables; a token committed by mistake is still masked when the build prints it.
        repo.commit("v1", Map.of(
                "Dockerfile", "FROM busybox:1.36\nRUN echo \"build prints " + token + "\"\nCOPY www /www\n"
                        + "CMD [\"sh\", \"-c\", \"echo web boots with $API_TOKEN; echo -n $API_TOKEN > /www/seen.txt; exec httpd -f -p \\\"$PORT\\\" -h /www\"]\n",
                "slipway.yaml", config("", "/", "echo migration sees $API_TOKEN"),
                "www/index.html", "up\n"));
        JsonNode d = server.deployAndAwait(project, "test", null);
        long id = d.get("deployment").get("id").asLong();
        String log = server.log(id);
        assertThat(d.get("deployment").get("status").asText()).as(log).isEqualTo("SUCCEEDED");
        assertThat(server.request(project, "test", "/seen.txt").body()).as("the container got the value").isEqualTo(token);
        assertThat(log).contains("build prints ******").contains("migration sees ******").contains("web boots with ******").doesNotContain(token);
        assertThat(server.call("GET", "/api/v1/deployments/" + id, null).body()).doesNotContain(token);
        assertThat(server.call("GET", "/api/v1/projects/" + project + "/environments/test/variables", null).body()).doesNotContain(token);
    }

    @Test
    void badVariablesAreRefusedNamingTheFieldAndChangeNothing() {
        String path = "/api/v1/projects/" + project + "/environments/test/variables";
        assertThat(server.call("POST", path, Map.of("variables", Map.of("GOOD", "first-value"))).status()).isEqualTo(200);

        TestServer.Answer badName = server.call("POST", path, Map.of("variables", Map.of("GOOD", "second-value", "1BAD", "x")));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("detail").asText()).isEqualTo("name");
        assertThat(badName.json().get("error").asText()).contains("'1BAD' is not a valid environment variable name");

        TestServer.Answer tooBig = server.call("PUT", path + "/GOOD", Map.of("value", "x".repeat(64 * 1024 + 1)));
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().get("detail").asText()).isEqualTo("variables.GOOD");
        assertThat(tooBig.json().get("error").asText()).contains("65537 bytes; at most 65536");
        assertThat(server.call("PUT", path + "/GOOD", Map.of("value", "x".repeat(64 * 1024))).status()).isEqualTo(200);

        assertThat(server.call("POST", path, Map.of("variables", Map.of("PORT", "1"))).json().get("error").asText()).contains("set by Slipway itself");
        assertThat(server.call("POST", path, "{\"variables\": {\"A\": \"secret-in-broken-json\"").body()).doesNotContain("secret-in-broken-json");
        assertThat(server.call("DELETE", path + "/MISSING", null).status()).isEqualTo(404);
        assertThat(server.call("GET", "/api/v1/projects/" + project + "/environments/nope/variables", null).status()).isEqualTo(404);

        JsonNode list = server.call("GET", path, null).json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("name").asText()).isEqualTo("GOOD");
        assertThat(list.get(0).get("value").asText()).isEqualTo("******");
        assertThat(server.call("DELETE", path + "/GOOD", null).json()).isEmpty();
        assertThat(server.call("DELETE", "/api/v1/projects/" + project + "?delete_data=maybe", null).json().get("detail").asText()).isEqualTo("delete_data");
    }
}
