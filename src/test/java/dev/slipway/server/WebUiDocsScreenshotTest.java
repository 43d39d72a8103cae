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
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The pictures of the README and docs/web-ui.md: a project whose test runs a newer commit than live, which
 * was promoted from test. scripts/refresh-docs.sh runs it with {@code -Dslipway.screenshots=docs/images}.
 */
class WebUiDocsScreenshotTest {
    // Checked-in pictures stay small enough to keep the repository light.
    static final int MAX_PNG_BYTES = 200 * 1024;

    @TempDir static Path tmp;
    static TestServer server;
    static Browser browser;
    static String first;
    static String second;

    @BeforeAll
    static void start() {
        DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
        TestRepo repo = TestRepo.create(tmp.resolve("shop"));
        first = repo.commit("v1", Apps.version("1"));
        server.createProject("shop", repo.url());
        assertThat(server.deployAndAwait("shop", "test", null).get("deployment").get("status").asText()).isEqualToIgnoringCase("succeeded");
        assertThat(server.deployAndAwait("shop", "live", null).get("deployment").get("status").asText()).isEqualToIgnoringCase("succeeded");
        second = repo.commit("v2", Apps.version("2"));
        assertThat(server.deployAndAwait("shop", "test", null).get("deployment").get("status").asText()).isEqualToIgnoringCase("succeeded");
        browser = Browser.start(tmp.resolve("profile"));
    }

    @AfterAll
    static void stop() {
        UiPages.stop(browser, server);
    }

    @Test
    void theProjectPageShowsTestAheadOfLiveInAPictureSmallEnoughToCheckIn() throws IOException {
        browser.viewport(1280, 760, false);
        UiPages.signedIn(browser, server);
        UiPages.openProject(browser, server, "shop");
        browser.await(visibilityOfElementLocated(By.cssSelector("#builds tbody tr")));
        browser.await(textToBePresentInElementLocated(By.cssSelector("tr[data-environment=test]"), second.substring(0, 10)));
        assertThat(browser.find(By.cssSelector("tr[data-environment=live]")).getText()).contains(first.substring(0, 10));
        keep("web-ui", shot());
    }

    @Test
    void theProjectPageOnAPhone() throws IOException {
        browser.viewport(390, 844, true);
        UiPages.signedIn(browser, server);
        UiPages.openProject(browser, server, "shop");
        browser.await(textToBePresentInElementLocated(By.cssSelector("tr[data-environment=test]"), second.substring(0, 10)));
        keep("web-ui-phone", shot());
    }

    private static byte[] shot() {
        byte[] png = ((ChromeDriver) browser.driver()).getScreenshotAs(OutputType.BYTES);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(png.length).as("the picture's size in bytes").isLessThan(MAX_PNG_BYTES);
        return png;
    }

    private static void keep(String name, byte[] png) throws IOException {
        String dir = System.getProperty("slipway.screenshots");
        if (dir == null || dir.isBlank()) return;
        Files.createDirectories(Path.of(dir));
        Files.write(Path.of(dir, name + ".png"), png);
    }
}
