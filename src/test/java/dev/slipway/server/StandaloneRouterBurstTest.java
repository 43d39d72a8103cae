package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.router.RouteFeed;
import dev.slipway.router.RouteTable;
import dev.slipway.router.Router;
import dev.slipway.router.RouterOptions;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of changes costs a standalone router a few tables, not one per change: creating thousands of
 * projects through the API used to make it fetch the whole (growing) table once per creation.
 */
class StandaloneRouterBurstTest {
    private static final int PROJECTS = 2_000;

    @TempDir Path tmp;
    private TestServer panel;
    private Router router;
    private RouteFeed feed;

    @AfterEach
    void cleanUp() throws Exception {
        if (feed != null) feed.close();
        if (router != null) router.close();
        if (panel != null) panel.close();
    }

    /** A control panel without a router of its own and a standalone router that has its first table; returns the repo URL. */
    private String panelWithStandaloneRouter() throws Exception {
        panel = TestServer.start(ServerOptions.defaults(tmp.resolve("data")).withPorts(0, ServerOptions.NO_ROUTER));
        URI control = URI.create("http://127.0.0.1:" + panel.apiPort());
        router = new Router(new RouteTable(), RouterOptions.DEFAULTS).start("127.0.0.1", 0);
        feed = new RouteFeed(router.table(), router, new RouteFeed.Options(control, panel.token(), tmp.resolve("state.json"),
                Duration.ofSeconds(5), Duration.ofMillis(200))).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !feed.appliedTag().isEmpty());
        return TestRepo.create(tmp.resolve("repo")).url();
    }

    @Test
    void aLoneChangeAfterAQuietSpellReachesTheRouterWithoutWaitingForTheInterval() throws Exception {
        String repo = panelWithStandaloneRouter();
        Thread.sleep(RouteFeed.Options.TABLE_INTERVAL.multipliedBy(3));

        panel.createProject("lone", repo);
        long created = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> router.table().isDeclared("lone", "live"));
        Duration took = Duration.ofNanos(System.nanoTime() - created);
        System.out.println("a lone change reached the router " + took.toMillis() + " ms after it was made");
        // Generous for slow machines, yet well below what queuing it behind a delay would cost.
        assertThat(took).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void aBurstOfProjectCreationsReachesTheRouterInFarFewerTablesThanChanges() throws Exception {
        String repo = panelWithStandaloneRouter();
        long tablesBefore = feed.tablesReceived();

        long started = System.nanoTime();
        for (int i = 0; i < PROJECTS; i++) {
            panel.createProject("burst" + i, repo);
        }
        long created = System.nanoTime();
        // The last change still arrives, and promptly once the burst is over.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> router.table().isDeclared("burst" + (PROJECTS - 1), "live"));
        long arrived = System.nanoTime();
        long tables = feed.tablesReceived() - tablesBefore;
        System.out.printf("%d projects (%d changes) created in %d ms; the router received %d tables; last change arrived %d ms after the last creation%n",
                PROJECTS, 2 * PROJECTS, (created - started) / 1_000_000, tables, (arrived - created) / 1_000_000);

        // Far fewer tables than changes: one per change (the old behaviour) fetched 1,548 for 2,000 projects.
        // Not a fixed tenth: on a loaded machine the burst lasts longer and so spans more intervals.
        assertThat(tables).isLessThan(PROJECTS / 2);
        // At most one table per interval (and one right after the long poll that saw the burst begin).
        assertThat(tables).isLessThanOrEqualTo((arrived - started) / RouteFeed.Options.TABLE_INTERVAL.toNanos() + 2);
        String served = panel.call("GET", "/api/v1/routes", null).json().get("tag").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> feed.appliedTag().equals(served));
        assertThat(router.table().snapshot().environments()).hasSize(2 * PROJECTS);
    }
}
