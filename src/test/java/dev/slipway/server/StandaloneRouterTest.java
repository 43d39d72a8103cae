package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.deploy.Labels;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.router.RouteFeed;
import dev.slipway.router.RouteTable;
import dev.slipway.router.Router;
import dev.slipway.router.RouterOptions;
import dev.slipway.testing.Apps;
import dev.slipway.testing.Http;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway server --no-router} with a standalone router fed over the API: a redeploy drains
 * through the router's reports, and a restart of the control panel (and of the router while the panel
 * is down) fails no request of a steady load.
 */
class StandaloneRouterTest {
    @TempDir Path tmp;
    private final List<AutoCloseable> open = new ArrayList<>();
    private ContainerEngine engine;
    private String instance;

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        if (instance != null) {
            dev.slipway.engine.DockerTestSupport.removeEverythingOf(instance);
        }
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        open.add(closeable);
        return closeable;
    }

    @Test
    void standaloneRouterServesThroughRedeployAndControlPanelRestartWithZeroFailedRequests() throws Exception {
        engine = DockerTestSupport.engine();
        ServerOptions options = ServerOptions.defaults(tmp.resolve("data")).withPorts(freePort(), ServerOptions.NO_ROUTER);
        TestServer[] panel = {TestServer.start(options)};
        instance = panel[0].instanceId();
        assertThat(panel[0].routerPort()).isEqualTo(ServerOptions.NO_ROUTER);
        String project = "s" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        TestRepo repo = TestRepo.create(tmp.resolve("repo"));
        repo.commit("v1", Apps.version("1"));
        panel[0].createProject(project, repo.url());
        assertThat(panel[0].deployAndAwait(project, "test", null).get("deployment").get("status").asText()).isEqualTo("SUCCEEDED");

        URI control = URI.create("http://127.0.0.1:" + options.port());
        Path state = tmp.resolve("router-state.json");
        RouteFeed.Options feedOptions = new RouteFeed.Options(control, panel[0].token(), state, Duration.ofSeconds(5), Duration.ofMillis(200));
        Router router = opened(new Router(new RouteTable(), RouterOptions.DEFAULTS).start("127.0.0.1", 0));
        RouteFeed feed = opened(new RouteFeed(router.table(), router, feedOptions).start());
        String host = "test." + project + ".localhost";
        await().atMost(Duration.ofSeconds(20)).until(() -> Http.get(router.port(), host, "/").body().equals("version 1\n"));

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> load = new ArrayList<>();
        long loadDeadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (int i = 0; i < 4; i++) {
            load.add(Thread.ofPlatform().start(() -> {
                while (running.get() && System.nanoTime() < loadDeadline) {
                    Http.Answer answer = Http.get(router.port(), host, "/");
                    if (answer.status() == 200) {
                        ok.incrementAndGet();
                    } else {
                        failures.add(answer.status() + " " + answer.body());
                    }
                }
            }));
        }
        try {
            // A redeploy: the old release is drained through the router's in-flight reports, then stopped.
            repo.commit("v2", Apps.version("2"));
            assertThat(panel[0].deployAndAwait(project, "test", null).get("deployment").get("status").asText()).isEqualTo("SUCCEEDED");
            await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(router.port(), host, "/").body().equals("version 2\n"));

            // The control panel goes away: the router keeps serving what it knows.
            panel[0].close();
            int before = ok.get();
            Thread.sleep(2000);
            assertThat(ok.get()).isGreaterThan(before);

            // A router started while the panel is down serves the routes kept in its state file.
            assertThat(Files.exists(state)).isTrue();
            Router second = opened(new Router(new RouteTable(), RouterOptions.DEFAULTS).start("127.0.0.1", 0));
            RouteFeed secondFeed = opened(new RouteFeed(second.table(), second, feedOptions));
            assertThat(secondFeed.loadState()).isTrue();
            assertThat(Http.get(second.port(), host, "/").body()).isEqualTo("version 2\n");

            // The panel comes back and the router catches up with a change made after its return.
            panel[0] = TestServer.start(options);
            String domain = project + ".example.com";
            assertThat(panel[0].call("POST", "/api/v1/projects/" + project + "/environments/test/domains", Map.of("host", domain)).status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> Http.get(router.port(), domain, "/").body().equals("version 2\n"));
        } finally {
            running.set(false);
            for (Thread t : load) {
                t.join(Duration.ofSeconds(20));
            }
            panel[0].close();
        }

        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(100);
        assertThat(feed.appliedTag()).isNotEmpty();
    }

    @Test
    void routesEndpointLongPollsUntilTheTableChanges() throws Exception {
        engine = DockerTestSupport.engine();
        TestServer panel = opened(TestServer.start(tmp.resolve("data")));
        instance = panel.instanceId();
        TestServer.Answer first = panel.call("GET", "/api/v1/routes", null);
        assertThat(first.status()).isEqualTo(200);
        String tag = first.json().get("tag").asText();
        assertThat(first.json().get("routes").get("base_domain").asText()).isEqualTo("localhost");

        java.net.http.HttpRequest poll = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + panel.apiPort() + "/api/v1/routes?wait=1"))
                .header("Authorization", "Bearer " + panel.token()).header("If-None-Match", "\"" + tag + "\"").build();
        long started = System.nanoTime();
        int unchanged = Http.client().send(poll, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
        assertThat(unchanged).isEqualTo(304);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));

        panel.createProject("polled", TestRepo.create(tmp.resolve("repo")).url());
        TestServer.Answer changed = panel.call("GET", "/api/v1/routes", null);
        assertThat(changed.json().get("tag").asText()).isNotEqualTo(tag);
        assertThat(changed.json().get("routes").get("environments").toString()).contains("\"project\":\"polled\"");
        assertThat(panel.callWithToken("GET", "/api/v1/routes", null, "wrong").status()).isEqualTo(401);
        assertThat(panel.call("GET", "/api/v1/routes?wait=x", null).status()).isEqualTo(400);
        assertThat(panel.call("POST", "/api/v1/routes/reports", Map.of("tag", "x")).status()).isEqualTo(400);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
