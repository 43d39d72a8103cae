package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable;
import static org.openqa.selenium.support.ui.ExpectedConditions.invisibilityOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.docker.DockerContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.Browser;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The Cancel button of a deployment's page in a real browser: a queued deployment ends cancelled without
 * running, a running one (held in its health step) stops there, is undone and ends cancelled, each page
 * saying why; what the running one had started is gone.
 */
class WebUiCancelTest {
    @TempDir static Path tmp;
    static DockerContainerEngine engine;
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        engine = DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
        browser = Browser.start(tmp.resolve("profile"));
    }

    @AfterAll
    static void stop() {
        UiPages.stop(browser, server);
    }

    @Test
    void cancelOnAQueuedAndThenOnARunningDeploymentsPageEndsEachCancelledWithItsReason() {
        TestRepo repo = TestRepo.create(tmp.resolve("repo"));
        // Nothing answers /missing: the health step waits its 120 s, long enough to be cancelled in.
        repo.commit("slow health", Apps.with(Apps.version("1"), "slipway.yaml",
                Apps.CONFIG.replace("path: /", "path: /missing").replace("timeout: 15s", "timeout: 120s")));
        server.createProject("halt", repo.url());
        long running = server.deploy("halt", "test", null);
        awaitStep(running, "health", Duration.ofMinutes(2));
        long queued = server.deploy("halt", "test", null);
        UiPages.signedIn(browser, server);

        browser.open(UiPages.home(server) + "#/deployments/" + queued);
        browser.await(textToBePresentInElementLocated(By.id("status"), "queued"));
        browser.await(elementToBeClickable(By.id("cancel"))).click();
        browser.await(textToBePresentInElementLocated(By.id("status"), "cancelled"));
        assertThat(browser.find(By.id("reason")).getText()).isEqualTo("it was cancelled while queued, so nothing of it ran");
        browser.await(invisibilityOfElementLocated(By.id("cancel")));

        browser.open(UiPages.home(server) + "#/deployments/" + running);
        browser.await(textToBePresentInElementLocated(By.id("status"), "running"));
        assertThat(engine.list(ofDeployment(running))).as("its web and worker containers run").isNotEmpty();
        Instant clicked = Instant.now();
        browser.await(elementToBeClickable(By.id("cancel"))).click();
        browser.await(Duration.ofSeconds(60), textToBePresentInElementLocated(By.id("status"), "cancelled"));
        System.out.printf("running deployment shown cancelled %d ms after the click%n", Duration.between(clicked, Instant.now()).toMillis());
        browser.await(textToBePresentInElementLocated(By.id("reason"), "health: cancelled during health; what it had added was removed"));
        browser.await(invisibilityOfElementLocated(By.id("cancel")));

        JsonNode d = server.call("GET", "/api/v1/deployments/" + running, null).json();
        assertThat(d.get("deployment").get("status").asText()).isEqualTo("CANCELLED");
        assertThat(d.get("deployment").get("failed_step").asText()).isEqualTo("health");
        assertThat(d.get("steps")).isNotEmpty().allSatisfy(s -> assertThat(s.get("undone_at").isNull()).as(s.get("name") + " undone").isFalse());
        assertThat(engine.list(ofDeployment(running))).as("its containers were removed; log:\n" + server.log(running)).isEmpty();
        assertThat(server.call("GET", "/api/v1/projects/halt/environments/test/releases", null).json()).as("no release").isEmpty();
        assertThat(server.log(running)).contains("deployment cancelled during health");
    }

    /** Other tests' servers number their deployments from 1 too: the instance tells this server's. */
    private static Map<String, String> ofDeployment(long id) {
        return Map.of("slipway.instance", server.instanceId(), "slipway.deployment", Long.toString(id));
    }

    private static void awaitStep(long id, String step, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode view = server.call("GET", "/api/v1/deployments/" + id, null).json();
            for (JsonNode s : view.get("steps")) {
                if (s.get("name").asText().equals(step) && s.get("outcome").asText().equals("RUNNING")) return;
            }
            if (!view.get("deployment").get("status").asText().matches("QUEUED|RUNNING") || Instant.now().isAfter(deadline)) {
                throw new AssertionError("deployment " + id + " never ran its " + step + " step:\n" + server.log(id));
            }
            TestServer.sleep(200);
        }
    }
}
