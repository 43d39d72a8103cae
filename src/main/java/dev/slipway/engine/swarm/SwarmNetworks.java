package dev.slipway.engine.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import dev.slipway.engine.EngineException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Networks as attachable overlays: tasks on any node join them, and one overlay's containers do not
 * reach another's. Swarm accepts two networks of one name, so creation is guarded by a lock and a look
 * before the create.
 */
final class SwarmNetworks {
    private final DockerClient docker;
    private static final Duration GONE_TIMEOUT = Duration.ofSeconds(10);
    private final Object lock = new Object();

    SwarmNetworks(DockerClient docker) {
        this.docker = docker;
    }

    void ensure(String name, Map<String, String> labels) {
        synchronized (lock) {
            if (exists(name)) return;
            try {
                docker.createNetworkCmd().withName(name).withDriver("overlay").withAttachable(true).withLabels(labels)
                        .withCheckDuplicate(true).exec();
            } catch (RuntimeException e) {
                if (exists(name)) return;
                throw new EngineException("creating overlay network " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Removes the overlay and waits until the manager no longer lists it: Swarm deletes it a moment after
     * the request answers, and a second request meanwhile says "not found" with status 500.
     */
    boolean remove(String name) {
        try {
            docker.removeNetworkCmd(name).exec();
        } catch (NotFoundException e) {
            return true;
        } catch (DockerException e) {
            // "network … is in use by task/service …", or "has active endpoints" on the manager.
            String message = String.valueOf(e.getMessage());
            if (message.contains("in use") || message.contains("active endpoints")) return false;
            if (!message.contains("not found")) throw new EngineException("removing network " + name + ": " + message, e);
        }
        Instant deadline = Instant.now().plus(GONE_TIMEOUT);
        while (exists(name)) {
            if (Instant.now().isAfter(deadline)) {
                throw new EngineException("removing network " + name + ": still listed " + GONE_TIMEOUT.toSeconds() + " s after its removal");
            }
            Services.pause();
        }
        return true;
    }

    List<String> list(Map<String, String> labels) {
        List<String> filter = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        List<Network> found = labels.isEmpty() ? docker.listNetworksCmd().exec() : docker.listNetworksCmd().withFilter("label", filter).exec();
        return found.stream().filter(n -> "swarm".equals(n.getScope())).map(Network::getName).sorted().toList();
    }

    private boolean exists(String name) {
        // The name filter matches substrings, hence the exact comparison.
        return docker.listNetworksCmd().withNameFilter(name).exec().stream().anyMatch(n -> name.equals(n.getName()));
    }
}
