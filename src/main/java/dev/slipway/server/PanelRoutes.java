package dev.slipway.server;

import dev.slipway.router.RouteTable;
import dev.slipway.router.Router;
import dev.slipway.router.Routes;
import dev.slipway.router.Upstream;
import java.time.Duration;
import java.util.List;

/**
 * The routes as the deployment sees them: one table, served by the embedded router (unless the server
 * runs with {@code --no-router}) and published to standalone routers. A drain waits for both.
 */
final class PanelRoutes implements Routes {

    private final RouteTable table;
    private final Router embedded;
    private final RouterReports reports;

    /** {@code embedded} null: only standalone routers serve the table. */
    PanelRoutes(RouteTable table, Router embedded, RouterReports reports) {
        this.table = table;
        this.embedded = embedded;
        this.reports = reports;
    }

    RouteTable table() {
        return table;
    }

    @Override
    public void declare(String project, String environment) {
        table.declare(project, environment);
    }

    @Override
    public void forget(String project, String environment) {
        table.forget(project, environment);
    }

    @Override
    public void switchTo(String project, String environment, List<Upstream> upstreams) {
        table.switchTo(project, environment, upstreams);
    }

    @Override
    public List<Upstream> upstreams(String project, String environment) {
        return table.upstreams(project, environment);
    }

    @Override
    public boolean drain(List<Upstream> upstreams, Duration timeout) {
        long version = table.version();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean local = embedded == null || embedded.drain(upstreams, timeout);
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        try {
            return reports.awaitDrained(upstreams, version, left) && local;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
