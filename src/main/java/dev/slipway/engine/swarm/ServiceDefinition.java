package dev.slipway.engine.swarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.ServiceSpec;

import java.util.List;

/**
 * A service to create: docker-java's {@link ServiceSpec} plus the fields of Engine API 1.41 that
 * docker-java 3.5 does not model (capabilities, supplementary groups as a list, the pids limit), which
 * {@link #toJson} writes into the request body. Empty lists and a null pids limit leave the engine's defaults.
 * {@code noNewPrivileges} is sent as Privileges.NoNewPrivileges, a field of later Engine API versions:
 * Docker 20.10 (API 1.41) ignores it, so there a task's processes can still gain privileges through
 * setuid binaries.
 */
record ServiceDefinition(ServiceSpec spec, List<String> capabilityAdd, List<String> capabilityDrop, List<String> groups, Long pidsLimit,
                         boolean noNewPrivileges) {
    ServiceDefinition {
        capabilityAdd = List.copyOf(capabilityAdd);
        capabilityDrop = List.copyOf(capabilityDrop);
        groups = List.copyOf(groups);
    }

    /** The body of POST /services/create. */
    ObjectNode toJson(ObjectMapper json) {
        ObjectNode body = json.valueToTree(spec);
        ObjectNode container = (ObjectNode) body.path("TaskTemplate").path("ContainerSpec");
        putList(container, "CapabilityAdd", capabilityAdd);
        putList(container, "CapabilityDrop", capabilityDrop);
        putList(container, "Groups", groups);
        if (pidsLimit != null) {
            ObjectNode task = (ObjectNode) body.path("TaskTemplate");
            ObjectNode resources = task.has("Resources") ? (ObjectNode) task.get("Resources") : task.putObject("Resources");
            ObjectNode limits = resources.has("Limits") ? (ObjectNode) resources.get("Limits") : resources.putObject("Limits");
            limits.put("Pids", pidsLimit);
        }
        if (noNewPrivileges) container.withObjectProperty("Privileges").put("NoNewPrivileges", true);
        return body;
    }

    private static void putList(ObjectNode node, String field, List<String> values) {
        if (values.isEmpty()) return;
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }
}
