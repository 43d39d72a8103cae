package dev.slipway.router;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-environment request counts by status class, a latency histogram and an in-flight gauge.
 * Meters are created once per environment and looked up without allocating, so counting costs a
 * map lookup and a few atomic adds per request.
 */
final class RouterMetrics {

    static final String REQUESTS = "slipway.router.requests";
    static final String DURATION = "slipway.router.request.duration";
    static final String IN_FLIGHT = "slipway.router.in.flight";

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Meters>> byProject = new ConcurrentHashMap<>();

    RouterMetrics(MeterRegistry registry) {
        this.registry = registry == null ? new SimpleMeterRegistry() : registry;
    }

    Meters of(String project, String environment) {
        ConcurrentHashMap<String, Meters> envs = byProject.get(project);
        if (envs == null) {
            envs = byProject.computeIfAbsent(project, p -> new ConcurrentHashMap<>());
        }
        Meters meters = envs.get(environment);
        return meters != null ? meters : envs.computeIfAbsent(environment, e -> new Meters(registry, project, e));
    }

    /** The meters of one environment. */
    static final class Meters {
        private final Counter[] byClass = new Counter[5];
        private final Timer latency;
        private final AtomicInteger inFlight = new AtomicInteger();

        private Meters(MeterRegistry registry, String project, String environment) {
            for (int i = 0; i < byClass.length; i++) {
                byClass[i] = Counter.builder(REQUESTS).description("requests answered, by status class")
                        .tags("project", project, "environment", environment, "status", (i + 1) + "xx").register(registry);
            }
            // Bounded buckets: 1 ms to the default response timeout keeps the histogram small per environment.
            latency = Timer.builder(DURATION).description("time from the request's arrival to the end of its response")
                    .tags("project", project, "environment", environment)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(RouterOptions.DEFAULT_RESPONSE_TIMEOUT)
                    // Prometheus reads cumulative buckets; one buffer instead of a ring of three makes
                    // each request one bucket increment instead of three.
                    .distributionStatisticBufferLength(1)
                    .register(registry);
            Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get).description("requests and WebSocket tunnels being served")
                    .tags("project", project, "environment", environment).register(registry);
        }

        long start() {
            inFlight.incrementAndGet();
            return System.nanoTime();
        }

        /** Returns the time it ended. */
        long end(long startNanos, int status) {
            long now = System.nanoTime();
            inFlight.decrementAndGet();
            int index = status / 100 - 1;
            byClass[index < 0 || index > 4 ? 4 : index].increment();
            latency.record(now - startNanos, TimeUnit.NANOSECONDS);
            return now;
        }
    }
}
