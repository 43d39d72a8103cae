package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.invisibilityOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.Browser;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The project page's deploy and rollback forms in a real browser, against a real server, Git repository and
 * Docker engine: a ref picked from the repository's branches and tags, a typed SHA, a rollback target, and
 * the confirmation that deploying or rolling back live waits for.
 */
class WebUiDeployFormsTest {
    @TempDir static Path tmp;
    static TestServer server;
    static Browser browser;
    static TestRepo repo;
    static String v1;
    static String v2;
    static String v3;

    @BeforeAll
    static void start() {
        DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
        repo = TestRepo.create(tmp.resolve("repo"));
        v1 = repo.commit("v1", Apps.webOnly("1"));
        repo.tag("v1");
        v2 = repo.commit("v2", Apps.webOnly("2"));
        v3 = repo.commit("v3", Apps.webOnly("3"));
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
    void aTagPickedInTheListIsDeployedAndRunsItsCommit() {
        server.createProject("picker", repo.url());
        UiPages.openProject(browser, server, "picker");
        WebElement form = UiPages.openForm(browser, "test", "deploy");
        Select refs = new Select(form.findElement(By.id("deploy-ref")));
        assertThat(refs.getOptions()).extracting(WebElement::getText)
                .contains("branch main (the environment's) · " + v3.substring(0, 10), "branch main · " + v3.substring(0, 10), "tag v1 · " + v1.substring(0, 10));

        refs.selectByValue("v1");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(UiPages.awaitFinished(browser)).isEqualTo("succeeded");
        assertThat(browser.find(By.tagName("main")).getText()).contains("commit " + v1.substring(0, 10));
        assertThat(server.request("picker", "test", "/").body()).isEqualTo("version 1\n");
        assertThat(lastDeployment("picker", "test").get("commit").asText()).isEqualTo(v1);
        assertThat(lastDeployment("picker", "test").get("ref").asText()).isEqualTo("v1");
    }

    @Test
    void deployingLiveWaitsForAConfirmationShowingWhatWillRunOverWhatServes() {
        server.createProject("careful", repo.url());
        server.deployAndAwait("careful", "live", v1);
        long serving = currentRelease("careful", "live");
        UiPages.openProject(browser, server, "careful");

        // A SHA typed by hand: nothing starts until it is confirmed.
        WebElement form = UiPages.openForm(browser, "live", "deploy");
        form.findElement(By.id("deploy-sha")).sendKeys(v2);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement confirmation = browser.await(visibilityOfElementLocated(By.id("confirmation")));
        assertThat(confirmation.findElement(By.id("confirm-what")).getText()).contains(v2);
        assertThat(confirmation.findElement(By.id("confirm-over")).getText()).contains("#" + serving, v1.substring(0, 10));
        TestServer.sleep(1500);
        assertThat(deployments("careful", "live")).as("deployments of live before confirming").hasSize(1);

        browser.find(By.id("cancel-live")).click();
        browser.await(invisibilityOfElementLocated(By.id("confirmation")));
        form = browser.await(visibilityOfElementLocated(By.id("deploy-form")));
        assertThat(deployments("careful", "live")).as("deployments of live after cancelling").hasSize(1);
        assertThat(server.request("careful", "live", "/").body()).isEqualTo("version 1\n");

        form.findElement(By.cssSelector("button[type=submit]")).click();
        browser.await(visibilityOfElementLocated(By.id("confirm-live"))).click();
        assertThat(UiPages.awaitFinished(browser)).isEqualTo("succeeded");
        assertThat(server.request("careful", "live", "/").body()).isEqualTo("version 2\n");
        assertThat(lastDeployment("careful", "live").get("commit").asText()).isEqualTo(v2);

        // Rolling live back asks too: to the release before, over the one that now serves.
        long now = currentRelease("careful", "live");
        UiPages.openProject(browser, server, "careful");
        UiPages.openForm(browser, "live", "rollback").findElement(By.cssSelector("button[type=submit]")).click();
        confirmation = browser.await(visibilityOfElementLocated(By.id("confirmation")));
        assertThat(confirmation.findElement(By.id("confirm-what")).getText()).contains("#" + serving, v1.substring(0, 10));
        assertThat(confirmation.findElement(By.id("confirm-over")).getText()).contains("#" + now, v2.substring(0, 10));
        browser.find(By.id("cancel-live")).click();
        browser.await(visibilityOfElementLocated(By.id("rollback-form")));
        TestServer.sleep(1000);
        assertThat(deployments("careful", "live")).as("deployments of live after a cancelled rollback").hasSize(2);
    }

    @Test
    void theRollbackFormGoesBackToTheReleasePickedNotOnlyThePreviousOne() {
        server.createProject("back", repo.url());
        for (String commit : List.of(v1, v2, v3)) {
            assertThat(server.deployAndAwait("back", "test", commit).get("deployment").get("status").asText()).isEqualTo("SUCCEEDED");
        }
        JsonNode releases = server.call("GET", "/api/v1/projects/back/environments/test/releases", null).json();
        long third = releases.get(0).get("id").asLong();
        long second = releases.get(1).get("id").asLong();
        long first = releases.get(2).get("id").asLong();
        UiPages.openProject(browser, server, "back");

        WebElement form = UiPages.openForm(browser, "test", "rollback");
        Select targets = new Select(form.findElement(By.id("rollback-release")));
        assertThat(targets.getOptions()).extracting(WebElement::getText).hasSize(3).satisfies(texts -> {
            assertThat(texts.get(0)).startsWith("#" + third + " · " + v3.substring(0, 10) + " · ").endsWith("(serving now)");
            assertThat(texts.get(1)).matches("#" + second + " · " + v2.substring(0, 10) + " · .*\\d{4}.*");
            assertThat(texts.get(2)).matches("#" + first + " · " + v1.substring(0, 10) + " · .*\\d{4}.*");
        });
        assertThat(targets.getOptions().get(0).isEnabled()).as("the release serving now").isFalse();
        assertThat(targets.getFirstSelectedOption().getAttribute("value")).as("the default target").isEqualTo(String.valueOf(second));

        targets.selectByValue(String.valueOf(first));
        form.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(UiPages.awaitFinished(browser)).isEqualTo("succeeded");
        assertThat(browser.find(By.tagName("main")).getText()).contains("rollback to release #" + first);
        assertThat(server.request("back", "test", "/").body()).isEqualTo("version 1\n");
        assertThat(lastDeployment("back", "test").get("rollback_of").asLong()).isEqualTo(first);
    }

    private static JsonNode deployments(String project, String env) {
        return server.call("GET", "/api/v1/projects/" + project + "/deployments?environment=" + env, null).json();
    }

    private static JsonNode lastDeployment(String project, String env) {
        return deployments(project, env).get(0);
    }

    private static long currentRelease(String project, String env) {
        for (JsonNode e : server.call("GET", "/api/v1/projects/" + project, null).json().get("environments")) {
            if (e.get("name").asText().equals(env)) return e.get("current_release").get("id").asLong();
        }
        throw new AssertionError("no environment " + env);
    }
}
