package dev.slipway.server;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The web UI: one page, its script and its style, read from the jar at start. The page holds no data of
 * its own: it asks the REST API with the admin token the user signs in with, which stays in the tab's
 * session storage and never in a URL.
 */
final class WebUi {
    /** Only this server's own script and style run, and nothing may frame the page. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private record Asset(String path, String resource, String contentType) {}

    private static final List<Asset> ASSETS = List.of(
            new Asset("/", "/web/index.html", "text/html; charset=utf-8"),
            new Asset("/ui/app.js", "/web/app.js", "text/javascript; charset=utf-8"),
            new Asset("/ui/app.css", "/web/app.css", "text/css; charset=utf-8"));

    void register(RoutesConfig routes) {
        for (Asset asset : ASSETS) {
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
