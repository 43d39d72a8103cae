package dev.slipway.engine.docker;

import com.github.dockerjava.api.DockerClient;

import java.util.List;

/** What the network picker counts as taken on an engine, for tests outside this package (the swarm cluster's). */
public final class SubnetsInUse {
    private SubnetsInUse() {}

    public static List<String> on(DockerClient docker) {
        return new DockerNetworks(docker).subnetsInUse().stream().map(Subnets.Cidr::toString).toList();
    }
}
