package dev.slipway.engine.swarm;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One task of a service as the manager records it (raw: docker-java's Task has no port status).
 * {@code exitCode} is null when no container ran; {@code publishedPort} is the host-mode port the node
 * gave {@code targetPort}, or null.
 */
record SwarmTask(String id, String nodeId, Instant createdAt, String state, String desiredState, String error, String message,
                 Integer exitCode, String containerId, JsonNode ports) {
    // Swarm's task states (swarmkit api/types.proto): these never change again.
    private static final Set<String> TERMINAL = Set.of("complete", "failed", "shutdown", "rejected", "orphaned", "remove");

    static SwarmTask of(JsonNode task) {
        JsonNode status = task.path("Status");
        JsonNode container = status.path("ContainerStatus");
        String containerId = container.path("ContainerID").asText("");
        // The manager records exit code 0 for a container that never ran: only one with a container counts.
        Integer exitCode = containerId.isEmpty() || !container.has("ExitCode") ? null : container.get("ExitCode").asInt();
        return new SwarmTask(task.path("ID").asText(), task.path("NodeID").asText(""), Instant.parse(task.path("CreatedAt").asText()),
                status.path("State").asText(""), task.path("DesiredState").asText(""), status.path("Err").asText(""),
                status.path("Message").asText(""), exitCode, containerId, status.path("PortStatus").path("Ports"));
    }

    static Optional<SwarmTask> newest(List<SwarmTask> tasks) {
        return tasks.stream().max(Comparator.comparing(SwarmTask::createdAt));
    }

    /**
     * Running, and meant to: a task on a node that went down keeps the state the node last reported
     * ("running") while Swarm has already set its desired state to shutdown and, under restart
     * condition none, will not replace it. Such a task counts as stopped.
     */
    boolean running() {
        return "running".equals(state) && !givenUp();
    }

    /** Swarm wants it shut down (stop, or its node went down), whatever state the node last reported. */
    boolean givenUp() {
        return "shutdown".equals(desiredState) || "remove".equals(desiredState);
    }

    boolean terminal() {
        return TERMINAL.contains(state);
    }

    /** Its container started (it may have exited since). */
    boolean ran() {
        return "running".equals(state) || (terminal() && exitCode != null);
    }

    Integer publishedPort(int targetPort) {
        for (JsonNode port : ports) {
            if (port.path("TargetPort").asInt() == targetPort && port.path("PublishedPort").asInt() > 0) {
                return port.path("PublishedPort").asInt();
            }
        }
        return null;
    }

    /** "rejected: No such image…", "pending: no suitable node (…)". */
    String describe() {
        String why = !error.isEmpty() ? error : message;
        return state + (why.isEmpty() ? "" : ": " + why);
    }
}
