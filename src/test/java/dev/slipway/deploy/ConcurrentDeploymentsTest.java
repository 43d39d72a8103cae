package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.RouterLoad;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many deployments asked for at the same moment, on the real engine, while clients keep asking an
 * environment through the router. DESIGN's rule: one deployment at a time per environment, the next
 * waits in a queue (none is dropped or superseded: docs/deploying.md), and different environments
 * deploy in parallel.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConcurrentDeploymentsTest {
    static final String PROJECT = "crowd";
    static final int SAME_ENVIRONMENT = 20;
    static final int ENVIRONMENTS = 10;
    static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir static Path tmp;
    static TestServer server;
    static ContainerEngine engine;
    static TestRepo repo;

    @BeforeAll
    static void deployVersionZero() {
        engine = DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
        repo = TestRepo.create(tmp.resolve("repo"));
        server.createProject(PROJECT, repo.url());
        repo.commit("v0", Apps.webOnly("0"));
        JsonNode first = server.deployAndAwait(PROJECT, "test", null);
        assertThat(first.get("deployment").get("status").asText()).as(server.log(first.get("deployment").get("id").asLong())).isEqualTo("SUCCEEDED");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.closeAndRemoveWhatItRan();
    }

    @Test
    @Order(1)
    void twentyDeploymentsOfOneEnvironmentAskedAtOnceRunOneAtATimeInTheOrderAccepted() throws Exception {
        List<String> commits = new ArrayList<>();
        Set<String> bodies = new HashSet<>(Set.of(body("0")));
        for (int i = 0; i < SAME_ENVIRONMENT; i++) {
            commits.add(repo.commit("q" + i, Apps.webOnly("q" + i)));
            bodies.add(body("q" + i));
        }
        RouterLoad load = RouterLoad.start(server, PROJECT, "test", bodies, 2, DEADLINE);
        TestServer.sleep(300);
        long started = System.nanoTime();
        List<Long> ids = atOnce(SAME_ENVIRONMENT, i -> () -> server.deploy(PROJECT, "test", commits.get(i)));
        List<JsonNode> views = awaitAll(ids);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        TestServer.sleep(300);
        String serving = server.request(PROJECT, "test", "/").body();
        RouterLoad.Result result = load.stop();

        List<Span> spans = views.stream().map(Span::of).sorted(Comparator.comparingLong(Span::id)).toList();
        int overlaps = 0;
        int outOfOrder = 0;
        for (int a = 0; a < spans.size(); a++) {
            for (int b = a + 1; b < spans.size(); b++) {
                if (spans.get(a).overlaps(spans.get(b))) overlaps++;
                if (spans.get(b).start().isBefore(spans.get(a).start())) outOfOrder++;
            }
        }
        long succeeded = views.stream().filter(v -> status(v).equals("SUCCEEDED")).count();
        Span last = spans.getLast();
        Aftermath.reportCounts(SAME_ENVIRONMENT + " deployments of one environment asked at once", result,
                "%d recorded, %d distinct ids, %d succeeded, %d overlapping pairs, %d pairs out of order, serving the last accepted: %s"
                        .formatted(views.size(), new HashSet<>(ids).size(), succeeded, overlaps, outOfOrder, serving.equals(body("q" + commits.indexOf(last.commit())))),
                took);
        System.out.println("FAULT " + SAME_ENVIRONMENT + " deployments of one environment asked at once | mean step times: " + meanStepTimes(views));

        assertThat(new HashSet<>(ids)).as("distinct deployment ids").hasSize(SAME_ENVIRONMENT);
        assertThat(listed("test")).as("deployments the API lists").containsAll(ids);
        for (int i = 0; i < SAME_ENVIRONMENT; i++) {
            JsonNode d = views.get(i).get("deployment");
            assertThat(d.get("status").asText()).as(server.log(ids.get(i))).isEqualTo("SUCCEEDED");
            assertThat(d.get("commit").asText()).as("commit of deployment " + ids.get(i)).isEqualTo(commits.get(i));
        }
        assertThat(overlaps).as("pairs of deployments whose steps ran at the same time: " + spans).isZero();
        assertThat(outOfOrder).as("deployments that started before one accepted earlier: " + spans).isZero();
        assertThat(serving).as("the environment serves the deployment accepted last").isEqualTo(body("q" + commits.indexOf(last.commit())));
        assertThat(result.failed()).as(result.toString()).isZero();
        assertThat(result.sent()).isGreaterThan(20);
    }

    @Test
    @Order(2)
    void tenEnvironmentsDeployInParallelAndEachServesItsOwnCommit() throws Exception {
        String alone = repo.commit("alone", Apps.webOnly("alone"));
        long aloneStarted = System.nanoTime();
        JsonNode single = server.await(server.deploy(PROJECT, "live", alone), DEADLINE);
        Duration aloneTook = Duration.ofNanos(System.nanoTime() - aloneStarted);
        assertThat(status(single)).as(server.log(single.get("deployment").get("id").asLong())).isEqualTo("SUCCEEDED");

        List<String> commits = new ArrayList<>();
        for (int i = 0; i < ENVIRONMENTS; i++) {
            TestServer.Answer created = server.call("POST", "/api/v1/projects/" + PROJECT + "/environments", Map.of("name", env(i), "branch", "main"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            commits.add(repo.commit("p" + i, Apps.webOnly("p" + i)));
        }
        RouterLoad load = RouterLoad.start(server, PROJECT, "live", Set.of(body("alone")), 2, DEADLINE);
        TestServer.sleep(300);
        long started = System.nanoTime();
        List<Long> ids = atOnce(ENVIRONMENTS, i -> () -> server.deploy(PROJECT, env(i), commits.get(i)));
        List<JsonNode> views = awaitAll(ids);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        TestServer.sleep(300);
        RouterLoad.Result result = load.stop();

        long succeeded = views.stream().filter(v -> status(v).equals("SUCCEEDED")).count();
        int servingOwn = 0;
        for (int i = 0; i < ENVIRONMENTS; i++) {
            if (server.request(PROJECT, env(i), "/").body().equals(body("p" + i))) servingOwn++;
        }
        double ratio = (double) took.toMillis() / aloneTook.toMillis();
        int peak = peakRunning(views.stream().map(Span::of).toList());
        Aftermath.reportCounts(ENVIRONMENTS + " environments of one project deployed at once (load on live)", result,
                "%d succeeded, %d serve their own commit, %d running at once at the peak, %.1f s for all vs %.1f s for one alone: %.1fx"
                        .formatted(succeeded, servingOwn, peak, took.toMillis() / 1000.0, aloneTook.toMillis() / 1000.0, ratio),
                took);

        for (int i = 0; i < ENVIRONMENTS; i++) {
            assertThat(status(views.get(i))).as(server.log(ids.get(i))).isEqualTo("SUCCEEDED");
            assertThat(server.request(PROJECT, env(i), "/").body()).as(env(i) + " serves its own commit").isEqualTo(body("p" + i));
        }
        // In parallel, not one after another: every one had started before the first ended. (The wall-time
        // ratio is reported, not held to a bound: on a shared two-core machine it says more about the neighbours.)
        assertThat(peak).as("deployments running at the same moment").isEqualTo(ENVIRONMENTS);
        assertThat(result.failed()).as(result.toString()).isZero();
        assertThat(result.sent()).isGreaterThan(20);
    }

    @Test
    @Order(3)
    void tenDeploymentsAskedAtOnceWithoutQueueingOneRunsTheOthersAreRefused() throws Exception {
        String commit = repo.commit("nq", Apps.webOnly("nq"));
        List<Long> before = listed("test");
        String servingBefore = server.request(PROJECT, "test", "/").body();
        RouterLoad load = RouterLoad.start(server, PROJECT, "test", Set.of(servingBefore, body("nq")), 2, DEADLINE);
        TestServer.sleep(300);
        long started = System.nanoTime();
        List<TestServer.Answer> answers = atOnce(ENVIRONMENTS, i -> () -> server.call("POST",
                "/api/v1/projects/" + PROJECT + "/environments/test/deployments", Map.of("ref", commit, "no_queue", true)));
        List<TestServer.Answer> accepted = answers.stream().filter(a -> a.status() == 202).toList();
        List<TestServer.Answer> refused = answers.stream().filter(a -> a.status() == 409).toList();
        JsonNode ran = accepted.size() == 1 ? server.await(accepted.getFirst().json().get("id").asLong(), DEADLINE) : null;
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        TestServer.sleep(300);
        RouterLoad.Result result = load.stop();
        List<Long> after = listed("test");
        Aftermath.reportCounts(ENVIRONMENTS + " deployments of one environment asked at once without queueing", result,
                "%d accepted, %d refused with 409, %d other answers, %d recorded; the accepted one %s"
                        .formatted(accepted.size(), refused.size(), answers.size() - accepted.size() - refused.size(), after.size() - before.size(),
                                ran == null ? "-" : status(ran)),
                took);

        assertThat(accepted).as("accepted: " + answers).hasSize(1);
        assertThat(refused).as("refused: " + answers).hasSize(ENVIRONMENTS - 1);
        assertThat(refused).allSatisfy(a -> assertThat(a.body()).contains(PROJECT + "/test is already deploying"));
        assertThat(after.size() - before.size()).as("deployments recorded").isEqualTo(1);
        assertThat(status(ran)).as(server.log(ran.get("deployment").get("id").asLong())).isEqualTo("SUCCEEDED");
        assertThat(server.request(PROJECT, "test", "/").body()).isEqualTo(body("nq"));
        assertThat(result.failed()).as(result.toString()).isZero();
    }

    /** The most deployments whose steps were running at one moment (some deployment's start). */
    private static int peakRunning(List<Span> spans) {
        int peak = 0;
        for (Span at : spans) {
            int running = (int) spans.stream().filter(s -> !s.start().isAfter(at.start()) && s.end().isAfter(at.start())).count();
            peak = Math.max(peak, running);
        }
        return peak;
    }

    /** Each step's mean time over the deployments, in the order they ran: where a deployment's seconds go. */
    private static String meanStepTimes(List<JsonNode> views) {
        Map<String, long[]> sums = new java.util.LinkedHashMap<>();
        for (JsonNode view : views) {
            for (JsonNode s : view.get("steps")) {
                long ms = Duration.between(Instant.parse(s.get("started_at").asText()), Instant.parse(s.get("finished_at").asText())).toMillis();
                long[] sum = sums.computeIfAbsent(s.get("name").asText(), k -> new long[2]);
                sum[0] += ms;
                sum[1]++;
            }
        }
        StringBuilder out = new StringBuilder();
        sums.forEach((name, sum) -> out.append(out.isEmpty() ? "" : ", ").append(name).append(' ').append(sum[0] / sum[1]).append(" ms"));
        return out.toString();
    }

    /** A deployment's time on the engine: from its first step's start to its last step's end, as the API shows them. */
    record Span(long id, String commit, Instant start, Instant end) {
        static Span of(JsonNode view) {
            JsonNode steps = view.get("steps");
            Instant start = Instant.MAX;
            Instant end = Instant.MIN;
            for (JsonNode s : steps) {
                Instant from = Instant.parse(s.get("started_at").asText());
                Instant to = Instant.parse(s.get("finished_at").asText());
                if (from.isBefore(start)) start = from;
                if (to.isAfter(end)) end = to;
            }
            JsonNode d = view.get("deployment");
            return new Span(d.get("id").asLong(), d.get("commit").asText(), start, end);
        }

        boolean overlaps(Span other) {
            return start.isBefore(other.end) && other.start.isBefore(end);
        }

        @Override
        public String toString() {
            return id + ": " + start + " .. " + end;
        }
    }

    /** Starts {@code count} calls released at the same moment by a latch, and returns what each returned, in call order. */
    private static <T> List<T> atOnce(int count, IntFunction<Callable<T>> call) throws Exception {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<T> c = call.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return c.call();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).as("callers ready").isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get(1, TimeUnit.MINUTES));
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<JsonNode> awaitAll(List<Long> ids) {
        Instant deadline = Instant.now().plus(DEADLINE);
        List<JsonNode> views = new ArrayList<>();
        for (long id : ids) {
            Duration left = Duration.between(Instant.now(), deadline);
            views.add(server.await(id, left.isNegative() ? Duration.ZERO : left));
        }
        return views;
    }

    private static List<Long> listed(String env) {
        List<Long> ids = new ArrayList<>();
        server.call("GET", "/api/v1/projects/" + PROJECT + "/deployments?environment=" + env + "&limit=100", null).json()
                .forEach(d -> ids.add(d.get("id").asLong()));
        return ids;
    }

    private static String status(JsonNode view) {
        return view.get("deployment").get("status").asText();
    }

    private static String env(int i) {
        return "p" + i;
    }

    private static String body(String version) {
        return "version " + version + "\n";
    }
}
