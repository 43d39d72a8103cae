package dev.slipway.services;

import java.time.Duration;
import java.util.Map;

/** A backing service (postgres, storage) that an environment can require. */
public interface ServiceProvider {
    String name();

    /** Creates the environment's resources once (idempotent) and returns the variables to inject. */
    Map<String, String> provision(String project, String environment);

    /** Checks the service with the environment's own credentials; throws ServiceUnavailableException. */
    void check(String project, String environment, Duration timeout);
}
