package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;

import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.Browser;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * A deployment's log in a real browser while the deployment runs: through the event stream, and by asking
 * for the rest when the stream breaks; against a real server, Git repository and Docker engine.
 */
class WebUiLogStreamTest {
    /** A build step that writes a line a second, so that the page shows lines while the deployment runs. */
    static final String SLOW_LINES = "RUN for i in 1 2 3 4 5; do echo line-$i; sleep 1; done\n";

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

    @BeforeEach
    void signedIn() {
        UiPages.signedIn(browser, server);
        browser.script("performance.setResourceTimingBufferSize(10000)");
    }

    @Test
    void followsARunningDeploymentsLogThroughItsEventStreamWithoutPolling() {
        long id = deploySlowly("slow");
        browser.await(Duration.ofMinutes(2), textToBePresentInElementLocated(By.id("log"), "line-1"));
        assertThat(server.call("GET", "/api/v1/deployments/" + id, null).json().get("deployment").get("status").asText())
                .as("the deployment when the page showed line-1").isEqualTo("RUNNING");

        assertThat(UiPages.awaitFinished(browser)).isEqualTo("succeeded");
        String shown = shownLog();
        assertThat(shown).isEqualTo(server.log(id));
        assertThat(Pattern.compile("line-\\d").matcher(shown).results().map(MatchResult::group))
                .containsExactly("line-1", "line-2", "line-3", "line-4", "line-5");
        assertThat(requests()).as("the page's requests")
                .anyMatch(url -> url.endsWith("/api/v1/deployments/" + id + "/events?after=0"))
                .noneMatch(url -> url.contains("/log?after="));
    }

    @Test
    void whenTheServerRestartsThePageReadsTheRestOfTheLogFromTheLastLineItHas() {
        long id = deploySlowly("restarted");
        browser.await(Duration.ofMinutes(2), textToBePresentInElementLocated(By.id("log"), "line-1"));

        int apiPort = server.apiPort();
        int routerPort = server.routerPort();
        server.close();
        server = TestServer.start(ServerOptions.defaults(tmp.resolve("data")).withPorts(apiPort, routerPort));

        String status = UiPages.awaitFinished(browser);
        assertThat(status).isIn("interrupted", "failed");
        String shown = shownLog();
        assertThat(shown).isEqualTo(server.log(id));
        assertThat(Pattern.compile("line-1").matcher(shown).results().count()).isEqualTo(1);
        assertThat(requests()).as("the page's requests")
                .anyMatch(url -> url.matches(".*/api/v1/deployments/" + id + "/log\\?after=[1-9]\\d*"))
                .noneMatch(url -> url.endsWith("/log?after=0"));
    }

    /** Creates a project whose build writes line-1 … line-5 a second apart, deploys it from the page; returns the deployment id. */
    private static long deploySlowly(String project) {
        TestRepo repo = TestRepo.create(tmp.resolve(project + "-repo"));
        repo.commit("v1", Apps.with(Apps.version("1"), "Dockerfile", Apps.DOCKERFILE + SLOW_LINES));
        server.createProject(project, repo.url());
        browser.open(UiPages.home(server) + "#/projects/" + project);
        UiPages.start(browser, "test", "deploy");
        return Long.parseLong(browser.driver().getCurrentUrl().replaceAll(".*#/deployments/", ""));
    }

    private static String shownLog() {
        return (String) browser.script("return document.getElementById('log').textContent");
    }

    /** The URLs this page has fetched since it was loaded (a fetch that streams is listed once it has ended). */
    @SuppressWarnings("unchecked")
    private static List<String> requests() {
        return (List<String>) browser.script("return performance.getEntriesByType('resource').map((e) => e.name)");
    }
}
