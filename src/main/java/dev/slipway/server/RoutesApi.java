package dev.slipway.server;

import dev.slipway.project.InvalidInputException;
import dev.slipway.router.RouteFeed;
import dev.slipway.router.RouteSnapshot;
import dev.slipway.router.RouteTable;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * The route table for standalone routers ({@code slipway router --control URL}):
 * {@code GET /api/v1/routes} answers the table with an ETag; with {@code If-None-Match} and
 * {@code ?wait=SECONDS} it holds the answer until the table changes (long poll), then 304.
 * {@code POST /api/v1/routes/reports} is how each router says what it serves and what is in flight.
 */
final class RoutesApi {
    static final int MAX_WAIT_SECONDS = 60;

    private final RouteTable table;
    private final RouterReports reports;

    RoutesApi(RouteTable table, RouterReports reports) {
        this.table = table;
        this.reports = reports;
    }

    void register(RoutesConfig r) {
        r.get(Api.PREFIX + "/routes", this::routes);
        r.post(Api.PREFIX + "/routes/reports", this::report);
    }

    private void routes(Context ctx) {
        int wait = waitSeconds(ctx.queryParam("wait"));
        String seen = unquote(ctx.header("If-None-Match"));
        long version = table.version();
        if (wait > 0 && reports.tag(version).equals(seen)) {
            try {
                table.awaitChange(version, Duration.ofSeconds(wait));
            } catch (InterruptedException e) {
                // The server is stopping; the router asks again and keeps its routes meanwhile.
                Thread.currentThread().interrupt();
                ctx.status(503);
                return;
            }
        }
        RouteSnapshot snapshot = table.snapshot();
        String tag = reports.tag(snapshot.version());
        ctx.header("ETag", "\"" + tag + "\"");
        ctx.header("Cache-Control", "no-store");
        if (tag.equals(seen)) {
            ctx.status(304);
            return;
        }
        ctx.json(new RouteFeed.Published(tag, snapshot));
    }

    private void report(Context ctx) throws Exception {
        RouteFeed.Report report = Json.MAPPER.readValue(ctx.body(), RouteFeed.Report.class);
        if (report == null || report.routerId() == null || report.routerId().isBlank() || report.routerId().length() > 100) {
            throw new InvalidInputException("router_id", "a router id of 1-100 characters is required");
        }
        reports.record(report);
        ctx.status(204);
    }

    private static int waitSeconds(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int seconds = Integer.parseInt(value.trim());
            if (seconds < 0 || seconds > MAX_WAIT_SECONDS) {
                throw new InvalidInputException("wait", "wait must be 0-" + MAX_WAIT_SECONDS + " seconds");
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("wait", "'" + value + "' is not a number of seconds");
        }
    }

    private static String unquote(String etag) {
        if (etag == null) {
            return "";
        }
        String t = etag.trim();
        if (t.startsWith("W/")) {
            t = t.substring(2);
        }
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }
}
