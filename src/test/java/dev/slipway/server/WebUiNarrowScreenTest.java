package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.Browser;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web UI on a phone's screen (390 × 844 CSS pixels, as an iPhone 12–15): no page is wider than the
 * screen. With {@code -Dslipway.screenshots=DIR} it also leaves a PNG of each page at 390 and 1280 px in DIR.
 */
class WebUiNarrowScreenTest {
    static final int PHONE_WIDTH = 390;

    @TempDir static Path tmp;
    static TestServer server;
    static Browser browser;
    static long deployment;

    @BeforeAll
    static void start() {
        DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
        TestRepo repo = TestRepo.create(tmp.resolve("a-repository-with-a-rather-long-name-as-they-often-are"));
        repo.commit("v1", Apps.version("1"));
        server.createProject("phone", repo.url());
        deployment = server.deploy("phone", "test", null);
        server.await(deployment, java.time.Duration.ofMinutes(2));
        server.deployAndAwait("phone", "live", "0123456789abcdef0123456789abcdef01234567");
        browser = Browser.start(tmp.resolve("profile"));
    }

    @AfterAll
    static void stop() {
        UiPages.stop(browser, server);
    }

    @AfterEach
    void desktopAgain() {
        browser.viewport(1280, 1000, false);
    }

    @Test
    void noPageIsWiderThanAPhonesScreen() throws IOException {
        browser.viewport(PHONE_WIDTH, 844, true);
        UiPages.signedIn(browser, server);
        browser.await(visibilityOfElementLocated(By.cssSelector("tr[data-project=phone]")));
        fitsTheScreen("projects");

        UiPages.openProject(browser, server, "phone");
        browser.await(visibilityOfElementLocated(By.cssSelector("#deployments tbody tr")));
        fitsTheScreen("project");
        UiPages.openForm(browser, "live", "deploy").findElement(By.cssSelector("button[type=submit]")).click();
        browser.await(visibilityOfElementLocated(By.id("confirmation")));
        fitsTheScreen("project-confirmation");
        browser.script("document.getElementById('environments').scrollIntoView()");
        keep("project-confirmation-view-" + PHONE_WIDTH, ((ChromeDriver) browser.driver()).getScreenshotAs(OutputType.BYTES));

        browser.open(UiPages.home(server) + "#/deployments/" + deployment);
        browser.await(textToBePresentInElementLocated(By.id("status"), "succeeded"));
        browser.await(textToBePresentInElementLocated(By.id("log"), "[switch]"));
        fitsTheScreen("deployment");
    }

    @Test
    void theSamePagesAtADesktopsWidth() throws IOException {
        browser.viewport(1280, 1000, false);
        UiPages.signedIn(browser, server);
        browser.await(visibilityOfElementLocated(By.cssSelector("tr[data-project=phone]")));
        keep("projects-1280");
        UiPages.openProject(browser, server, "phone");
        browser.await(visibilityOfElementLocated(By.cssSelector("#deployments tbody tr")));
        keep("project-1280");
        browser.open(UiPages.home(server) + "#/deployments/" + deployment);
        browser.await(textToBePresentInElementLocated(By.id("log"), "[switch]"));
        keep("deployment-1280");
        assertThat((Long) browser.script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(1280L);
    }

    private static void fitsTheScreen(String page) throws IOException {
        keep(page + "-" + PHONE_WIDTH);
        Object widest = browser.script("""
                return [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                    .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')).slice(0, 5).join(', ')""");
        assertThat((Long) browser.script("return document.documentElement.scrollWidth"))
                .as("the %s page's width; wider than the screen: %s", page, widest).isLessThanOrEqualTo((long) PHONE_WIDTH);
        // A phone zooms out to show a page wider than its screen, which widens the layout viewport.
        assertThat(browser.script("return window.innerWidth")).as("the %s page's viewport", page).isEqualTo((long) PHONE_WIDTH);
    }

    private static void keep(String name) throws IOException {
        keep(name, null);
    }

    /** {@code png} null: the whole page. */
    private static void keep(String name, byte[] png) throws IOException {
        String dir = System.getProperty("slipway.screenshots");
        if (dir == null || dir.isBlank()) return;
        Files.createDirectories(Path.of(dir));
        Files.write(Path.of(dir, name + ".png"), png != null ? png : browser.screenshot());
    }
}
