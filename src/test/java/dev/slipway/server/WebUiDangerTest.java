package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.Labels;
import dev.slipway.engine.ContainerState;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.Browser;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The project page's danger zone in a real browser: deleting an environment or a project once its name is
 * typed, against a real server, Git repository and Docker engine. Each test has its own project.
 */
class WebUiDangerTest {
    @TempDir static Path tmp;
    static TestServer server;
    static Browser browser;
    static TestRepo repo;

    @BeforeAll
    static void start() {
        DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
        repo = TestRepo.create(tmp.resolve("repo"));
        repo.commit("v1", Apps.webOnly("1"));
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
    void anEnvironmentIsDeletedWithItsContainersOnlyOnceItsExactNameIsTyped() {
        server.createProject("plum", repo.url());
        assertThat(server.deployAndAwait("plum", "test", null).get("deployment").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(containers("plum", "test")).isNotEmpty();
        UiPages.openProject(browser, server, "plum");

        String form = "delete-environment-test";
        WebElement button = openDeleteForm(form);
        for (String typed : new String[] {"", "tes", "Test", "test ", "live", "plum"}) {
            type(form, typed);
            assertThat(button.isEnabled()).as("the button after typing '%s'", typed).isFalse();
            browser.find(By.cssSelector("#" + form + " input[name=confirm]")).sendKeys(Keys.ENTER);
            assertThat(browser.find(By.cssSelector("#" + form + " [role=status]")).isDisplayed()).as("deleting after '%s'", typed).isFalse();
        }
        assertThat(environments("plum")).containsExactly("live", "test");

        type(form, "test");
        assertThat(button.isEnabled()).isTrue();
        button.click();
        browser.await(Duration.ofMinutes(1), textToBePresentInElementLocated(By.id("notice"), "Deleted environment plum/test."));
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-environment=test]"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("section[data-settings=test], #" + form))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-environment=live]"))).hasSize(1);
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/projects/plum");

        assertThat(environments("plum")).containsExactly("live");
        assertThat(containers("plum", "test")).isEmpty();
        assertThat(server.request("plum", "test", "/").status()).isEqualTo(404);
    }

    @Test
    void aProjectIsDeletedWithItsContainersOnlyOnceItsExactNameIsTyped() {
        server.createProject("fig", repo.url());
        assertThat(server.deployAndAwait("fig", "test", null).get("deployment").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(containers("fig", null)).isNotEmpty();
        UiPages.openProject(browser, server, "fig");

        WebElement button = openDeleteForm("delete-project");
        for (String typed : new String[] {"", "fi", "FIG", " fig", "test"}) {
            type("delete-project", typed);
            assertThat(button.isEnabled()).as("the button after typing '%s'", typed).isFalse();
        }
        type("delete-project", "fig");
        button.click();
        browser.await(Duration.ofMinutes(1), urlToBe(UiPages.home(server) + "#/"));
        browser.await(textToBePresentInElementLocated(By.id("notice"), "Deleted project fig."));
        browser.await(visibilityOfElementLocated(By.id("create-project")));
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-project=fig]"))).isEmpty();

        assertThat(server.call("GET", "/api/v1/projects/fig", null).status()).isEqualTo(404);
        assertThat(containers("fig", null)).isEmpty();
    }

    @Test
    void deletingWhileADeploymentRunsIsRefusedWithTheApisReasonAndChangesNothing() {
        TestRepo slow = TestRepo.create(tmp.resolve("slow-repo"));
        slow.commit("slow", Apps.with(Apps.webOnly("1"), "Dockerfile", Apps.DOCKERFILE + "RUN sleep 15\n"));
        server.createProject("kiwi", slow.url());
        UiPages.openProject(browser, server, "kiwi");
        long id = server.deploy("kiwi", "test", null);

        for (String[] attempt : new String[][] {{"delete-environment-test", "test"}, {"delete-project", "kiwi"}}) {
            String form = attempt[0];
            WebElement button = openDeleteForm(form);
            type(form, attempt[1]);
            button.click();
            browser.await(textToBePresentInElementLocated(By.id(form + "-error"), "kiwi/test is deploying"));
            assertThat(browser.find(By.id(form + "-error")).getText())
                    .isEqualTo("kiwi/test is deploying; delete it when the deployment has finished");
            assertThat(button.isEnabled()).as("the button, for another try").isTrue();
        }
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/projects/kiwi");
        assertThat(browser.driver().findElements(By.id("notice"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("#environments tbody tr"))).hasSize(2);

        assertThat(environments("kiwi")).containsExactly("live", "test");
        JsonNode finished = server.await(id, Duration.ofMinutes(3));
        assertThat(finished.get("deployment").get("status").asText()).as(server.log(id)).isEqualTo("SUCCEEDED");
        assertThat(server.request("kiwi", "test", "/").body()).isEqualTo("version 1\n");
    }

    /** Opens the danger zone's form and returns its (disabled) delete button. */
    private static WebElement openDeleteForm(String form) {
        WebElement details = browser.find(By.xpath("//form[@id='" + form + "']/parent::details"));
        if (details.getDomProperty("open") == null || !Boolean.parseBoolean(details.getDomProperty("open"))) {
            details.findElement(By.tagName("summary")).click();
        }
        return browser.await(visibilityOfElementLocated(By.cssSelector("#" + form + " button[type=submit]")));
    }

    private static void type(String form, String text) {
        WebElement input = browser.find(By.cssSelector("#" + form + " input[name=confirm]"));
        input.clear();
        input.sendKeys(text);
        // clear() fires no input event: the empty field is checked by typing into it and deleting
        if (text.isEmpty()) input.sendKeys("x", Keys.BACK_SPACE);
    }

    private static List<String> environments(String project) {
        List<String> names = new ArrayList<>();
        server.call("GET", "/api/v1/projects/" + project, null).json().get("environments").forEach(e -> names.add(e.get("name").asText()));
        return names;
    }

    /** This server's containers of the project (and environment, unless null), running or not. */
    private static List<ContainerState> containers(String project, String env) {
        Map<String, String> labels = new HashMap<>(Map.of(Labels.INSTANCE, server.instanceId(), Labels.PROJECT, project));
        if (env != null) labels.put(Labels.ENVIRONMENT, env);
        return DockerTestSupport.engine().list(labels);
    }
}
