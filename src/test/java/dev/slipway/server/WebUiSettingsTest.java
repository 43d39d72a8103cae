package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.numberOfElementsToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.Browser;
import dev.slipway.testing.Http;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The project page's settings in a real browser: variables, domains and new environments, against a real
 * server, Git repository and Docker engine. Each test has its own project.
 */
class WebUiSettingsTest {
    /** Serves the value of GREETING, as its container saw it at start, at /greeting.txt. */
    static final String GREETING_DOCKERFILE = """
            FROM busybox:1.36
            COPY www /www
            CMD ["sh", "-c", "printf '%s' \\"$GREETING\\" > /www/greeting.txt; exec httpd -f -p \\"$PORT\\" -h /www"]
            """;

    @TempDir static Path tmp;
    static TestServer server;
    static Browser browser;
    static TestRepo repo;
    static String commit;

    @BeforeAll
    static void start() {
        DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
        repo = TestRepo.create(tmp.resolve("repo"));
        commit = repo.commit("v1", Apps.with(Apps.webOnly("1"), "Dockerfile", GREETING_DOCKERFILE));
        repo.onBranch("stable"); // a branch must exist in the repository to be an environment's
        repo.onBranch("main");
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
    void aVariableSetInThePageReachesTheNextDeploymentAndItsValueIsNeverShown() {
        server.createProject("vars", repo.url());
        UiPages.openProject(browser, server, "vars");
        String secret = "s3cret <b>value</b> " + System.nanoTime();

        fill("add-variables-test", "name", "GREETING");
        fill("add-variables-test", "value", secret);
        submit("add-variables-test");
        browser.await(visibilityOfElementLocated(By.cssSelector("#variables-test li[data-name=GREETING]")));

        assertThat(server.call("GET", variables("vars", "test"), null).json()).extracting(v -> v.get("name").asText()).containsExactly("GREETING");
        assertThat(browser.driver().getPageSource()).doesNotContain(secret).doesNotContain("s3cret");
        assertThat(browser.find(By.cssSelector("#add-variables-test input[name=value]")).getDomProperty("value")).isEmpty();
        assertThat(server.call("GET", variables("vars", "live"), null).json()).as("live's variables").isEmpty();

        JsonNode deployed = server.deployAndAwait("vars", "test", null);
        assertThat(deployed.get("deployment").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(server.request("vars", "test", "/greeting.txt").body()).isEqualTo(secret);

        browser.find(By.cssSelector("#variables-test li[data-name=GREETING] button")).click();
        browser.await(numberOfElementsToBe(By.cssSelector("#variables-test li[data-name]"), 0));
        assertThat(server.call("GET", variables("vars", "test"), null).json()).isEmpty();
    }

    @Test
    void aDomainAddedInThePageIsServedAndAHostOfAnotherEnvironmentIsRefused() {
        server.createProject("doms", repo.url());
        UiPages.openProject(browser, server, "doms");
        String host = "www.doms.example.com";

        // Typed before a deployment that the page then follows: its redraws must keep the form as it is.
        fill("add-domains-test", "host", host);
        server.deploy("doms", "test", null);
        browser.await(Duration.ofMinutes(3), textToBePresentInElementLocated(By.cssSelector("tr[data-environment=test] .release"),
                commit.substring(0, 10)));
        assertThat(browser.find(By.cssSelector("#add-domains-test input[name=host]")).getDomProperty("value")).isEqualTo(host);
        submit("add-domains-test");
        browser.await(visibilityOfElementLocated(By.cssSelector("#domains-test li[data-name='" + host + "']")));

        assertThat(hosts("doms", "test")).containsExactly(host);
        assertThat(Http.get(server.routerPort(), host, "/").body()).isEqualTo("version 1\n");

        fill("add-domains-live", "host", host);
        submit("add-domains-live");
        browser.await(textToBePresentInElementLocated(By.id("add-domains-live-error"), "host: "));
        assertThat(browser.find(By.id("add-domains-live-error")).getText()).contains(host).contains("doms/test");
        browser.await(attributeToBe(By.cssSelector("#add-domains-live input[name=host]"), "aria-invalid", "true"));
        assertThat(hosts("doms", "live")).isEmpty();
        assertThat(hosts("doms", "test")).containsExactly(host);
        assertThat(browser.driver().findElements(By.cssSelector("#domains-live li[data-name]"))).isEmpty();

        browser.find(By.cssSelector("#domains-test li[data-name='" + host + "'] button")).click();
        browser.await(numberOfElementsToBe(By.cssSelector("#domains-test li[data-name]"), 0));
        assertThat(hosts("doms", "test")).isEmpty();
        assertThat(Http.get(server.routerPort(), host, "/").status()).isEqualTo(404);
    }

    @Test
    void createsAnEnvironmentAndRefusesABadNameNamingTheField() {
        server.createProject("envs", repo.url());
        UiPages.openProject(browser, server, "envs");

        fill("create-environment", "name", "staging");
        fill("create-environment", "branch", "stable");
        submit("create-environment");
        browser.await(textToBePresentInElementLocated(By.cssSelector("tr[data-environment=staging]"), "stable"));
        browser.await(visibilityOfElementLocated(By.cssSelector("section[data-settings=staging] #add-variables-staging")));
        assertThat(environments("envs")).containsExactly("live", "staging", "test");

        fill("create-environment", "name", "Bad Name");
        submit("create-environment");
        browser.await(textToBePresentInElementLocated(By.id("create-environment-error"), "name: 'Bad Name' is not a valid name"));
        browser.await(attributeToBe(By.id("environment-name"), "aria-invalid", "true"));

        fill("create-environment", "name", "staging");
        submit("create-environment");
        browser.await(textToBePresentInElementLocated(By.id("create-environment-error"), "name: environment 'staging' of project 'envs' already exists"));

        assertThat(environments("envs")).containsExactly("live", "staging", "test");
        assertThat(browser.driver().findElements(By.cssSelector("#environments tbody tr"))).hasSize(3);
    }

    private static void fill(String form, String field, String text) {
        WebElement input = browser.await(visibilityOfElementLocated(By.cssSelector("#" + form + " input[name=" + field + "]")));
        input.clear();
        input.sendKeys(text);
    }

    private static void submit(String form) {
        browser.find(By.cssSelector("#" + form + " button[type=submit]")).click();
    }

    private static String variables(String project, String env) {
        return "/api/v1/projects/" + project + "/environments/" + env + "/variables";
    }

    private static List<String> hosts(String project, String env) {
        List<String> hosts = new ArrayList<>();
        server.call("GET", "/api/v1/projects/" + project + "/environments/" + env + "/domains", null).json().get("domains")
                .forEach(d -> hosts.add(d.get("host").asText()));
        return hosts;
    }

    private static List<String> environments(String project) {
        List<String> names = new ArrayList<>();
        server.call("GET", "/api/v1/projects/" + project, null).json().get("environments").forEach(e -> names.add(e.get("name").asText()));
        return names;
    }
}
