package dev.slipway.services;

import java.util.List;
import java.util.Map;

/**
 * What an environment's containers get from a service: variables ({@code DATABASE_URL}), host
 * directories to mount (host path → container path), the secret parts of those values, which the
 * deployment log masks, and supplementary groups (ids) the containers need for those directories.
 */
public record Provisioned(Map<String, String> variables, Map<String, String> mounts, List<String> secrets, List<String> groups) {
    public Provisioned {
        variables = Map.copyOf(variables);
        mounts = Map.copyOf(mounts);
        secrets = List.copyOf(secrets);
        groups = List.copyOf(groups);
    }

    public Provisioned(Map<String, String> variables, Map<String, String> mounts, List<String> secrets) {
        this(variables, mounts, secrets, List.of());
    }
}
