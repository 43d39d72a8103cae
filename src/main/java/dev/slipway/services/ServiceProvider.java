package dev.slipway.services;

import java.time.Duration;

/** A backing service (postgres, storage) that an environment can require. */
public interface ServiceProvider {
    String name();

    /** True when the environment's resources exist (were provisioned and recorded). */
    boolean provisioned(String project, String environment);

    /** Creates the environment's resources once (idempotent) and returns what its containers get. */
    Provisioned provision(String project, String environment);

    /** Checks the service with the environment's own credentials; throws ServiceUnavailableException. */
    void check(String project, String environment, Duration timeout);

    /**
     * Forgets the environment's resources, and with {@code deleteData} also deletes them (database,
     * bucket, directory). Returns one sentence saying what was kept or deleted; null when nothing was provisioned.
     */
    String deprovision(String project, String environment, boolean deleteData);
}
