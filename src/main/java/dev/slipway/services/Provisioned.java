package dev.slipway.services;

import java.util.List;
import java.util.Map;

/**
 * What an environment's containers get from a service: variables ({@code DATABASE_URL}), host
 * directories to mount (host path → container path), and the secret parts of those values, which
 * the deployment log masks.
 */
public record Provisioned(Map<String, String> variables, Map<String, String> mounts, List<String> secrets) {
    public Provisioned {
        variables = Map.copyOf(variables);
        mounts = Map.copyOf(mounts);
        secrets = List.copyOf(secrets);
    }
}
