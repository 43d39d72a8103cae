package dev.slipway.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Environment variables and the credentials of provisioned services, encrypted at rest. Only the
 * deployment (to inject them) and the service providers read values; everyone else sees names.
 */
public interface SecretStore {

    record VariableName(String name, Instant updatedAt) {}

    /** Sets every variable in one transaction (insert or replace). */
    void setVariables(String project, String environment, Map<String, String> variables);

    /** Removes the named variables in one transaction; returns the names that did not exist. */
    List<String> unsetVariables(String project, String environment, List<String> names);

    /** Names only, sorted. */
    List<VariableName> variableNames(String project, String environment);

    /** Decrypted values, for injection into the environment's containers. */
    Map<String, String> variables(String project, String environment);

    /** What provisioning recorded for the service, decrypted. */
    Optional<Map<String, String>> resource(String project, String environment, String service);

    /**
     * Records what provisioning created, unless a record exists already; returns the record that is
     * stored now (the existing one when another thread won), so concurrent callers agree.
     */
    Map<String, String> saveResourceIfAbsent(String project, String environment, String service, Map<String, String> data);

    void deleteResource(String project, String environment, String service);
}
