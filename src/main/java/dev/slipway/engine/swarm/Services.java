package dev.slipway.engine.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.engine.EngineException;
import dev.slipway.engine.NoSuchContainerException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Scales services and waits for their tasks, through the raw API so that an update keeps every field of
 * the spec (docker-java's model would drop the capabilities it does not know). Every wait is bounded.
 */
final class Services {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int UPDATE_ATTEMPTS = 5;

    private final RawApi api;

    Services(RawApi api) {
        this.api = api;
    }

    /** Creates the service (with no replicas) and returns its id. */
    String createService(ServiceDefinition service, String name) {
        return api.createService(service.toJson(RawApi.JSON), "creating service " + name);
    }

    /** The service's raw object, or throws {@link NoSuchContainerException}. */
    JsonNode require(String idOrName) {
        JsonNode service = api.service(idOrName, "inspecting service " + idOrName);
        if (service == null) throw new NoSuchContainerException(idOrName);
        return service;
    }

    /** The service's raw object, or null. */
    JsonNode find(String idOrName) {
        return api.service(idOrName, "inspecting service " + idOrName);
    }

    List<SwarmTask> tasks(String serviceId) {
        return api.tasks(serviceId, "listing the tasks of service " + serviceId).stream().map(SwarmTask::of).toList();
    }

    static int replicas(JsonNode service) {
        return service.path("Spec").path("Mode").path("Replicated").path("Replicas").asInt(0);
    }

    /**
     * Sets the replica count; {@code grace} (when not null) becomes the stop grace period, and
     * {@code force} makes Swarm replace the task even when the count does not change.
     */
    void scale(String id, int replicas, Duration grace, boolean force) {
        update(id, "scaling service " + id + " to " + replicas, spec -> {
            spec.withObjectProperty("Mode").withObjectProperty("Replicated").put("Replicas", replicas);
            ObjectNode task = spec.withObjectProperty("TaskTemplate");
            if (grace != null) task.withObjectProperty("ContainerSpec").put("StopGracePeriod", grace.toNanos());
            if (force) task.put("ForceUpdate", task.path("ForceUpdate").asInt(0) + 1);
        });
    }

    /** Changes the service's spec as read, and writes it back at the version it was read at. */
    void update(String id, String doing, Consumer<ObjectNode> change) {
        for (int attempt = 1; ; attempt++) {
            JsonNode service = require(id);
            ObjectNode spec = service.path("Spec").deepCopy();
            change.accept(spec);
            try {
                api.updateService(service.path("ID").asText(), service.path("Version").path("Index").asLong(), spec, doing);
                return;
            } catch (EngineException e) {
                // Swarm changed it between our read and write (its allocator does, just after a create): read again.
                if (attempt >= UPDATE_ATTEMPTS || !e.getMessage().contains("out of sequence")) throw e;
                pause();
            }
        }
    }

    /** Waits until the newest task not in {@code before} has started (and maybe exited already). */
    SwarmTask awaitStarted(String serviceId, String name, Set<String> before, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        SwarmTask last = null;
        while (true) {
            List<SwarmTask> fresh = tasks(serviceId).stream().filter(t -> !before.contains(t.id())).toList();
            last = SwarmTask.newest(fresh).orElse(last);
            if (last != null && last.ran()) return last;
            if (last != null && last.terminal()) {
                throw new EngineException("service " + name + " did not start: its task was " + last.describe());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new EngineException("service " + name + " did not start within " + timeout.toSeconds() + " s: "
                        + (last == null ? "Swarm made no task for it" : "its task is " + last.describe()));
            }
            pause();
        }
    }

    /** Waits until every task of the service matches {@code done}; returns them. */
    List<SwarmTask> awaitAll(String serviceId, String name, Predicate<SwarmTask> done, String what, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<SwarmTask> tasks = tasks(serviceId);
            if (tasks.stream().allMatch(done)) return tasks;
            if (Instant.now().isAfter(deadline)) {
                throw new EngineException("service " + name + ": tasks not " + what + " within " + timeout.toSeconds() + " s: "
                        + tasks.stream().filter(done.negate()).map(SwarmTask::describe).collect(Collectors.joining("; ")));
            }
            pause();
        }
    }

    static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("waiting for a Swarm task: interrupted");
        }
    }
}
