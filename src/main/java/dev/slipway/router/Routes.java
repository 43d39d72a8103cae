package dev.slipway.router;

import java.time.Duration;
import java.util.List;

/**
 * What the deployment needs from the router. An environment is named by its route key
 * ({@code project/env}); it answers at {@code <env>.<project>.<base-domain>} and at its custom hosts.
 */
public interface Routes {

    /** Makes the router know an environment (503 until it has upstreams). Idempotent. */
    void declare(String project, String environment);

    /** Forgets an environment (404 afterwards). */
    void forget(String project, String environment);

    /** Atomically replaces the environment's upstream set; new requests go to {@code upstreams} at once. */
    void switchTo(String project, String environment, List<Upstream> upstreams);

    /** The environment's current upstreams (empty when it has none). */
    List<Upstream> upstreams(String project, String environment);

    /**
     * Waits until no request is in flight to any of {@code upstreams}, at most {@code timeout}.
     * Returns true when they drained, false on timeout.
     */
    boolean drain(List<Upstream> upstreams, Duration timeout);
}
