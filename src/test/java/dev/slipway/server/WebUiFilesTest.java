package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Http;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI's files over plain HTTP, without a browser: what is served under /ui/, with which type and headers. */
class WebUiFilesTest {
    /** A static import between the UI's modules, which all sit side by side in /ui/. */
    private static final Pattern IMPORT = Pattern.compile("^import .* from '\\./([\\w-]+\\.js)';$", Pattern.MULTILINE);

    @TempDir static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() {
        DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
    }

    @AfterAll
    static void stop() {
        UiPages.stop(null, server);
    }

    @Test
    void everyModuleTheEntryImportsIsServedAsJavaScriptWithTheSecurityHeaders() {
        Set<String> reached = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>(Set.of("app.js"));
        while (!next.isEmpty()) {
            String name = next.pop();
            if (!reached.add(name)) continue;
            Http.Answer module = served("/ui/" + name);
            assertThat(module.header("Content-Type")).as(name).isEqualTo("text/javascript; charset=utf-8");
            IMPORT.matcher(module.body()).results().map(m -> m.group(1)).forEach(next::push);
        }
        assertThat(reached).as("the modules app.js reaches").containsExactlyInAnyOrderElementsOf(
                WebUi.FILES.stream().filter(name -> name.endsWith(".js")).toList());
        assertThat(served("/ui/app.css").header("Content-Type")).isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void theFaviconIsAnSvgServedWithTheSecurityHeadersAndLinkedFromThePage() {
        Http.Answer icon = served("/ui/favicon.svg");
        assertThat(icon.header("Content-Type")).isEqualTo("image/svg+xml");
        assertThat(icon.body()).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n")
                .as("an icon runs nothing").doesNotContain("<script", "href=\"http");
        assertThat(served("/").body()).contains("<link rel=\"icon\" href=\"/ui/favicon.svg\" type=\"image/svg+xml\">");
    }

    @Test
    void onlyTheListedNamesAreServedUnderUi() {
        for (String path : new String[] {
            "/ui/x.js", "/ui/", "/web/ui/app.js", "/ui/APP.JS",
            "/ui/../ui/app.js", "/ui/%2e%2e/ui/app.js", "/ui/%2E%2E/index.html", "/ui/..%2fweb%2fui%2fapp.js",
            "/ui/%2e%2e%2fweb%2fui%2fapp.js", "/ui/..%5capp.js", "/ui/%252e%252e/ui/app.js", "/ui/./app.js"}) {
            Http.Answer answer = Http.get(server.apiPort(), null, path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.header("Content-Type")).as(path).doesNotStartWith("text/javascript");
        }
        // A path that climbs above the root is refused by the web server before any route sees it.
        assertThat(Http.get(server.apiPort(), null, "/ui/%2e%2e/%2e%2e/etc/passwd").status()).isIn(400, 404);
    }

    private static Http.Answer served(String path) {
        Http.Answer answer = Http.get(server.apiPort(), null, path);
        assertThat(answer.status()).as(path).isEqualTo(200);
        assertThat(answer.header("Content-Security-Policy")).as(path).isEqualTo(WebUi.CONTENT_SECURITY_POLICY);
        assertThat(answer.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        assertThat(answer.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        assertThat(answer.header("Cache-Control")).as(path).isEqualTo("no-cache");
        return answer;
    }
}
