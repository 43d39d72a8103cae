package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.Browser;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The projects list in a real browser: each environment's current release and how its last deployment went. */
class WebUiProjectsListTest {
    @TempDir static Path tmp;
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
        browser = Browser.start(tmp.resolve("profile"));
    }

    @AfterAll
    static void stop() {
        UiPages.stop(browser, server);
    }

    @Test
    void eachEnvironmentShowsItsCurrentReleaseAndItsLastDeploymentsStatus() {
        TestRepo repo = TestRepo.create(tmp.resolve("repo"));
        String commit = repo.commit("v1", Apps.version("1"));
        server.createProject("glance", repo.url());
        JsonNode ok = server.deployAndAwait("glance", "test", null);
        assertThat(ok.get("deployment").get("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode failed = server.deployAndAwait("glance", "live", "0123456789abcdef0123456789abcdef01234567");
        assertThat(failed.get("deployment").get("status").asText()).isEqualTo("FAILED");
        long release = releaseOfTest();

        UiPages.signedIn(browser, server);
        By test = By.cssSelector("tr[data-project=glance] li[data-environment=test]");
        By live = By.cssSelector("tr[data-project=glance] li[data-environment=live]");
        browser.await(visibilityOfElementLocated(test));
        assertThat(browser.find(test).findElement(By.className("release")).getText()).isEqualTo("#" + release + " " + commit.substring(0, 10));
        assertThat(browser.find(test).findElement(By.cssSelector(".status")).getText()).isEqualTo("succeeded");
        assertThat(browser.find(live).findElement(By.className("release")).getText()).isEqualTo("not deployed");
        assertThat(browser.find(live).findElement(By.cssSelector(".status")).getText()).isEqualTo("failed");

        // The status links to the deployment, and the list catches up with a deployment started elsewhere.
        browser.find(live).findElement(By.cssSelector("a.last")).click();
        browser.await(textToBePresentInElementLocated(By.id("reason"), "0123456789abcdef0123456789abcdef01234567"));
        browser.open(UiPages.home(server));
        browser.await(visibilityOfElementLocated(live));
        server.deploy("glance", "live", null);
        browser.await(Duration.ofMinutes(3), textToBePresentInElementLocated(live, commit.substring(0, 10)));
        browser.await(Duration.ofSeconds(30), textToBePresentInElementLocated(live, "succeeded"));
    }

    private static long releaseOfTest() {
        for (JsonNode e : server.call("GET", "/api/v1/projects/glance", null).json().get("environments")) {
            if (e.get("name").asText().equals("test")) return e.get("current_release").get("id").asLong();
        }
        throw new AssertionError("no environment test");
    }
}
