package dev.slipway.deploy;

import java.util.Map;

/** The environment's own variables (secrets included), decrypted, for injection into its containers. */
@FunctionalInterface
public interface EnvironmentVariables {
    EnvironmentVariables NONE = (project, environment) -> Map.of();

    Map<String, String> of(String project, String environment);
}
