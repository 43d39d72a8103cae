package dev.slipway.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that GET one environment through the router, back to back, until stopped or until a deadline
 * (so a hung deployment cannot make the loop endless), counting every answer. An answer that is not a
 * 200 with one of the expected bodies is a lost request.
 */
public final class RouterLoad {
    /** {@code lost} holds the first few failures as "status body", enough to see what went wrong. */
    public record Result(int sent, int failed, List<String> lost, Set<String> bodies) {
        @Override
        public String toString() {
            return sent + " requests, " + failed + " failed" + (lost.isEmpty() ? "" : " (first: " + lost + ")");
        }
    }

    private static final int KEPT_FAILURES = 5;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<String> lost = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> bodies = ConcurrentHashMap.newKeySet();
    private final List<Thread> clients = new ArrayList<>();

    private RouterLoad() {}

    public static RouterLoad start(TestServer server, String project, String env, Set<String> expectedBodies, int clients, Duration atMost) {
        RouterLoad load = new RouterLoad();
        Instant stopAt = Instant.now().plus(atMost);
        for (int i = 0; i < clients; i++) {
            load.clients.add(Thread.ofPlatform().name("router-load-" + i).daemon().start(() -> {
                while (load.running.get() && Instant.now().isBefore(stopAt)) {
                    Http.Answer a = server.request(project, env, "/");
                    load.sent.incrementAndGet();
                    if (a.status() == 200 && expectedBodies.contains(a.body())) {
                        load.bodies.add(a.body());
                    } else {
                        load.failed.incrementAndGet();
                        if (load.lost.size() < KEPT_FAILURES) load.lost.add(a.status() + " " + a.body());
                    }
                }
            }));
        }
        return load;
    }

    public Result stop() throws InterruptedException {
        running.set(false);
        for (Thread t : clients) t.join(Duration.ofSeconds(15));
        return new Result(sent.get(), failed.get(), List.copyOf(lost), Set.copyOf(bodies));
    }
}
