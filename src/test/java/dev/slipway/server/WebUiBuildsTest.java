package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.Browser;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Builds in a real browser: one commit built twice (a rebuild), whose images differ in one file, so that the
 * second build's drift report has something to show; against a real server, Git repository and Docker engine.
 */
class WebUiBuildsTest {
    /** A file whose content differs at every build, so that two builds of one commit differ. */
    static final String STAMP = "RUN date +%s%N > /stamp\n";

    @TempDir static Path tmp;
    static TestServer server;
    static Browser browser;
    static String commit;
    static long firstDeployment;
    static long secondDeployment;
    static long firstBuild;
    static long secondBuild;

    @BeforeAll
    static void start() {
        DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
        TestRepo repo = TestRepo.create(tmp.resolve("repo"));
        commit = repo.commit("v1", Apps.with(Apps.webOnly("1"), "Dockerfile", Apps.DOCKERFILE + STAMP));
        server.createProject("stamped", repo.url());
        firstDeployment = deployRebuilding();
        secondDeployment = deployRebuilding();
        firstBuild = buildOf(firstDeployment);
        secondBuild = buildOf(secondDeployment);
        browser = Browser.start(tmp.resolve("profile"));
    }

    @AfterAll
    static void stop() {
        UiPages.stop(browser, server);
    }

    @BeforeEach
    void signedIn() {
        UiPages.signedIn(browser, server);
    }

    @Test
    void theProjectPageListsBothBuildsOfTheCommit() {
        UiPages.openProject(browser, server, "stamped");
        for (long build : new long[] {firstBuild, secondBuild}) {
            By row = By.cssSelector("#builds tr[data-build='" + build + "']");
            for (String shown : new String[] {"#" + build, "test", commit.substring(0, 10), "built", "not used"}) {
                browser.await(textToBePresentInElementLocated(row, shown));
            }
        }
    }

    @Test
    void theProjectPageShowsABuildStartedFromTheApiWithoutBeingReloaded() {
        TestRepo later = TestRepo.create(tmp.resolve("later-repo"));
        String laterCommit = later.commit("v1", Apps.webOnly("1"));
        server.createProject("later", later.url());
        UiPages.openProject(browser, server, "later");
        browser.await(textToBePresentInElementLocated(By.tagName("main"), "No builds yet."));

        long deployment = server.deploy("later", "test", null);
        browser.await(Duration.ofMinutes(3), textToBePresentInElementLocated(By.cssSelector("#builds tbody tr"), laterCommit.substring(0, 10)));
        server.await(deployment, Duration.ofMinutes(3));
        browser.await(textToBePresentInElementLocated(By.cssSelector("#builds tbody tr"), "#" + buildOf(deployment)));
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/projects/later");
    }

    @Test
    void aRebuildsPageShowsWhatDiffersAndLinksToTheBuildItWasComparedWith() {
        openBuild(secondBuild);
        browser.await(textToBePresentInElementLocated(By.id("drift"), "first difference"));
        assertThat(browser.find(By.id("drift")).getText()).contains("RUN date +%s%N > /stamp", "/stamp: content differs");
        assertThat(browser.find(By.id("build")).getText()).contains(commit, "admin --rebuild");

        WebElement earlier = browser.find(By.cssSelector("#drift-against a"));
        assertThat(earlier.getText()).isEqualTo("#" + firstBuild);
        earlier.click();
        browser.await(textToBe(By.id("build-title"), "Build #" + firstBuild));
        browser.await(textToBePresentInElementLocated(By.id("no-drift"), "no earlier build of this commit"));
        assertThat(browser.driver().findElements(By.id("drift"))).isEmpty();
    }

    @Test
    void theDeploymentPageLinksToItsBuild() {
        browser.open(UiPages.home(server) + "#/deployments/" + secondDeployment);
        WebElement link = browser.await(driver -> driver.findElement(By.id("build-link")));
        assertThat(link.getText()).isEqualTo("#" + secondBuild);
        link.click();
        browser.await(urlMatches("#/builds/" + secondBuild + "$"));
        browser.await(textToBe(By.id("build-title"), "Build #" + secondBuild));
        browser.await(textToBePresentInElementLocated(By.id("build"), "#" + secondDeployment));
    }

    @Test
    void comparesWithABuildNamedInTheForm() {
        openBuild(firstBuild);
        browser.await(textToBePresentInElementLocated(By.id("no-drift"), "no earlier build"));
        compareWith(String.valueOf(secondBuild));
        browser.await(Duration.ofMinutes(1), textToBePresentInElementLocated(By.id("drift-against"), "made just now"));
        assertThat(browser.find(By.cssSelector("#drift-against a")).getText()).isEqualTo("#" + secondBuild);
        assertThat(browser.find(By.id("drift")).getText()).contains("/stamp: content differs");
    }

    @Test
    void aBadBuildToCompareWithIsRefusedNamingTheFieldAndChangesNothing() {
        openBuild(secondBuild);
        browser.await(textToBePresentInElementLocated(By.id("drift"), "/stamp"));
        String report = browser.find(By.id("drift")).getText();
        String against = browser.find(By.id("drift-against")).getText();

        compareWith("abc");
        browser.await(textToBePresentInElementLocated(By.id("compare-error"), "against: 'abc' is not a number"));
        browser.await(attributeToBe(By.id("against"), "aria-invalid", "true"));
        assertThat(browser.find(By.id("against")).getAttribute("value")).isEqualTo("abc");
        assertThat(browser.find(By.id("drift")).getText()).isEqualTo(report);
        assertThat(browser.find(By.id("drift-against")).getText()).isEqualTo(against);
    }

    private static void openBuild(long id) {
        browser.open(UiPages.home(server) + "#/builds/" + id);
        browser.await(textToBe(By.id("build-title"), "Build #" + id));
    }

    private static void compareWith(String build) {
        WebElement field = browser.find(By.id("against"));
        field.clear();
        field.sendKeys(build);
        browser.find(By.cssSelector("#compare button[type=submit]")).click();
    }

    /** Deploys the test environment with {@code rebuild}, waits for it to succeed and returns its id. */
    private static long deployRebuilding() {
        TestServer.Answer started = server.call("POST", "/api/v1/projects/stamped/environments/test/deployments", Map.of("rebuild", true));
        if (started.status() != 202) throw new AssertionError("deploy: " + started);
        long id = started.json().get("id").asLong();
        JsonNode done = server.await(id, Duration.ofMinutes(3)).get("deployment");
        assertThat(done.get("status").asText()).as(server.log(id)).isEqualTo("SUCCEEDED");
        return id;
    }

    private static long buildOf(long deployment) {
        return server.call("GET", "/api/v1/deployments/" + deployment, null).json().get("build").get("id").asLong();
    }
}
