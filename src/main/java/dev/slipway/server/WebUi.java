package dev.slipway.server;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;

/**
 * The web UI: one page, its style and its script modules, read from the jar at start. The page holds no data
 * of its own: it asks the REST API with the admin token the user signs in with, which stays in the tab's
 * session storage and never in a URL.
 */
final class WebUi {
    /**
     * Only this server's own scripts and style run, and nothing may frame the page. {@code script-src 'self'}
     * covers the entry module and every module it imports, all from {@code /ui/}.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /**
     * What is served under {@code /ui/}, from {@code /web/ui/} in the jar: the style, the icon, the entry
     * module {@code app.js} and the modules it imports. Only these names are served (a route each), so no path
     * from a request ever reaches the class path, and any other {@code /ui/} path is a 404.
     */
    static final List<String> FILES = List.of(
            "app.css", "favicon.svg",
            "app.js", "api.js", "page.js", "dom.js",
            "projects.js", "project.js", "actions.js", "settings.js", "danger.js", "deployment.js", "build.js");

    private record Asset(String path, String resource, String contentType) {}

    void register(RoutesConfig routes) {
        for (Asset asset : assets()) {
            byte[] body = read(asset.resource());
            routes.get(asset.path(), ctx -> ctx
                    .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer")
                    .header("Cache-Control", "no-cache")
                    .contentType(asset.contentType())
                    .result(body));
        }
    }

    private static List<Asset> assets() {
        return Stream.concat(Stream.of(new Asset("/", "/web/index.html", "text/html; charset=utf-8")),
                FILES.stream().map(name -> new Asset("/ui/" + name, "/web/ui/" + name, contentType(name)))).toList();
    }

    // Browsers run a module only when it is served with a JavaScript type (nosniff makes that strict for
    // the style too): https://html.spec.whatwg.org/multipage/webappapis.html#fetch-a-single-module-script
    private static String contentType(String name) {
        if (name.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (name.endsWith(".css")) return "text/css; charset=utf-8";
        if (name.endsWith(".svg")) return "image/svg+xml";
        throw new IllegalArgumentException("the web UI serves only scripts, a style and an icon, not " + name);
    }

    private static byte[] read(String resource) {
        try (InputStream in = WebUi.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the web UI's " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
