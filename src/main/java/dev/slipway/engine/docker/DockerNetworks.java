package dev.slipway.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import dev.slipway.engine.EngineException;

import java.util.List;
import java.util.Map;

import static dev.slipway.engine.docker.DockerErrors.call;

/**
 * Networks as user-defined bridges: Docker lets containers on one bridge talk to each other, and its
 * isolation rules drop traffic between two bridges, so a bridge per environment keeps projects apart.
 */
final class DockerNetworks {
    private final DockerClient docker;
    private final Object lock = new Object();

    DockerNetworks(DockerClient docker) {
        this.docker = docker;
    }

    void ensure(String name, Map<String, String> labels) {
        String doing = "creating network " + name;
        // The lock covers callers in this process; checkDuplicate covers the daemon's side.
        synchronized (lock) {
            if (exists(name)) return;
            try {
                DockerErrors.run(doing, () -> docker.createNetworkCmd()
                        .withName(name).withDriver("bridge").withLabels(labels).withCheckDuplicate(true).exec());
            } catch (EngineException e) {
                if (e.getCause() instanceof ConflictException && exists(name)) return;
                throw e;
            }
        }
    }

    boolean remove(String name) {
        try {
            DockerErrors.run("removing network " + name, () -> docker.removeNetworkCmd(name).exec());
            return true;
        } catch (EngineException e) {
            if (e.getCause() instanceof NotFoundException) return true;
            // 403 "has active endpoints": a container still uses it.
            if (e.getMessage().contains("active endpoints")) return false;
            throw e;
        }
    }

    List<String> list(Map<String, String> labels) {
        List<String> filter = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        List<Network> found = call("listing networks with labels " + labels, () -> labels.isEmpty()
                ? docker.listNetworksCmd().exec()
                : docker.listNetworksCmd().withFilter("label", filter).exec());
        return found.stream().map(Network::getName).sorted().toList();
    }

    private boolean exists(String name) {
        // The name filter matches substrings, hence the exact comparison.
        return call("looking up network " + name, () -> docker.listNetworksCmd().withNameFilter(name).exec())
                .stream().anyMatch(n -> name.equals(n.getName()));
    }
}
