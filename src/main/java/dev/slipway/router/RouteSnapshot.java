package dev.slipway.router;

import java.util.List;

/**
 * A route table at one version, as the control panel serves it to standalone routers and as they keep
 * it on disk: every environment with its upstreams and custom hosts.
 */
public record RouteSnapshot(String baseDomain, long version, List<Entry> environments) {

    public RouteSnapshot {
        environments = List.copyOf(environments);
    }

    public record Entry(String project, String environment, List<Upstream> upstreams, List<String> hosts) {
        public Entry {
            upstreams = List.copyOf(upstreams);
            hosts = List.copyOf(hosts);
        }
    }
}
