package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.Apps;
import dev.slipway.testing.ConcurrentTest;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `deploy`, `rollback`, `status` and `deployments` say, as a user reads them from the launcher's
 * process: one story of numbers (README "Numbers"), what is still serving after a failure, and a web
 * process that listens on another port than $PORT. The two stories have projects of their own and read
 * deployment numbers from the output, so they run side by side.
 */
class DeployStoryCliTest {
    private static final Pattern QUEUED = Pattern.compile("deployment (\\d+) of ");

    @TempDir static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(tmp.resolve("data"));
    }

    @AfterAll
    static void stop() {
        server.closeAndRemoveWhatItRan();
    }

    private static CliProcess.Run slipway(String... args) throws Exception {
        return CliProcess.against(server, tmp).run(args);
    }

    private static String lastLine(CliProcess.Run run) {
        String[] lines = run.out().strip().split("\n");
        return lines[lines.length - 1];
    }

    private static long queuedId(CliProcess.Run run) {
        Matcher m = QUEUED.matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @ConcurrentTest
    void anAppListeningOnAnotherPortIsToldToListenOnPortAndNothingWasServing() throws Exception {
        TestRepo repo = TestRepo.create(tmp.resolve("port-repo"));
        repo.commit("listens on 8081", Apps.with(Apps.with(Apps.version("1"), "Dockerfile", """
                FROM busybox:1.36
                COPY www /www
                CMD ["sh", "-c", "echo listening on 8081; exec httpd -f -p 8081 -h /www"]
                """), "slipway.yaml", Apps.CONFIG.replace("timeout: 15s", "timeout: 4s")));
        server.createProject("wrongport", repo.url());

        CliProcess.Run failed = slipway("deploy", "wrongport", "test");
        assertThat(failed.exit()).as(failed.all()).isEqualTo(1);
        assertThat(lastLine(failed)).matches("deployment \\d+ failed at health: web container \\S+: nothing answered on port 8080 in the container"
                + " within 4 s; does the app listen on \\$PORT \\(8080\\)\\? The container is running; last log lines: listening on 8081"
                + "; nothing was serving and nothing is");
        assertThat(lastLine(failed)).doesNotContain("ConnectException");

        long id = queuedId(failed);
        JsonNode view = server.call("GET", "/api/v1/deployments/" + id, null).json();
        assertThat(view.get("still_serving").asText()).isEqualTo("nothing was serving and nothing is");
        String[] log = server.log(id).strip().split("\n");
        assertThat(log[log.length - 1]).isEqualTo("[health] nothing was serving and nothing is");
    }

    @ConcurrentTest
    void deployRollbackStatusAndAFailureTellOneStoryOfNumbers() throws Exception {
        TestRepo repo = TestRepo.create(tmp.resolve("story-repo"));
        String v1 = repo.commit("v1", Apps.version("1")).substring(0, 12);
        server.createProject("story", repo.url());
        CliProcess.Run first = slipway("deploy", "story", "test");
        assertThat(first.exit()).as(first.all()).isZero();
        long a = queuedId(first);
        assertThat(lastLine(first)).isEqualTo("deployment " + a + " succeeded: test.story runs release " + a + " (commit " + v1 + ")");

        String v2 = repo.commit("v2", Apps.version("2")).substring(0, 12);
        CliProcess.Run second = slipway("deploy", "story", "test");
        assertThat(second.exit()).as(second.all()).isZero();
        long b = queuedId(second);
        assertThat(lastLine(second)).isEqualTo("deployment " + b + " succeeded: test.story runs release " + b + " (commit " + v2 + ")");

        CliProcess.Run rollback = slipway("rollback", "story", "test");
        assertThat(rollback.exit()).as(rollback.all()).isZero();
        long c = queuedId(rollback);
        assertThat(rollback.out()).contains("deployment " + c + " of test.story queued: it rolls back to release " + a + " (commit " + v1
                + "); when it succeeds, it makes release " + c);
        assertThat(rollback.out()).contains("deployment " + c + " rolls back to release " + a + " (commit " + v1 + ")");
        assertThat(lastLine(rollback)).isEqualTo("deployment " + c + " succeeded: test.story runs release " + c
                + " (rollback to release " + a + ", commit " + v1 + ")");
        assertThat(server.request("story", "test", "/").body()).isEqualTo("version 1\n");

        CliProcess.Run status = slipway("status", "story");
        assertThat(status.out()).containsPattern("test\\s+release " + c + " \\(rollback to release " + a + ", commit " + v1 + "\\), 1 web, 1 process");

        CliProcess.Run list = slipway("deployments", "story", "test");
        assertThat(list.out()).doesNotContain("#")
                .containsPattern(c + "\\s+test\\s+succeeded\\s+" + v1 + "\\s+rollback to release " + a + " \\(build \\d+\\)")
                .containsPattern(b + "\\s+test\\s+succeeded\\s+" + v2 + "\\s+build \\d+ \\(\\d+\\.\\d s\\)");

        repo.commit("bad migration", Apps.with(Apps.version("3"), "slipway.yaml",
                Apps.CONFIG.replace("echo \"migration ran for $SLIPWAY_ENVIRONMENT\"", "echo no such table; exit 4")));
        CliProcess.Run failed = slipway("deploy", "story", "test");
        assertThat(failed.exit()).isEqualTo(1);
        String serving = "release " + c + " (rollback to release " + a + ", commit " + v1 + ") is still serving";
        assertThat(lastLine(failed)).startsWith("deployment " + queuedId(failed) + " failed at migrate: migration 'echo no such table; exit 4' exited with code 4")
                .endsWith("; " + serving);
        JsonNode view = server.call("GET", "/api/v1/deployments/" + queuedId(failed), null).json();
        assertThat(view.get("still_serving").asText()).isEqualTo(serving);
        assertThat(server.log(queuedId(failed)).strip()).endsWith("[migrate] " + serving);
        assertThat(server.request("story", "test", "/").body()).isEqualTo("version 1\n");
    }
}
