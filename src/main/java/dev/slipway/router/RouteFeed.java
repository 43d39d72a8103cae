package dev.slipway.router;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a standalone router's table equal to the control panel's ({@code slipway router --control URL}).
 *
 * <p>It long-polls {@code GET /api/v1/routes} with the tag it last applied and applies each new table in
 * one step, asking at most once per {@link Options#TABLE_INTERVAL} so that a burst of changes arrives as
 * a few tables. Every table it applies is also written to a state file, so a router that restarts while the
 * control panel is down serves its last known routes at once. When the panel cannot be reached the
 * router keeps serving what it has and retries every second. It also reports, twice a second, which
 * tag it serves and its requests in flight per upstream: that is what lets the control panel drain an
 * old release through routers it does not run.
 */
public final class RouteFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFeed.class);
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * @param control        the control panel's base URL, e.g. http://127.0.0.1:8000
     * @param token          its bearer token
     * @param stateFile      where the last applied table is kept
     * @param pollWait       how long one long poll may wait for a change
     * @param reportInterval how often in-flight counts are reported
     */
    public record Options(URI control, String token, Path stateFile, Duration pollWait, Duration reportInterval) {
        public static final Duration DEFAULT_POLL_WAIT = Duration.ofSeconds(25);
        public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofMillis(500);
        /** A panel that is down is asked again this often. */
        public static final Duration RETRY = Duration.ofSeconds(1);
        /**
         * A new table is asked for at most this often. Each answer is the whole table, so asking again
         * right after every change made a burst (say, thousands of projects created by a script) cost one
         * ever larger table per change; now it costs one per interval. A change after a quiet spell still
         * arrives at once, since the long poll that waits for it began more than an interval earlier.
         */
        public static final Duration TABLE_INTERVAL = Duration.ofMillis(100);

        public Options {
            Objects.requireNonNull(control, "control");
            Objects.requireNonNull(stateFile, "stateFile");
            token = token == null ? "" : token.trim();
        }

        public static Options of(URI control, String token, Path stateFile) {
            return new Options(control, token, stateFile, DEFAULT_POLL_WAIT, DEFAULT_REPORT_INTERVAL);
        }
    }

    /** What the control panel serves: the table and its tag (panel start + version). */
    public record Published(String tag, RouteSnapshot routes) {}

    /** What a router reports about itself. */
    public record Report(String routerId, String tag, List<Count> inFlight) {}

    public record Count(String host, int port, int count) {}

    private final RouteTable table;
    private final Router router;
    private final Options options;
    private final String routerId = "router-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    private volatile String appliedTag = "";
    private final AtomicLong tablesReceived = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean reachable = true;
    private Thread poller;
    private Thread reporter;

    public RouteFeed(RouteTable table, Router router, Options options) {
        this.table = table;
        this.router = router;
        this.options = options;
    }

    /** Applies the table kept in the state file, if any; true when there was one. */
    public boolean loadState() {
        if (!Files.exists(options.stateFile())) {
            return false;
        }
        try {
            Published kept = JSON.readValue(options.stateFile().toFile(), Published.class);
            apply(kept, false);
            LOG.info("serving {} environment(s) from {} until the control panel answers", kept.routes().environments().size(), options.stateFile());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring the route state file {}: {}", options.stateFile(), e.getMessage());
            return false;
        }
    }

    public synchronized RouteFeed start() {
        poller = Thread.ofVirtual().name("route-feed").start(this::pollLoop);
        reporter = Thread.ofVirtual().name("route-report").start(this::reportLoop);
        return this;
    }

    /** The tag of the table being served ("" before the first one). */
    public String appliedTag() {
        return appliedTag;
    }

    /** How many tables the control panel has sent so far: what a burst of changes costs. */
    public long tablesReceived() {
        return tablesReceived.get();
    }

    private void pollLoop() {
        while (!closed) {
            long asked = System.nanoTime();
            try {
                HttpRequest request = authorized(HttpRequest.newBuilder(options.control().resolve("/api/v1/routes?wait=" + options.pollWait().toSeconds())))
                        .header("If-None-Match", "\"" + appliedTag + "\"")
                        .timeout(options.pollWait().plusSeconds(10))
                        .GET().build();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (!reachable) {
                    LOG.info("control panel {} answers again", options.control());
                    reachable = true;
                }
                if (response.statusCode() == 200) {
                    tablesReceived.incrementAndGet();
                    apply(JSON.readValue(response.body(), Published.class), true);
                    pause(Duration.ofNanos(asked + Options.TABLE_INTERVAL.toNanos() - System.nanoTime()));
                } else if (response.statusCode() != 304) {
                    LOG.warn("control panel answered {} to the routes request; keeping the current routes", response.statusCode());
                    pause(Options.RETRY);
                }
            } catch (IOException e) {
                if (reachable) {
                    LOG.warn("control panel {} cannot be reached ({}); serving the last known routes", options.control(), e.toString());
                    reachable = false;
                }
                pause(Options.RETRY);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("route update failed: {}; keeping the current routes", e.toString());
                pause(Options.RETRY);
            }
        }
    }

    private void apply(Published published, boolean persist) throws IOException {
        if (!published.routes().baseDomain().equals(table.baseDomain())) {
            LOG.warn("the control panel's base domain is {} but this router's is {}; generated hosts will not match",
                    published.routes().baseDomain(), table.baseDomain());
        }
        table.replaceWith(published.routes());
        appliedTag = published.tag();
        if (persist) {
            Path tmp = options.stateFile().resolveSibling(options.stateFile().getFileName() + ".tmp");
            Files.createDirectories(options.stateFile().toAbsolutePath().getParent());
            JSON.writeValue(tmp.toFile(), published);
            Files.move(tmp, options.stateFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private void reportLoop() {
        while (!closed) {
            try {
                // The tag first, then the counts: a request routed by an older table was counted before this tag was applied.
                String tag = appliedTag;
                List<Count> counts = new ArrayList<>();
                for (Map.Entry<Upstream, Integer> e : router.inFlight().entrySet()) {
                    counts.add(new Count(e.getKey().host(), e.getKey().port(), e.getValue()));
                }
                byte[] body = JSON.writeValueAsBytes(new Report(routerId, tag, counts));
                HttpRequest request = authorized(HttpRequest.newBuilder(options.control().resolve("/api/v1/routes/reports")))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                http.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // The poller says when the panel is unreachable; nothing to add here.
            } catch (InterruptedException e) {
                return;
            }
            pause(options.reportInterval());
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        return options.token().isEmpty() ? builder : builder.header("Authorization", "Bearer " + options.token());
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (poller != null) {
            poller.interrupt();
        }
        if (reporter != null) {
            reporter.interrupt();
        }
        http.close();
    }
}
