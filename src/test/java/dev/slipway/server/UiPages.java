package dev.slipway.server;

import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.urlMatches;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import dev.slipway.testing.Browser;
import dev.slipway.testing.TestServer;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/** The web UI's pages as its tests reach them: where they are, signing in, a project's page, a deployment's end. */
final class UiPages {

    private UiPages() {
    }

    static String home(TestServer server) {
        return "http://127.0.0.1:" + server.apiPort() + "/";
    }

    /** Opens the sign-in page with no token kept from an earlier test. */
    static void signedOut(Browser browser, TestServer server) {
        browser.open(home(server));
        browser.script("sessionStorage.clear()");
        browser.open(home(server));
        // A whole page load: on a loaded two-core machine Chromium has taken over 20 s for it once.
        browser.await(java.time.Duration.ofSeconds(60), visibilityOfElementLocated(By.id("sign-in")));
    }

    /** Signs in afresh with the server's admin token, and waits for the projects page. */
    static void signedIn(Browser browser, TestServer server) {
        signedOut(browser, server);
        browser.find(By.id("token")).sendKeys(server.token());
        browser.find(By.cssSelector("#sign-in button[type=submit]")).click();
        browser.await(visibilityOfElementLocated(By.id("create-project")));
    }

    static void openProject(Browser browser, TestServer server, String project) {
        browser.open(home(server) + "#/projects/" + project);
        browser.await(textToBePresentInElementLocated(By.id("project-title"), project));
    }

    /**
     * Presses an environment's button ({@code deploy} or {@code rollback}) on the project page and waits for
     * its form. The project page redraws itself every few seconds, so a button found just before may be gone.
     */
    static WebElement openForm(Browser browser, String environment, String button) {
        By selector = By.cssSelector("tr[data-environment=" + environment + "] button." + button);
        browser.await(driver -> {
            try {
                driver.findElement(selector).click();
                return true;
            } catch (StaleElementReferenceException redrawn) {
                return null;
            }
        });
        WebElement form = browser.await(visibilityOfElementLocated(By.cssSelector("#" + button + "-form[data-environment=" + environment + "]")));
        // The lists come from the API: wait until they are there (the first option is a placeholder until then).
        browser.await(driver -> !form.findElement(By.tagName("select")).getText().contains("Loading"));
        return form;
    }

    /** Deploys (the environment's branch) or rolls back (to the release before) from the project page, and waits for the deployment's page. */
    static void start(Browser browser, String environment, String button) {
        openForm(browser, environment, button).findElement(By.cssSelector("button[type=submit]")).click();
        browser.await(urlMatches("#/deployments/\\d+$"));
    }

    /** Waits on a deployment's page until it has finished, and returns its status. */
    static String awaitFinished(Browser browser) {
        browser.await(urlMatches("#/deployments/\\d+$"));
        return browser.await(Duration.ofMinutes(3), driver -> {
            String now = driver.findElement(By.id("status")).getText();
            return now.equals("queued") || now.equals("running") ? null : now;
        });
    }

    /** Closes the browser and the server, and removes every container, network and image the server made. */
    static void stop(Browser browser, TestServer server) {
        if (browser != null) browser.close();
        if (server != null) server.closeAndRemoveWhatItRan();
    }
}
