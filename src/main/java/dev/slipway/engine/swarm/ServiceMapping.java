package dev.slipway.engine.swarm;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import dev.slipway.engine.EngineException;
import dev.slipway.engine.Limits;
import dev.slipway.engine.Privileges;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Slipway's {@link dev.slipway.engine.ContainerSpec} as a Swarm service of one replica, created with
 * none (start scales it to one). Pure: no I/O, tested by equality of what it makes.
 * <ul>
 * <li>The restart condition is {@code none} for every service: a crashed container must stay crashed, so
 *   that inspect reports "exited with code N" and the deployment fails with the reason, as on the plain
 *   Docker engine (which never restarts either). With {@code on-failure} Swarm replaces the task and the
 *   crash is only visible in the task history.</li>
 * <li>Endpoint mode {@code dnsrr}: service VIPs need IPVS, which these kernels lack, and the router talks to
 *   tasks directly anyway. The web port is published in {@code host} mode (published port 0: the node
 *   picks one), so the router reaches a task at its node's address and that port.</li>
 * <li>Host folders exist on the manager only: a service with mounts is placed on a manager.</li>
 * <li>"host-gateway" in an extra host means the manager's address, where the control panel's services are.</li>
 * </ul>
 */
final class ServiceMapping {
    /** Service labels of Slipway's own; {@link #userLabels} strips them again. */
    static final String IMAGE_LABEL = "slipway.swarm.image";
    static final String IMAGE_ID_LABEL = "slipway.swarm.image-id";
    static final String ON_MANAGER = "node.role==manager";
    private static final String HOST_GATEWAY = "host-gateway";

    private ServiceMapping() {}

    /**
     * @param name      the service's name (a one-off without a name gets one from the caller)
     * @param image     the reference every node pulls: REGISTRY/slipway/NAME@sha256:DIGEST
     * @param imageId   the image's id on the manager, kept in a label so that removeImage knows it is in use
     * @param manager   the manager's address, for "host-gateway"
     */
    static ServiceDefinition service(dev.slipway.engine.ContainerSpec spec, String name, String image, String imageId, String manager) {
        ContainerSpec container = new ContainerSpec()
                .withImage(image)
                .withLabels(spec.labels())
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList())
                // As on the Docker engine: an init process forwards SIGTERM and reaps zombies.
                .withInit(true);
        // Args, not Command: a Slipway command replaces the image's CMD and keeps its ENTRYPOINT.
        if (spec.command() != null) container.withArgs(spec.command());
        if (!spec.extraHosts().isEmpty()) container.withHosts(spec.extraHosts().stream().map(h -> hostsEntry(h, manager)).toList());
        if (!spec.mounts().isEmpty()) {
            container.withMounts(new TreeMap<>(spec.mounts()).entrySet().stream()
                    .map(m -> new Mount().withType(MountType.BIND).withSource(m.getKey()).withTarget(m.getValue())).toList());
        }

        TaskSpec task = new TaskSpec()
                .withContainerSpec(container)
                .withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.NONE));
        if (!spec.mounts().isEmpty()) task.withPlacement(new ServicePlacement().withConstraints(List.of(ON_MANAGER)));
        if (spec.network() != null) task.withNetworks(List.of(new NetworkAttachmentConfig().withTarget(spec.network())));
        if (spec.limits() != null) task.withResources(resources(spec.limits()));

        EndpointSpec endpoint = new EndpointSpec().withMode(EndpointResolutionMode.DNSRR);
        if (spec.publishPort() != null) {
            endpoint.withPorts(List.of(new PortConfig().withProtocol(PortConfigProtocol.TCP).withTargetPort(spec.publishPort())
                    .withPublishedPort(0).withPublishMode(PortConfig.PublishMode.host)));
        }

        Map<String, String> labels = new HashMap<>(spec.labels());
        labels.put(IMAGE_LABEL, spec.image());
        labels.put(IMAGE_ID_LABEL, imageId);
        ServiceSpec service = new ServiceSpec()
                .withName(name)
                .withLabels(labels)
                .withTaskTemplate(task)
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(0)))
                .withEndpointSpec(endpoint);

        Privileges privileges = spec.privileges();
        List<String> add = privileges == null ? List.of() : privileges.capabilities().stream().map(c -> "CAP_" + c).sorted().toList();
        List<String> drop = privileges == null ? List.of() : List.of("ALL");
        Long pids = spec.limits() == null ? null : spec.limits().pids();
        return new ServiceDefinition(service, add, drop, spec.groups(), pids, privileges != null && privileges.noNewPrivileges());
    }

    private static ResourceRequirements resources(Limits limits) {
        return new ResourceRequirements().withLimits(new ResourceSpecs()
                .withMemoryBytes(limits.memoryBytes())
                .withNanoCPUs(limits.milliCpus() * 1_000_000L));
    }

    /** "name:address" (Docker's --add-host form) as Swarm's hosts-file form "address name". */
    static String hostsEntry(String extraHost, String manager) {
        int colon = extraHost.indexOf(':');
        if (colon <= 0 || colon == extraHost.length() - 1) {
            throw new EngineException("extra host '" + extraHost + "' must be NAME:ADDRESS, e.g. host.docker.internal:host-gateway");
        }
        String address = extraHost.substring(colon + 1);
        return (HOST_GATEWAY.equals(address) ? manager : address) + " " + extraHost.substring(0, colon);
    }

    /** A service's labels without Slipway's own bookkeeping. */
    static Map<String, String> userLabels(Map<String, String> serviceLabels) {
        if (serviceLabels == null) return Map.of();
        Map<String, String> labels = new HashMap<>(serviceLabels);
        labels.remove(IMAGE_LABEL);
        labels.remove(IMAGE_ID_LABEL);
        return labels;
    }

    /** The repository Slipway pushes an image to: REGISTRY/slipway/NAME, NAME from the reference the user gave. */
    static String repository(String registry, String imageRef) {
        String ref = imageRef;
        int at = ref.indexOf('@');
        if (at >= 0) ref = ref.substring(0, at);
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) ref = ref.substring(0, colon);
        // A leading registry host (it has a dot, a colon or is localhost) is not part of the name.
        int first = ref.indexOf('/');
        if (first > 0) {
            String head = ref.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost")) ref = ref.substring(first + 1);
        }
        String name = ref.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._/-]", "-");
        if (name.isBlank() || name.startsWith("sha256")) name = "image";
        return registry + "/slipway/" + name;
    }

    /** The tag of an image in the registry: the first 12 hex digits of its id. */
    static String shortId(String imageId) {
        String hex = imageId.startsWith("sha256:") ? imageId.substring(7) : imageId;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
