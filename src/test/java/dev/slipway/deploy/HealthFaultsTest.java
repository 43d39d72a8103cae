package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks that misbehave, on the real engine, while clients keep asking the old release through
 * the router. DESIGN's rule is {@code health.successes} consecutive passes within {@code health.timeout}:
 * a failure in between starts the count again, so an endpoint that keeps flapping is never switched to,
 * and one that flaps once and then keeps passing is, after two passes in a row.
 *
 * <p>One project for the class (its v1 deployed once): the two faults that fail run first, the one
 * that switches last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthFaultsTest {
    static final String V1 = "version 1\n";
    static final String V2 = "version 2\n";
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);
    static final Duration INTERVAL = Duration.ofMillis(200);

    @TempDir static Path tmp;
    static TestServer server;
    static ContainerEngine engine;
    static TestRepo repo;
    static String project = "health-faults";

    @BeforeAll
    static void deployVersionOne() {
        engine = DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
        repo = TestRepo.create(tmp.resolve("repo"));
        server.createProject(project, repo.url());
        repo.commit("v1", Apps.with(Apps.version("1"), "slipway.yaml", config("/")));
        JsonNode first = server.deployAndAwait(project, "test", null);
        assertThat(first.get("deployment").get("status").asText()).as(server.log(first.get("deployment").get("id").asLong())).isEqualTo("SUCCEEDED");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.closeAndRemoveWhatItRan();
    }

    @Test
    @Order(1)
    void healthThatKeepsFlappingIsNeverSwitchedTo() throws Exception {
        // Odd requests pass, even ones fail: pass, fail, pass, fail… never two passes in a row.
        JsonNode failed = deployUnderLoad("health flapping (pass, fail, pass, …)", "health", """
                n=$(cat /tmp/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /tmp/n
                if [ $((n % 2)) -eq 1 ]; then printf 'Status: 200 OK\\r\\n\\r\\npass %s\\n' $n; else printf 'Status: 500 Flap\\r\\n\\r\\nfail %s\\n' $n; fi
                """);
        JsonNode d = failed.get("deployment");
        assertThat(d.get("status").asText()).isEqualTo("FAILED");
        assertThat(d.get("failed_step").asText()).isEqualTo("health");
        assertThat(d.get("reason").asText()).contains("did not pass the health check /cgi-bin/health within 3 s (last: HTTP ");
        assertThat(server.log(d.get("id").asLong())).contains("deployment failed at health").contains("is still serving");
    }

    @Test
    @Order(2)
    void healthThatHangsFailsWhenTheStepTimesOut() throws Exception {
        JsonNode failed = deployUnderLoad("health endpoint hangs", "hang", "sleep 60\n");
        JsonNode d = failed.get("deployment");
        assertThat(d.get("status").asText()).isEqualTo("FAILED");
        assertThat(d.get("failed_step").asText()).isEqualTo("health");
        assertThat(d.get("reason").asText()).contains("did not pass the health check /cgi-bin/hang within 3 s (last: HttpTimeoutException");
        // The step ends at its deadline: the last try may start one interval before it and wait one request timeout
        // (5 intervals, AwaitHealthy), and saying why it failed reads the container's state and log.
        Duration step = Aftermath.stepTime(failed, "health");
        System.out.println("FAULT health endpoint hangs | health step took " + step.toMillis() + " ms for a timeout of " + HEALTH_TIMEOUT.toMillis() + " ms");
        assertThat(step).isBetween(HEALTH_TIMEOUT.minus(INTERVAL), HEALTH_TIMEOUT.plus(INTERVAL.multipliedBy(5)).plusSeconds(2));
    }

    @Test
    @Order(3)
    void healthThatFlapsOnceIsSwitchedToAfterTwoPassesInARow() throws Exception {
        // Pass, fail, then pass for good: the fail resets the count, so the switch comes after the 4th request, not the 3rd.
        JsonNode done = deployUnderLoad("health flaps once (pass, fail, pass, pass)", "health", """
                n=$(cat /tmp/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /tmp/n
                if [ $n -eq 2 ]; then printf 'Status: 500 Flap\\r\\n\\r\\nfail\\n'; else printf 'Status: 200 OK\\r\\n\\r\\npass\\n'; fi
                """);
        JsonNode d = done.get("deployment");
        assertThat(d.get("status").asText()).as(server.log(d.get("id").asLong())).isEqualTo("SUCCEEDED");
        assertThat(server.request(project, "test", "/").body()).isEqualTo(V2);
        assertThat(server.request(project, "test", "/cgi-bin/count").body()).as("health requests the new release answered").isEqualTo("4\n");
        assertThat(server.log(d.get("id").asLong())).contains("answered /cgi-bin/health with HTTP 200 2 times");
    }

    /**
     * Commits version 2 with a CGI health script (its body after the shebang) at /cgi-bin/{@code path},
     * deploys it while two clients ask the old release through the router, and checks that no request
     * was lost and, when it failed, that nothing of it is left.
     */
    private JsonNode deployUnderLoad(String fault, String path, String script) throws Exception {
        Map<String, String> files = Apps.with(Apps.version("2"), "slipway.yaml", config("/cgi-bin/" + path));
        files = Apps.with(files, "Dockerfile", Apps.DOCKERFILE.replace("COPY www /www\n", "COPY www /www\nRUN chmod 755 /www/cgi-bin/*\n"));
        // The supervisor's checks after a switch are not the deployment's health requests: they pass and are not counted.
        files = Apps.with(files, "www/cgi-bin/" + path, "#!/bin/sh\n"
                + "if [ \"$HTTP_USER_AGENT\" = " + Supervisor.USER_AGENT + " ]; then printf 'Status: 200 OK\\r\\n\\r\\nok\\n'; exit 0; fi\n" + script);
        files = Apps.with(files, "www/cgi-bin/count", "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'; cat /tmp/n\n");
        repo.commit(fault, files);
        Aftermath.UnderLoad run = Aftermath.deployUnderLoad(server, engine, project, fault, Set.of(V1, V2),
                () -> server.deploy(project, "test", null));
        if (!run.succeeded()) {
            assertThat(run.load().bodies()).as("only the old release served").containsExactly(V1);
            assertThat(server.request(project, "test", "/").body()).isEqualTo(V1);
        }
        return run.view();
    }

    private static String config(String healthPath) {
        return """
                web:
                  port: 8080
                  health:
                    path: %s
                    timeout: %ds
                    interval: %dms
                    successes: 2
                  drain_timeout: 1s
                """.formatted(healthPath, HEALTH_TIMEOUT.toSeconds(), INTERVAL.toMillis());
    }
}
