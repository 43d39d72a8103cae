package dev.slipway.engine.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import dev.slipway.engine.ContainerSpec;
import dev.slipway.engine.ContainerState;
import dev.slipway.engine.Limits;
import dev.slipway.engine.Privileges;
import dev.slipway.engine.WebAddress;

import java.util.List;
import java.util.Map;

/** Translates between Slipway's records and docker-java's models, in both directions. */
final class ContainerMapping {
    // Web containers are reached by the router on this host only, never from outside (DESIGN §5).
    static final String LOOPBACK = "127.0.0.1";

    private ContainerMapping() {}

    static CreateContainerCmd apply(ContainerSpec spec, CreateContainerCmd cmd) {
        if (spec.name() != null) cmd.withName(spec.name());
        if (spec.command() != null) cmd.withCmd(spec.command());
        cmd.withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList());
        cmd.withLabels(spec.labels());

        HostConfig host = HostConfig.newHostConfig()
                .withRestartPolicy(RestartPolicy.noRestart())
                // An init process as PID 1 forwards SIGTERM and reaps zombies, so `sh -c` commands and
                // servers without signal handlers stop at once instead of after the kill timeout.
                .withInit(true)
                .withExtraHosts(spec.extraHosts().toArray(String[]::new))
                .withBinds(spec.mounts().entrySet().stream()
                        .map(m -> new Bind(m.getKey(), new Volume(m.getValue())))
                        .toList());
        if (!spec.groups().isEmpty()) host.withGroupAdd(spec.groups());
        if (spec.network() != null) host.withNetworkMode(spec.network());
        if (spec.limits() != null) limit(host, spec.limits());
        if (spec.privileges() != null) confine(host, spec.privileges());
        if (spec.publishPort() != null) {
            ExposedPort port = ExposedPort.tcp(spec.publishPort());
            cmd.withExposedPorts(port);
            // bindIp without a host port lets the daemon choose a free one.
            host.withPortBindings(new PortBinding(Ports.Binding.bindIp(LOOPBACK), port));
        }
        return cmd.withHostConfig(host);
    }

    private static void limit(HostConfig host, Limits limits) {
        host.withMemory(limits.memoryBytes())
                // Swap equal to memory means no swap on top: the container is killed at its limit.
                .withMemorySwap(limits.memoryBytes())
                .withNanoCPUs(limits.milliCpus() * 1_000_000L)
                .withPidsLimit(limits.pids());
    }

    private static void confine(HostConfig host, Privileges privileges) {
        host.withCapDrop(Capability.ALL)
                .withCapAdd(privileges.capabilities().stream().map(Capability::valueOf).toArray(Capability[]::new));
        if (privileges.noNewPrivileges()) host.withSecurityOpts(List.of("no-new-privileges:true"));
    }

    static ContainerState state(InspectContainerResponse r, WebReach reach) {
        InspectContainerResponse.ContainerState s = r.getState();
        boolean running = Boolean.TRUE.equals(s.getRunning());
        // A container that never ran has no exit code worth reporting.
        boolean neverRan = "created".equals(s.getStatus());
        Integer exitCode = running || neverRan || s.getExitCodeLong() == null ? null : s.getExitCodeLong().intValue();
        Map<String, String> labels = r.getConfig() == null || r.getConfig().getLabels() == null
                ? Map.of() : r.getConfig().getLabels();
        String image = r.getConfig() == null ? r.getImageId() : r.getConfig().getImage();
        return new ContainerState(r.getId(), stripSlash(r.getName()), image, running, exitCode,
                Boolean.TRUE.equals(s.getOOMKilled()), running ? web(r, reach) : null, labels);
    }

    /** The published port as {@code reach} says to reach it; the loopback port when the container has no address. */
    private static WebAddress web(InspectContainerResponse r, WebReach reach) {
        if (r.getNetworkSettings() == null || r.getNetworkSettings().getPorts() == null) return null;
        for (Map.Entry<ExposedPort, Ports.Binding[]> published : r.getNetworkSettings().getPorts().getBindings().entrySet()) {
            if (published.getValue() == null) continue;
            for (Ports.Binding b : List.of(published.getValue())) {
                if (!LOOPBACK.equals(b.getHostIp()) || b.getHostPortSpec() == null) continue;
                String address = reach == WebReach.NETWORK ? networkAddress(r) : null;
                return address == null ? new WebAddress(LOOPBACK, Integer.parseInt(b.getHostPortSpec()))
                        : new WebAddress(address, published.getKey().getPort());
            }
        }
        return null;
    }

    /** The container's IP address on the network it was started on (or, failing that, on any). */
    private static String networkAddress(InspectContainerResponse r) {
        Map<String, ContainerNetwork> networks = r.getNetworkSettings().getNetworks();
        if (networks == null) return null;
        String mode = r.getHostConfig() == null ? null : r.getHostConfig().getNetworkMode();
        ContainerNetwork own = networks.get("default".equals(mode) ? "bridge" : mode);
        if (own != null && own.getIpAddress() != null && !own.getIpAddress().isBlank()) return own.getIpAddress();
        return networks.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue().getIpAddress())
                .filter(ip -> ip != null && !ip.isBlank())
                .findFirst().orElse(null);
    }

    private static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }
}
