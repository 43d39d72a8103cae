package dev.slipway.engine;

import java.util.List;
import java.util.Map;

/**
 * A container to create. {@code command} null keeps the image's CMD, otherwise it runs as given
 * (callers pass {@code ["/bin/sh", "-c", "…"]}). {@code publishPort}, when not null, is the container
 * port published on 127.0.0.1 at a random host port. {@code extraHosts} are "name:address" entries
 * ("host.docker.internal:host-gateway"). {@code mounts} maps host paths to container paths.
 * {@code network}, when not null, is an isolated network made by {@link ContainerEngine#ensureNetwork}.
 * {@code limits} and {@code privileges}, when null, are the engine's own defaults (unlimited, its usual
 * capabilities).
 * {@code groups} are supplementary groups (names or ids) of the container's user, e.g. for a mount's group.
 */
public record ContainerSpec(
        String name,
        String image,
        List<String> command,
        Map<String, String> env,
        Map<String, String> labels,
        Integer publishPort,
        String network,
        List<String> extraHosts,
        Map<String, String> mounts,
        Limits limits,
        Privileges privileges,
        List<String> groups) {

    public ContainerSpec {
        command = command == null ? null : List.copyOf(command);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        extraHosts = List.copyOf(extraHosts);
        mounts = Map.copyOf(mounts);
        groups = List.copyOf(groups);
    }

    public ContainerSpec(String name, String image, List<String> command, Map<String, String> env, Map<String, String> labels,
            Integer publishPort, String network, List<String> extraHosts, Map<String, String> mounts, Limits limits, Privileges privileges) {
        this(name, image, command, env, labels, publishPort, network, extraHosts, mounts, limits, privileges, List.of());
    }

    public ContainerSpec(String name, String image, List<String> command, Map<String, String> env, Map<String, String> labels,
            Integer publishPort, String network, List<String> extraHosts, Map<String, String> mounts) {
        this(name, image, command, env, labels, publishPort, network, extraHosts, mounts, null, null, List.of());
    }

    public static ContainerSpec of(String name, String image) {
        return new ContainerSpec(name, image, null, Map.of(), Map.of(), null, null, List.of(), Map.of(), null, null, List.of());
    }

    public ContainerSpec withCommand(List<String> newCommand) {
        return new ContainerSpec(name, image, newCommand, env, labels, publishPort, network, extraHosts, mounts, limits, privileges, groups);
    }

    public ContainerSpec withEnv(Map<String, String> newEnv) {
        return new ContainerSpec(name, image, command, newEnv, labels, publishPort, network, extraHosts, mounts, limits, privileges, groups);
    }

    public ContainerSpec withLabels(Map<String, String> newLabels) {
        return new ContainerSpec(name, image, command, env, newLabels, publishPort, network, extraHosts, mounts, limits, privileges, groups);
    }

    public ContainerSpec withPublishPort(Integer port) {
        return new ContainerSpec(name, image, command, env, labels, port, network, extraHosts, mounts, limits, privileges, groups);
    }

    public ContainerSpec withExtraHosts(List<String> hosts) {
        return new ContainerSpec(name, image, command, env, labels, publishPort, network, hosts, mounts, limits, privileges, groups);
    }

    public ContainerSpec withMounts(Map<String, String> newMounts) {
        return new ContainerSpec(name, image, command, env, labels, publishPort, network, extraHosts, newMounts, limits, privileges, groups);
    }

    public ContainerSpec withNetwork(String newNetwork) {
        return new ContainerSpec(name, image, command, env, labels, publishPort, newNetwork, extraHosts, mounts, limits, privileges, groups);
    }

    public ContainerSpec withLimits(Limits newLimits) {
        return new ContainerSpec(name, image, command, env, labels, publishPort, network, extraHosts, mounts, newLimits, privileges, groups);
    }

    public ContainerSpec withPrivileges(Privileges newPrivileges) {
        return new ContainerSpec(name, image, command, env, labels, publishPort, network, extraHosts, mounts, limits, newPrivileges, groups);
    }

    public ContainerSpec withGroups(List<String> newGroups) {
        return new ContainerSpec(name, image, command, env, labels, publishPort, network, extraHosts, mounts, limits, privileges, newGroups);
    }
}
