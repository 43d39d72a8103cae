package dev.slipway.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import dev.slipway.engine.EngineException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.slipway.engine.docker.DockerErrors.call;

/**
 * Networks as user-defined bridges: Docker lets containers on one bridge talk to each other, and its
 * isolation rules drop traffic between two bridges, so a bridge per environment keeps projects apart.
 * Each gets a /24 that {@link Subnets} picks, not one of Docker's few default /16s.
 */
final class DockerNetworks {
    private final DockerClient docker;
    private static final int MAX_ATTEMPTS = 8;
    private final Object lock = new Object();

    DockerNetworks(DockerClient docker) {
        this.docker = docker;
    }

    void ensure(String name, Map<String, String> labels) {
        // The lock covers callers in this process; checkDuplicate covers the daemon's side.
        synchronized (lock) {
            if (exists(name)) return;
            List<Subnets.Cidr> taken = new ArrayList<>(subnetsInUse());
            // Another engine client may take the subnet first: then the next one, a few times.
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Subnets.Cidr subnet = Subnets.free(taken).orElseThrow(() -> new EngineException("creating network " + name
                        + ": every /24 of " + Subnets.POOL + " is taken; remove unused networks (docker network ls)"));
                try {
                    DockerErrors.run("creating network " + name + " on " + subnet, () -> docker.createNetworkCmd()
                            .withName(name).withDriver("bridge").withLabels(labels).withCheckDuplicate(true)
                            .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet.toString())))
                            .exec());
                    return;
                } catch (EngineException e) {
                    if (e.getCause() instanceof ConflictException && exists(name)) return;
                    if (!e.getMessage().contains("overlaps")) throw e;
                    taken.add(subnet);
                }
            }
            throw new EngineException("creating network " + name + ": no free subnet after " + MAX_ATTEMPTS + " attempts");
        }
    }

    List<Subnets.Cidr> subnetsInUse() {
        List<Subnets.Cidr> taken = new ArrayList<>();
        for (Network network : call("listing networks", () -> docker.listNetworksCmd().exec())) {
            if (network.getIpam() == null || network.getIpam().getConfig() == null) continue;
            for (Network.Ipam.Config config : network.getIpam().getConfig()) {
                Subnets.Cidr cidr = Subnets.parse(config.getSubnet());
                if (cidr != null) taken.add(cidr);
            }
        }
        return taken;
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
