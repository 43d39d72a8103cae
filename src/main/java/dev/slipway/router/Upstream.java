package dev.slipway.router;

/** One web container as the router reaches it. */
public record Upstream(String host, int port) {
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
