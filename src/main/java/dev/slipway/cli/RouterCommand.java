package dev.slipway.cli;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.router.RouteFeed;
import dev.slipway.router.RouteTable;
import dev.slipway.router.Router;
import dev.slipway.router.RouterOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "router", description = "Runs the router alone, fed by a control panel; it keeps serving its last known routes while the panel is down.")
final class RouterCommand implements Callable<Integer> {
    @Option(names = "--control", required = true, description = "the control panel's URL, e.g. http://127.0.0.1:8000")
    URI control;

    @Option(names = "--token", description = "the control panel's token; default $SLIPWAY_TOKEN, then the CLI config's token when it is for the same URL")
    String token;

    @Option(names = "--host", description = "address to listen on; default 127.0.0.1")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "port to listen on; default 8080")
    int port = 8080;

    @Option(names = "--base-domain", description = "must match the control panel's; default localhost")
    String baseDomain = RouteTable.DEFAULT_BASE_DOMAIN;

    // In the data folder, where the default token is read from, so that the working directory stays clean.
    @Option(names = "--state", description = "file that keeps the last known routes; default ./data/router-state.json")
    Path state = Path.of("data", "router-state.json");

    @picocli.CommandLine.Mixin
    RouterFlags limits = new RouterFlags();

    @Option(names = "--metrics-port", description = "serve Prometheus /metrics on this port (127.0.0.1 only); default off")
    int metricsPort;

    @Override
    public Integer call() throws Exception {
        Ports.requireFree(host, port, "--port");
        if (metricsPort > 0) Ports.requireFree("127.0.0.1", metricsPort, "--metrics-port");
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RouteTable table = new RouteTable(baseDomain);
        Router router = new Router(table, limits.options(), metrics);
        RouteFeed feed = new RouteFeed(table, router, RouteFeed.Options.of(control, token(), state));
        // Routes first, then the port: the first request already finds the last known table.
        feed.loadState();
        router.start(host, port);
        feed.start();
        HttpServer metricsServer = metricsPort > 0 ? metricsServer(metrics) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            feed.close();
            router.close();
            if (metricsServer != null) {
                metricsServer.stop(0);
            }
            stopped.countDown();
        }));
        System.out.println("router: http://" + host + ":" + router.port() + "   fed by " + control + "   state in " + state.toAbsolutePath());
        stopped.await();
        return 0;
    }

    private String token() {
        if (token != null && !token.isBlank()) {
            return token;
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("SLIPWAY_URL", control.toString());
        return ApiClient.resolve(env).token();
    }

    private HttpServer metricsServer(PrometheusMeterRegistry metrics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", metricsPort), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
