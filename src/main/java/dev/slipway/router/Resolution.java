package dev.slipway.router;

import java.util.List;

/** What a Host header resolves to; each case maps to one kind of answer. */
public sealed interface Resolution {

    /** No environment answers at this host: 404. */
    record UnknownHost(String host) implements Resolution {}

    /** The environment is declared but has no upstream yet (or any more): 503. */
    record NoUpstream(String project, String environment) implements Resolution {}

    /** Send the request to {@code upstream}, chosen round-robin from {@code set}, the environment's upstreams at that moment. */
    record Routed(String project, String environment, Upstream upstream, List<Upstream> set) implements Resolution {}
}
