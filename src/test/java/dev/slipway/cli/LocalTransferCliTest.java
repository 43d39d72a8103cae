package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.local.ComposeRunner;
import dev.slipway.local.ComposeTool;
import dev.slipway.server.ServerOptions;
import dev.slipway.testing.PostgresStandIn;
import dev.slipway.testing.SharedPostgres;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * `slipway local pull-db|push-db|pull-media|push-media` end to end: a server on the shared PostgreSQL
 * cluster with file storage, a project deployed to test whose migration fills a table and writes
 * media, and a local compose project whose db service runs a locally built postgres stand-in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalTransferCliTest {
    @TempDir static Path tmp;
    static String standIn;
    static TestServer server;
    static String project;
    static String composeProject;
    static Path local;
    static CliProcess cli;

    @BeforeAll
    static void deployAndInit() throws Exception {
        DockerTestSupport.engine();
        SharedPostgres.admin();
        standIn = PostgresStandIn.build();
        server = TestServer.start(ServerOptions.defaults(tmp.resolve("data")).withPorts(0, 0).withServices(SharedPostgres.ADMIN_URL, null));
        String id = UUID.randomUUID().toString().substring(0, 8);
        project = "lt" + id.replace("-", "");
        composeProject = "slipwaytestpull" + id;
        Map<String, String> files = app();
        TestRepo repo = TestRepo.create(tmp.resolve("repo"));
        repo.commit("v1", files);
        server.createProject(project, repo.url());
        JsonNode d = server.deployAndAwait(project, "test", null);
        assertThat(d.get("deployment").get("status").asText()).as(server.log(d.get("deployment").get("id").asLong())).isEqualTo("SUCCEEDED");

        local = Files.createDirectories(tmp.resolve("laptop").resolve(project));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.createDirectories(local.resolve(f.getKey()).getParent());
            Files.writeString(local.resolve(f.getKey()), f.getValue());
        }
        cli = new CliProcess(tmp, Map.of("SLIPWAY_URL", "http://127.0.0.1:" + server.apiPort(), "SLIPWAY_TOKEN", server.token(),
                "SLIPWAY_LOCAL_DB_IMAGE", standIn));
        CliProcess.Run init = slipway(null, "init");
        assertThat(init.exit()).as(init.all()).isZero();
        assertThat(Files.readString(local.resolve("docker-compose.yml"))).contains("image: " + standIn);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (local != null && Files.exists(local.resolve("docker-compose.yml"))) slipway(null, "down", "--volumes");
        if (server != null) {
            server.closeAndRemoveWhatItRan();
        }
        if (project != null) SharedPostgres.dropAll("slipway_" + project + "_");
        if (standIn != null) DockerTestSupport.engine().removeImage(standIn);
    }

    /** The app: the stand-in image (psql, busybox httpd); the migration fills a table and writes media. */
    static Map<String, String> app() {
        Map<String, String> files = new HashMap<>();
        files.put("Dockerfile", "FROM " + standIn + "\nCOPY www /www\nRUN chmod +x /www/cgi-bin/*\n"
                + "ENTRYPOINT []\nCMD [\"sh\", \"-c\", \"exec busybox httpd -f -p \\\"$PORT\\\" -h /www\"]\n");
        files.put("slipway.yaml", """
                services: [postgres, storage]
                web:
                  port: 8080
                  health:
                    timeout: 30s
                    interval: 500ms
                    successes: 1
                  drain_timeout: 1s
                migrate:
                  - psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -c "CREATE TABLE IF NOT EXISTS greeting (id int PRIMARY KEY, msg text)" -c "INSERT INTO greeting VALUES (1, 'hello from $SLIPWAY_ENVIRONMENT'), (2, 'a second row') ON CONFLICT DO NOTHING"
                  - echo "media of $SLIPWAY_ENVIRONMENT" > /data/media/hello.txt && mkdir -p /data/media/sub && echo nested > /data/media/sub/nested.txt
                """);
        files.put("www/index.html", "up\n");
        files.put("www/cgi-bin/greeting", "#!/bin/sh\necho 'Content-Type: text/plain'\necho ''\npsql \"$DATABASE_URL\" -tA -c 'SELECT msg FROM greeting ORDER BY id'\n");
        return files;
    }

    @Test
    @Order(1)
    void pullDbLoadsTheEnvironmentsRowsIntoTheLocalDatabase() throws Exception {
        assertThat(localSql("SELECT 1")).as("the local db is not running yet").isNull();

        CliProcess.Run pull = slipway(null, "pull-db", project, "test");

        assertThat(pull.exit()).as(pull.all()).isZero();
        assertThat(pull.out()).contains("the local database now holds the data of " + project + "/test");
        assertThat(localSql("SELECT string_agg(msg, '|' ORDER BY id) FROM greeting")).isEqualTo("hello from test|a second row");
        assertThat(local.resolve("data/dumps")).as("the dump is not kept after it loaded").isEmptyDirectory();

        localSql("INSERT INTO greeting VALUES (3, 'only local')");
        assertThat(slipway(null, "pull-db", project, "test").exit()).isZero();
        assertThat(localSql("SELECT count(*) FROM greeting")).as("a pull replaces the local data").isEqualTo("2");
    }

    @Test
    @Order(2)
    void pushDbAsksForTheEnvironmentsNameAndReplacesItsDatabase() throws Exception {
        assertThat(slipway(null, "pull-db", project, "test").exit()).isZero();
        localSql("INSERT INTO greeting VALUES (3, 'made on a laptop')");

        CliProcess.Run wrong = slipway("live\n", "push-db", project, "test");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.out()).contains("Type the environment name to confirm").contains("not confirmed: 'live' is not 'test'; nothing was sent");
        CliProcess.Run noAnswer = slipway(null, "push-db", project, "test");
        assertThat(noAnswer.exit()).isEqualTo(1);
        assertThat(noAnswer.out()).contains("Pass --yes");
        assertThat(cloudSql("SELECT count(*) FROM greeting")).isEqualTo("2");

        CliProcess.Run push = slipway("test\n", "push-db", project, "test");

        assertThat(push.exit()).as(push.all()).isZero();
        assertThat(push.out()).contains(project + "/test: restored database slipway_" + project + "_test");
        assertThat(cloudSql("SELECT string_agg(msg, '|' ORDER BY id) FROM greeting")).isEqualTo("hello from test|a second row|made on a laptop");
        assertThat(cloudSql("SELECT tableowner FROM pg_tables WHERE tablename = 'greeting'")).as("owned by the environment's role")
                .isEqualTo("slipway_" + project + "_test");
        assertThat(server.request(project, "test", "/cgi-bin/greeting").body()).as("the running app reads the restored database")
                .isEqualTo("hello from test\na second row\nmade on a laptop\n");
    }

    @Test
    @Order(3)
    void aRestoreWithoutConfirmationOrWithABadDumpChangesNothing() throws Exception {
        String path = "/api/v1/projects/" + project + "/environments/test/services/postgres/restore";
        String before = cloudSql("SELECT string_agg(msg, '|' ORDER BY id) FROM greeting");

        TestServer.Answer unconfirmed = server.call("POST", path, "SELECT 1;");
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.json().get("detail").asText()).isEqualTo("confirm");

        TestServer.Answer notADump = server.call("POST", path + "?confirm=test", "DROP TABLE greeting;\n");
        assertThat(notADump.status()).isEqualTo(400);
        assertThat(notADump.json().get("detail").asText()).isEqualTo("dump");
        assertThat(notADump.json().get("error").asText()).contains("not a complete plain-format pg_dump dump");

        // A shell command in an upload would run on the server's machine if psql obeyed it.
        Path marker = tmp.resolve("meta-command-ran");
        TestServer.Answer shell = server.call("POST", path + "?confirm=test",
                "CREATE TABLE emptied (id int);\n\\! touch " + marker + "\n" + "--\n-- PostgreSQL database dump complete\n--\n");
        assertThat(shell.status()).as(shell.body()).isEqualTo(400);
        assertThat(shell.json().get("error").asText()).contains("backslash commands are restricted").contains("was not changed");
        assertThat(marker).doesNotExist();

        TestServer.Answer failing = server.call("POST", path + "?confirm=test",
                "CREATE TABLE emptied (id int);\nSELECT no_such_function();\n--\n-- PostgreSQL database dump complete\n--\n");
        assertThat(failing.status()).isEqualTo(400);
        assertThat(failing.json().get("error").asText()).contains("no_such_function");

        assertThat(cloudSql("SELECT string_agg(msg, '|' ORDER BY id) FROM greeting")).isEqualTo(before);
        assertThat(SharedPostgres.strings("SELECT datname FROM pg_database WHERE datname LIKE 'slipway\\_restore\\_%' OR datname LIKE 'slipway\\_retired\\_%'"))
                .as("no database left behind by a failed restore").isEmpty();
    }

    @Test
    @Order(4)
    void mediaGoesToTheLaptopAndBackAndPushReplacesTheEnvironmentsFiles() throws Exception {
        Path media = local.resolve("data/media");
        Files.writeString(media.resolve("stale.txt"), "only on the laptop before the pull\n");

        CliProcess.Run pull = slipway(null, "pull-media", project, "test");

        assertThat(pull.exit()).as(pull.all()).isZero();
        assertThat(files(media)).containsExactly("hello.txt", "sub/nested.txt");
        assertThat(Files.readString(media.resolve("hello.txt"))).isEqualTo("media of test\n");

        Files.writeString(media.resolve("uploaded-locally.txt"), "from the laptop\n");
        Files.delete(media.resolve("sub/nested.txt"));
        CliProcess.Run refused = slipway("nope\n", "push-media", project, "test");
        assertThat(refused.exit()).isEqualTo(1);
        Path cloud = tmp.resolve("data/media").resolve(project).resolve("test");
        assertThat(files(cloud)).containsExactly("hello.txt", "sub/nested.txt");

        CliProcess.Run push = slipway(null, "push-media", project, "test", "--yes");

        assertThat(push.exit()).as(push.all()).isZero();
        assertThat(push.out()).contains("replaced the files in " + cloud + " with the archive's 2 files");
        assertThat(files(cloud)).containsExactly("hello.txt", "uploaded-locally.txt");
        assertThat(Files.readString(cloud.resolve("uploaded-locally.txt"))).isEqualTo("from the laptop\n");
    }

    @Test
    @Order(5)
    void pullingFromAnEnvironmentWithoutADatabaseSaysWhy() throws Exception {
        CliProcess.Run pull = slipway(null, "pull-db", project, "live");

        assertThat(pull.exit()).isEqualTo(2);
        assertThat(pull.err()).contains("no database has been provisioned for " + project + "/live (it is made at its first deployment)");
    }

    static CliProcess.Run slipway(String stdin, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("local", "-C", local.toString(), "-p", composeProject));
        all.addAll(List.of(args));
        return cli.runWithInput(stdin, all.toArray(String[]::new));
    }

    /** The first column of the first row, from the local db container; null when the query fails. */
    static String localSql(String sql) {
        ComposeRunner compose = new ComposeRunner(ComposeTool.detect(System.getenv()), local, composeProject, System.getenv());
        List<String> lines = new ArrayList<>();
        ComposeRunner.Result r = compose.run(List.of("exec", "-T", "db", "psql", "-X", "-U", "app", "-d", "app", "-tA", "-c", sql),
                Duration.ofSeconds(60), lines::add);
        return r.ok() && !lines.isEmpty() ? lines.get(0) : null;
    }

    static String cloudSql(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/slipway_" + project + "_test", "postgres", "postgres");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static List<String> files(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
