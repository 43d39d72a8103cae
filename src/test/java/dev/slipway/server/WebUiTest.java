package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.Browser;
import dev.slipway.testing.Http;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The web UI in a real browser (headless Chromium), against a real server, Git repository and Docker engine. */
class WebUiTest {
    /** Build output that would become an element if the page ever treated log text as HTML. */
    static final String MARKUP_IN_THE_LOG = "<img src=x id=injected> built";

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
        commit = repo.commit("v1", Apps.with(Apps.webOnly("1"), "Dockerfile",
                Apps.DOCKERFILE + "RUN echo '" + MARKUP_IN_THE_LOG + "'\n"));
        browser = Browser.start(tmp.resolve("profile"));
    }

    @AfterAll
    static void stop() {
        UiPages.stop(browser, server);
    }

    @BeforeEach
    void signedOut() {
        UiPages.signedOut(browser, server);
    }

    @Test
    void aWrongTokenIsRefusedAndNotKept() {
        signIn("slw_wrong");
        browser.await(textToBePresentInElementLocated(By.id("sign-in-error"), "refused"));
        assertThat(browser.script("return sessionStorage.getItem('slipway.token')")).isNull();
        assertThat(browser.driver().findElements(By.id("projects"))).isEmpty();
    }

    @Test
    void createsAProjectDeploysItAndFollowsItsLog() {
        signIn(server.token());
        submitProject("shop", repo.url());
        browser.await(textToBePresentInElementLocated(By.id("project-title"), "shop"));
        browser.await(textToBePresentInElementLocated(By.cssSelector("tr[data-environment=test] .release"), "not deployed"));

        pressOnTest("deploy");
        String status = UiPages.awaitFinished(browser);
        String log = browser.find(By.id("log")).getText();
        assertThat(status).as("deployment status; reason: %s; log:%n%s", browser.find(By.id("reason")).getText(), log)
                .isEqualTo("succeeded");
        assertThat(log).contains(MARKUP_IN_THE_LOG).contains("[build]");
        assertThat(browser.driver().findElements(By.id("injected"))).as("log text drawn as markup").isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("#steps li .status")))
                .extracting(WebElement::getText).contains("succeeded").allMatch(s -> s.equals("succeeded") || s.equals("skipped"));
        assertThat(server.request("shop", "test", "/").body()).isEqualTo("version 1\n");

        browser.find(By.linkText("shop")).click();
        browser.await(textToBePresentInElementLocated(By.cssSelector("tr[data-environment=test] .release"), commit.substring(0, 10)));
        for (String shown : new String[] {"test", "succeeded", commit.substring(0, 10)}) {
            browser.await(textToBePresentInElementLocated(By.cssSelector("#deployments tbody tr"), shown));
        }
    }

    @Test
    void deploysTheNextCommitAndRollsBackFromTheProjectPage() {
        TestRepo cafe = TestRepo.create(tmp.resolve("cafe-repo"));
        String first = cafe.commit("v1", Apps.webOnly("1"));
        server.createProject("cafe", cafe.url());
        server.deployAndAwait("cafe", "test", null);
        String second = cafe.commit("v2", Apps.webOnly("2"));
        signIn(server.token());
        browser.await(visibilityOfElementLocated(By.id("projects")));
        browser.open(UiPages.home(server) + "#/projects/cafe");

        pressOnTest("deploy");
        assertThat(UiPages.awaitFinished(browser)).isEqualTo("succeeded");
        assertThat(server.request("cafe", "test", "/").body()).isEqualTo("version 2\n");
        browser.find(By.linkText("cafe")).click();
        browser.await(textToBePresentInElementLocated(By.cssSelector("tr[data-environment=test] .release"), second.substring(0, 10)));

        pressOnTest("rollback");
        assertThat(UiPages.awaitFinished(browser)).isEqualTo("succeeded");
        assertThat(browser.find(By.tagName("main")).getText()).contains("rollback to release #");
        assertThat(server.request("cafe", "test", "/").body()).isEqualTo("version 1\n");
        browser.find(By.linkText("cafe")).click();
        browser.await(textToBePresentInElementLocated(By.cssSelector("tr[data-environment=test] .release"), first.substring(0, 10)));
    }

    @Test
    void theProjectPageFollowsADeploymentStartedFromTheApi() {
        TestRepo deli = TestRepo.create(tmp.resolve("deli-repo"));
        String commit = deli.commit("v1", Apps.webOnly("1"));
        server.createProject("deli", deli.url());
        signIn(server.token());
        browser.await(visibilityOfElementLocated(By.id("projects")));
        browser.open(UiPages.home(server) + "#/projects/deli");
        browser.await(textToBePresentInElementLocated(By.cssSelector("tr[data-environment=test] .release"), "not deployed"));

        server.deploy("deli", "test", null);
        browser.await(Duration.ofMinutes(3), textToBePresentInElementLocated(By.cssSelector("tr[data-environment=test] .release"),
                commit.substring(0, 10)));
        browser.await(Duration.ofMinutes(1), textToBePresentInElementLocated(By.cssSelector("#deployments tbody tr"), "succeeded"));
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/projects/deli");
    }

    @Test
    void badInputNamesTheFieldAndCreatesNothing() {
        signIn(server.token());
        submitProject("Not A Name", repo.url());
        browser.await(textToBePresentInElementLocated(By.id("create-project-error"), "name: 'Not A Name' is not a valid name"));
        browser.await(attributeToBe(By.id("project-name"), "aria-invalid", "true"));

        submitProject("ghost", tmp.resolve("no-such-repo").toString());
        browser.await(textToBePresentInElementLocated(By.id("create-project-error"), "no-such-repo"));

        assertThat(server.call("GET", "/api/v1/projects", null).body()).doesNotContain("ghost", "Not A Name");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("#/projects/");
    }

    @Test
    void signingOutForgetsTheToken() {
        signIn(server.token());
        browser.await(visibilityOfElementLocated(By.id("sign-out"))).click();
        browser.await(presenceOfElementLocated(By.id("sign-in")));
        assertThat(browser.script("return sessionStorage.getItem('slipway.token')")).isNull();
    }

    @Test
    void thePageRunsOnlyItsOwnScript() {
        Http.Answer page = Http.get(server.apiPort(), null, "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\"></script>")
                .as("no inline script, module or not").doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
        assertThat(Http.get(server.apiPort(), null, "/ui/app.js").header("Content-Type")).startsWith("text/javascript");
    }

    /** Deploys or rolls back the project page's test environment, and waits for the deployment's page. */
    private static void pressOnTest(String button) {
        UiPages.start(browser, "test", button);
    }

    private static void submitProject(String name, String repoUrl) {
        browser.await(visibilityOfElementLocated(By.id("create-project")));
        for (String[] field : new String[][] {{"project-name", name}, {"project-repo", repoUrl}}) {
            WebElement input = browser.find(By.id(field[0]));
            input.clear();
            input.sendKeys(field[1]);
        }
        browser.find(By.cssSelector("#create-project button[type=submit]")).click();
    }

    private static void signIn(String token) {
        browser.find(By.id("token")).sendKeys(token);
        browser.find(By.cssSelector("#sign-in button[type=submit]")).click();
    }
}
