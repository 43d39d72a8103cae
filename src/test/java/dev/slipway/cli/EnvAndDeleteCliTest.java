package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.Labels;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `slipway env set|unset|list`, `environments delete` and `projects delete` as a user runs them. */
class EnvAndDeleteCliTest {
    static final String CONFIG = """
            services: [storage]
            web:
              port: 8080
              health:
                interval: 200ms
                successes: 1
              drain_timeout: 1s
            migrate:
              - echo "media of $SLIPWAY_ENVIRONMENT" > /data/media/kept.txt
            """;

    @TempDir static Path tmp;
    static TestServer server;
    static TestRepo repo;
    static CliProcess cli;

    @BeforeAll
    static void start() {
        DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
        repo = TestRepo.create(tmp.resolve("repo"));
        repo.commit("v1", Apps.with(Apps.version("1"), "slipway.yaml", CONFIG));
        cli = new CliProcess(tmp, Map.of("SLIPWAY_URL", "http://127.0.0.1:" + server.apiPort(), "SLIPWAY_TOKEN", server.token()));
    }

    @AfterAll
    static void stop() {
        server.closeAndRemoveWhatItRan();
    }

    static String newProject() {
        String name = "e" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        server.createProject(name, repo.url());
        return name;
    }

    @Test
    void envSetListAndUnsetShowNamesButNeverValues() throws Exception {
        String p = newProject();
        String secret = "s3cret-" + ThreadLocalRandom.current().nextInt(1_000_000);

        CliProcess.Run set = cli.run("env", "set", p, "test", "API_TOKEN=" + secret, "GREETING=hello world");
        assertThat(set.exit()).as(set.all()).isZero();
        assertThat(set.out()).contains("set API_TOKEN, GREETING on " + p + "/test (used from the next deployment)")
                .contains("API_TOKEN=******").contains("GREETING=******");

        CliProcess.Run list = cli.run("env", "list", p, "test");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).isEqualTo("API_TOKEN=******\nGREETING=******\n");
        assertThat(cli.run("env", "list", p, "live").out()).as("environments do not share variables").isEqualTo("(no variables)\n");

        CliProcess.Run unset = cli.run("env", "unset", p, "test", "GREETING");
        assertThat(unset.exit()).isZero();
        assertThat(unset.out()).contains("unset GREETING on " + p + "/test").contains("API_TOKEN=******").doesNotContain("GREETING=");

        assertThat(set.all() + list.all() + unset.all()).doesNotContain(secret).doesNotContain("hello world");
    }

    @Test
    void badVariablesExitWithTwoNamingTheProblemAndChangeNothing() throws Exception {
        String p = newProject();
        assertThat(cli.run("env", "set", p, "test", "KEEP=first").exit()).isZero();

        CliProcess.Run badName = cli.run("env", "set", p, "test", "KEEP=second", "1BAD=secret-value");
        assertThat(badName.exit()).isEqualTo(2);
        assertThat(badName.err()).contains("'1BAD' is not a valid environment variable name").doesNotContain("secret-value");

        CliProcess.Run noEquals = cli.run("env", "set", p, "test", "just-a-value");
        assertThat(noEquals.exit()).isEqualTo(2);
        assertThat(noEquals.err()).contains("NAME=VALUE").contains("argument 1").doesNotContain("just-a-value");

        CliProcess.Run reserved = cli.run("env", "set", p, "test", "PORT=1");
        assertThat(reserved.exit()).isEqualTo(2);
        assertThat(reserved.err()).contains("PORT").contains("set by Slipway itself");

        CliProcess.Run missing = cli.run("env", "unset", p, "test", "MISSING");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("variable 'MISSING' of " + p + "/test not found");

        CliProcess.Run unknown = cli.run("env", "list", p, "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("environment 'nope' of project '" + p + "' not found");

        assertThat(cli.run("env", "list", p, "test").out()).as("nothing changed").isEqualTo("KEEP=******\n");
    }

    @Test
    void deletingKeepsTheDataUnlessDeleteDataIsGiven() throws Exception {
        String p = newProject();
        for (String env : new String[] {"test", "live"}) {
            JsonNode d = server.deployAndAwait(p, env, null);
            assertThat(d.get("deployment").get("status").asText()).as(server.log(d.get("deployment").get("id").asLong())).isEqualTo("SUCCEEDED");
        }
        Path testMedia = tmp.resolve("data/media").resolve(p).resolve("test");
        Path liveMedia = tmp.resolve("data/media").resolve(p).resolve("live");
        assertThat(liveMedia.resolve("kept.txt")).hasContent("media of live");

        CliProcess.Run deleteTest = cli.run("environments", "delete", p, "test", "--yes");
        assertThat(deleteTest.exit()).as(deleteTest.all()).isZero();
        assertThat(deleteTest.out()).isEqualTo("deleted environment " + p + "/test\n"
                + "  " + p + "/test storage: kept directory " + testMedia + "\n"
                + "data was kept; delete it with --delete-data\n");
        assertThat(testMedia.resolve("kept.txt")).hasContent("media of test");
        assertThat(server.request(p, "test", "/").status()).isEqualTo(404);
        assertThat(cli.run("env", "list", p, "test").exit()).isEqualTo(2);

        CliProcess.Run deleteProject = cli.run("projects", "delete", p, "--delete-data", "--yes");
        assertThat(deleteProject.exit()).as(deleteProject.all()).isZero();
        assertThat(deleteProject.out()).isEqualTo("deleted project " + p + "\n"
                + "  " + p + "/live storage: deleted directory " + liveMedia + "\n");
        assertThat(liveMedia).doesNotExist();
        assertThat(testMedia.resolve("kept.txt")).as("deleted earlier without --delete-data: still kept").exists();
        assertThat(DockerTestSupport.engine().list(Map.of(Labels.PROJECT, p))).isEmpty();
        assertThat(cli.run("projects", "list").out()).doesNotContain(p);

        CliProcess.Run again = cli.run("projects", "delete", p, "--yes");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("project '" + p + "' not found");
    }

    @Test
    void deletingAProjectWithoutDataKeepsNothingAndSaysSo() throws Exception {
        String p = newProject();
        CliProcess.Run badEnv = cli.run("environments", "delete", p, "nope", "--yes");
        assertThat(badEnv.exit()).isEqualTo(2);
        assertThat(badEnv.err()).contains("environment 'nope' of project '" + p + "' not found");

        CliProcess.Run delete = cli.run("projects", "delete", p, "--yes");
        assertThat(delete.exit()).as(delete.all()).isZero();
        assertThat(delete.out()).isEqualTo("deleted project " + p + "\ndata was kept; delete it with --delete-data\n");
        assertThat(server.call("GET", "/api/v1/projects/" + p, null).status()).isEqualTo(404);
        assertThat(Files.exists(tmp.resolve("data/media").resolve(p))).isFalse();
    }
}
